"""The vector cache under concurrency: answers and processes caching the same vectors at once."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from assistant.backends.stores import make_store_engine
from assistant.index.store import ChunkStore
from tests.registry.conftest import _fresh_schema, _require_postgres

MODEL = "race-model"
HASHES = [f"{i:064x}" for i in range(300)]


def _vectors(seed: int) -> dict[str, np.ndarray]:
    """The same 300 hashes from every writer, each with its own (equally valid) vector."""
    rng = np.random.default_rng(seed)
    return {h: rng.standard_normal(8).astype(np.float32) for h in HASHES}


def _cache_from_process(url: str, search_path: str | None, seed: int, start: object) -> None:
    options = {"options": f"-csearch_path={search_path}"} if search_path else {}
    engine = create_engine(url, connect_args=options) if search_path else make_store_engine(url)
    store = ChunkStore(engine)
    start.wait()  # type: ignore[attr-defined]
    store.cache_vectors(MODEL, _vectors(seed))
    engine.dispose()


def _race(store: ChunkStore, url: str, search_path: str | None) -> None:
    writers = 6
    errors: list[BaseException] = []
    barrier = threading.Barrier(writers)

    def thread_writer(seed: int) -> None:
        try:
            barrier.wait()
            store.cache_vectors(MODEL, _vectors(seed))
        except BaseException as exc:  # collected: the test names every failure
            errors.append(exc)

    threads = [threading.Thread(target=thread_writer, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []

    context = multiprocessing.get_context("spawn")
    start = context.Event()
    processes = [
        context.Process(target=_cache_from_process, args=(url, search_path, 100 + i, start))
        for i in range(3)
    ]
    for p in processes:
        p.start()
    start.set()
    for p in processes:
        p.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0, 0]

    cached = store.cached_vectors(MODEL, HASHES)
    assert set(cached) == set(HASHES)  # each stored once, whichever writer came first


def test_threads_and_processes_cache_the_same_vectors_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'knowledge.db'}"
    engine = make_store_engine(url)
    store = ChunkStore(engine)
    _race(store, url, None)


@pytest.fixture
def pg_engine_and_schema() -> Iterator[tuple[Engine, str]]:
    with _fresh_schema(_require_postgres()) as engine:
        options = engine.dialect.create_connect_args(engine.url)[1].get("options", "")
        yield engine, options.removeprefix("-csearch_path=")


@pytest.mark.postgres
def test_threads_and_processes_cache_the_same_vectors_on_postgres(
    pg_engine_and_schema: tuple[Engine, str],
) -> None:
    engine, schema = pg_engine_and_schema
    store = ChunkStore(engine)
    _race(store, engine.url.render_as_string(hide_password=False), schema)
