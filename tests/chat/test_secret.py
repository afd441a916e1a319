"""Chainlit's JWT secret under the data folder: made once, atomically, readable by us alone."""

from __future__ import annotations

import multiprocessing
import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from assistant.chat import secret as secret_module
from assistant.chat.secret import AUTH_SECRET_FILE, load_or_create_auth_secret
from assistant.config import prepare_chainlit_environment

LOCK = f".{AUTH_SECRET_FILE}.lock"


def test_auth_secret_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    secret = load_or_create_auth_secret(tmp_path / "data")
    path = tmp_path / "data" / AUTH_SECRET_FILE
    assert len(secret) == 64
    assert path.read_text() == secret
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_auth_secret(tmp_path / "data") == secret  # persisted: restarts agree
    leftovers = [p.name for p in path.parent.iterdir() if p.name not in (path.name, LOCK)]
    assert leftovers == []  # no temporary file is left behind


def test_the_file_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        load_or_create_auth_secret(tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / AUTH_SECRET_FILE).stat().st_mode) == 0o600


def test_the_secret_is_complete_and_private_before_it_gets_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace
    published: list[tuple[Path, Path]] = []

    def spy(source: Any, target: Any) -> None:
        source, target = Path(source), Path(target)
        assert not target.exists()  # nobody could have read a half-written secret there
        assert source.parent == target.parent  # same folder: the rename is atomic
        assert len(source.read_text()) == 64
        assert stat.S_IMODE(source.stat().st_mode) == 0o600
        published.append((source, target))
        real_replace(source, target)

    monkeypatch.setattr(secret_module.os, "replace", spy)
    secret = load_or_create_auth_secret(tmp_path)
    assert published == [(published[0][0], tmp_path / AUTH_SECRET_FILE)]
    assert (tmp_path / AUTH_SECRET_FILE).read_text() == secret


def test_a_failed_write_leaves_neither_secret_nor_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_fsync(descriptor: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(secret_module.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        load_or_create_auth_secret(tmp_path)
    assert [p.name for p in tmp_path.iterdir() if p.name != LOCK] == []


def test_an_empty_file_from_an_interrupted_older_start_is_replaced(tmp_path: Path) -> None:
    (tmp_path / AUTH_SECRET_FILE).write_text("")
    secret = load_or_create_auth_secret(tmp_path)
    assert len(secret) == 64
    assert (tmp_path / AUTH_SECRET_FILE).read_text() == secret


def _race(data_dir: Path, start: Any, results: Any) -> None:
    start.wait()
    results.put(load_or_create_auth_secret(data_dir))


@pytest.mark.parametrize("round_", range(5))
def test_workers_starting_together_agree_and_a_reader_never_sees_a_partial_file(
    tmp_path: Path, round_: int
) -> None:
    workers = 6
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(workers + 1), context.Queue()
    path = tmp_path / AUTH_SECRET_FILE
    seen: set[str] = set()
    done = threading.Event()

    def read_continuously() -> None:
        while not done.is_set():
            try:
                seen.add(path.read_text())
            except FileNotFoundError:
                seen.add("<missing>")

    reader = threading.Thread(target=read_continuously)
    processes = [
        context.Process(target=_race, args=(tmp_path, start, results)) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    reader.start()
    start.wait()
    secrets = {results.get(timeout=30) for _ in processes}
    for process in processes:
        process.join(timeout=30)
    done.set()
    reader.join()

    assert len(secrets) == 1, "all workers use one secret"
    (secret,) = secrets
    assert len(secret) == 64
    assert seen <= {"<missing>", secret}, "a reader saw a partial or second secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# Handing the secret to Chainlit (assistant.config.prepare_chainlit_environment) -------------


def test_the_secret_is_handed_to_chainlit_and_the_operators_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # setenv first so monkeypatch restores the variable that prepare_chainlit_environment sets.
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "placeholder")
    monkeypatch.delenv("CHAINLIT_AUTH_SECRET")
    prepare_chainlit_environment(lambda: load_or_create_auth_secret(tmp_path / "data"))
    assert os.environ["CHAINLIT_AUTH_SECRET"] == (tmp_path / "data" / AUTH_SECRET_FILE).read_text()

    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "from-the-environment")
    prepare_chainlit_environment(lambda: load_or_create_auth_secret(tmp_path / "other"))
    assert os.environ["CHAINLIT_AUTH_SECRET"] == "from-the-environment"
    assert not (tmp_path / "other").exists()  # the operator's secret: no file is made

    monkeypatch.delenv("CHAINLIT_AUTH_SECRET")
    prepare_chainlit_environment()  # sign-in off: no secret is needed or made
    assert "CHAINLIT_AUTH_SECRET" not in os.environ
