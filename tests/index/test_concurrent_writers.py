"""Several processes and threads on one knowledge index: who owns the Chroma files, private
copies that never mark the shared revision, and keyword-index saves that race."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.backends.stores import chroma_is_shared, claim_chroma_files, make_chroma_client
from assistant.config import Settings
from assistant.index.access import Viewer
from assistant.index.chunks import Chunk
from assistant.index.keyword import KeywordIndex
from assistant.services import Services, build_services
from tests.servers import REPO

# These tests read arena-wide documents, which every reader sees.
ANYONE = Viewer.anonymous()

TILLIT = "# Tillit\n\nPartnerne deler åpent hvilke interesser de har i en sak om fjordbyen.\n"
VERKSTED = "# Verksted\n\nBrukere og ansatte utvikler løsningene sammen i verksteder.\n"


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


@contextmanager
def lock_held_elsewhere(path: Path) -> Iterator[None]:
    """Another process claims the Chroma files at `path` (as a running server would)."""
    child = subprocess.Popen(
        _python(
            f"""
            import sys
            from pathlib import Path
            from assistant.backends.stores import claim_chroma_files
            print(claim_chroma_files(Path({str(path)!r})), flush=True)
            sys.stdin.read()
            """
        ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "True"
        yield
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)


def _claim_in_child(path: Path) -> bool:
    done = subprocess.run(
        _python(
            f"""
            from pathlib import Path
            from assistant.backends.stores import claim_chroma_files
            print(claim_chroma_files(Path({str(path)!r})))
            """
        ),
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip() == "True"


def _services(settings: Settings) -> Services:
    return build_services(settings, base_embeddings=DeterministicFakeEmbedding(size=32))


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "tillit.md").write_text(TILLIT, encoding="utf-8")
    (docs / "verksted.md").write_text(VERKSTED, encoding="utf-8")
    return docs


def _ids(svc: Services, prefix: str) -> set[str]:
    return {c.id for c in svc.store.iter_chunks() if c.source.startswith(prefix)}


# Who owns the embedded Chroma files -----------------------------------------------------------


def test_one_process_owns_the_chroma_files_until_it_exits(tmp_path: Path) -> None:
    path = tmp_path / "chroma"

    with lock_held_elsewhere(path):
        assert not claim_chroma_files(path)
        assert not _claim_in_child(path)

    # The owner is gone (the kernel frees the lock): the next process takes the files ...
    assert claim_chroma_files(path)
    assert claim_chroma_files(path)  # ... and asking again in the owning process still says so
    assert not _claim_in_child(path)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_does_not_inherit_ownership(tmp_path: Path) -> None:
    path = tmp_path / "chroma"
    assert claim_chroma_files(path)
    pid = os.fork()
    if pid == 0:  # the child: it shares the parent's lock, but must not write its files
        os._exit(0 if not claim_chroma_files(path) else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_process_without_the_files_gets_a_private_in_memory_client(settings: Settings) -> None:
    with lock_held_elsewhere(settings.data_dir / "chroma"):
        client = make_chroma_client(settings)
        first, second = _services(settings), _services(settings)
        assert not chroma_is_shared(client)
        # Every private copy is its own collection, though in-memory clients share one system.
        assert not first.vector_store.shared
        assert first.vector_store.collection.name != second.vector_store.collection.name
    owner = make_chroma_client(settings)
    assert chroma_is_shared(owner)


# Private copies and the shared revision --------------------------------------------------------


def test_a_private_copy_never_marks_the_shared_revision(settings: Settings, tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    with lock_held_elsewhere(settings.data_dir / "chroma"):
        writer = _services(settings)
        report = writer.indexer.ingest([docs])
        assert report.ok
        assert len(report.added) == 2
        store = writer.store
        dense_name = writer.index.dense_name
        # Written to the store and the shared keyword files; the owner's dense index is behind.
        assert store.derived_revision(dense_name) == -1
        assert writer.vector_store.revision == -1  # an ingest never fills a private copy

        hits = writer.retriever.search("verksteder sammen", k=2, mode="dense", viewer=ANYONE)

        assert {h.source for h in hits} == {"tillit.md", "verksted.md"}
        assert writer.vector_store.ids() == store.chunk_ids()
        assert writer.vector_store.revision == store.revision()
        assert store.derived_revision(dense_name) == -1
        writer.indexer.remove("verksted.md")
        assert writer.vector_store.revision == store.revision()  # kept in step by itself
        assert store.derived_revision(dense_name) == -1

        # A second private copy in the same process starts empty and fills from the store.
        reader = _services(settings)
        assert reader.vector_store.count() == 0
        reader.retriever.search("tillit", k=1, viewer=ANYONE)
        assert reader.vector_store.ids() == store.chunk_ids()

    # The server restarts and takes the files: it catches up from the store and marks it.
    owner = _services(settings)
    assert owner.vector_store.shared
    results = owner.retriever.search("interesser fjordbyen", k=3, viewer=ANYONE)
    assert [r.source for r in results] == ["tillit.md"]
    assert owner.vector_store.ids() == store.chunk_ids()
    assert store.derived_revision(dense_name) == store.revision()


def test_the_owner_follows_ingest_reingest_and_remove_by_a_non_owner(
    settings: Settings, tmp_path: Path
) -> None:
    """The running server owns the files; `arena ingest` in another process works meanwhile."""
    docs = _docs(tmp_path)
    (docs / "verksted.md").unlink()
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from langchain_core.embeddings import DeterministicFakeEmbedding
        from assistant.config import Settings
        from assistant.services import build_services
        settings = Settings(_env_file=None, data_dir=Path({str(settings.data_dir)!r}))
        svc = build_services(settings, base_embeddings=DeterministicFakeEmbedding(size=32))
        command, arg = sys.argv[1], sys.argv[2]
        if command == "ingest":
            visibility = sys.argv[3] if len(sys.argv) > 3 else None
            assert svc.indexer.ingest([Path(arg)], visibility=visibility).ok
        else:
            svc.indexer.remove(arg)
        print("shared" if svc.vector_store.shared else "private")
        """
    )

    def other_process(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip()

    owner = _services(settings)
    owner.indexer.ingest([docs])
    assert owner.vector_store.shared
    store = owner.store

    (docs / "verksted.md").write_text(VERKSTED, encoding="utf-8")
    assert other_process("ingest", str(docs / "verksted.md")) == "private"
    assert owner.vector_store.ids() != store.chunk_ids()  # untouched by the other process
    found = owner.retriever.search("verksteder sammen", k=1, viewer=ANYONE)
    assert found[0].source == "verksted.md"
    assert owner.vector_store.ids() == store.chunk_ids()
    assert store.derived_revision(owner.index.dense_name) == store.revision()

    # Same text, another visibility: same chunk ids, so the owner must compare metadata too.
    assert other_process("ingest", str(docs / "verksted.md"), "org:OUS") == "private"
    owner.index.ensure_current()
    metadata = owner.vector_store.metadata()
    verksted = [m for m in metadata.values() if m["source"] == "verksted.md"]
    assert verksted
    assert all(m["visibility"] == "org:OUS" for m in verksted)

    assert other_process("remove", "verksted.md") == "private"
    results = owner.retriever.search("verksteder sammen", k=3, viewer=ANYONE)
    assert all(r.source != "verksted.md" for r in results)
    assert owner.vector_store.ids() == store.chunk_ids()
    assert sorted(owner.keyword_index.ids) == sorted(store.chunk_ids())


def _restrict_in_store_only(svc: Services, source: str, visibility: str) -> None:
    """Another process re-ingested `source` with another visibility: same text, same chunk ids."""
    info = svc.store.document(source)
    assert info is not None
    chunks = [
        Chunk(
            id=c.id,
            source=c.source,
            ordinal=c.ordinal,
            text=c.text,
            location=c.location,
            heading=c.heading,
            content_hash=c.content_hash,
            metadata={**c.metadata, "visibility": visibility},
        )
        for c in svc.store.iter_chunks()
        if c.source == source
    ]
    svc.store.replace_document(replace(info, visibility=visibility), chunks)


@pytest.mark.parametrize("first_sync", [True, False])
def test_a_visibility_change_reaches_the_dense_metadata(
    settings: Settings, tmp_path: Path, first_sync: bool
) -> None:
    owner = _services(settings)
    owner.indexer.ingest([_docs(tmp_path)])
    if first_sync:
        owner = _services(settings)  # a restarted server: its first sync compares every chunk
    else:
        owner.store.mark_derived(owner.index.dense_name, -1)
        owner.index.ensure_current()  # later syncs compare documents

    _restrict_in_store_only(owner, "verksted.md", "org:OUS")
    owner.index.ensure_current()

    visibility = {m["source"]: m["visibility"] for m in owner.vector_store.metadata().values()}
    assert visibility == {"tillit.md": "arena", "verksted.md": "org:OUS"}
    hits = owner.vector_store.search(owner.embeddings.embed_query("verksted"), 5, ["arena"])
    assert {i for i, _ in hits} == _ids(owner, "tillit")


def test_a_sync_refreshes_only_what_another_process_changed(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = _services(settings)
    owner.indexer.ingest([_docs(tmp_path)])  # its own writes keep the index in step
    upserted: list[str] = []
    upsert = owner.vector_store.upsert

    def counting_upsert(ids: list[str], *args: object) -> None:
        upserted.extend(ids)
        upsert(ids, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(owner.vector_store, "upsert", counting_upsert)
    _restrict_in_store_only(owner, "verksted.md", "org:OUS")
    owner.index.ensure_current()

    assert set(upserted) == _ids(owner, "verksted")


def test_a_removed_document_is_never_served_while_the_indexes_lag(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = _services(settings)
    server.indexer.ingest([_docs(tmp_path)])
    assert server.retriever.search("verksteder", k=2, viewer=ANYONE)[0].source == "verksted.md"
    writer = _services(settings)
    writer.store.remove_document("verksted.md")  # as a writer that died before the indexes

    # The server's dense and keyword indexes still hold the chunks and are not synced.
    monkeypatch.setattr(server.index, "ensure_current", lambda: None)
    assert server.vector_store.ids() > server.store.chunk_ids()
    for mode in ("hybrid", "dense", "keyword"):
        results = server.retriever.search("verksteder sammen", k=5, mode=mode, viewer=ANYONE)  # type: ignore[arg-type]
        assert all(r.source != "verksted.md" for r in results), mode


# Threads of one server -------------------------------------------------------------------------


def test_threads_that_see_a_new_revision_together_sync_once(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _docs(tmp_path)
    server = _services(settings)
    server.indexer.ingest([docs / "tillit.md"])
    server.index.ensure_current()
    writer = _services(settings)
    writer.indexer.ingest([docs / "verksted.md"])
    # As if another process had written: the server's dense index lacks the new chunks.
    new_ids = sorted(_ids(server, "verksted"))
    server.vector_store.delete(new_ids)
    server.store.mark_derived(server.index.dense_name, server.store.revision() - 1)

    builds: list[int] = []
    upserts: list[list[str]] = []
    build, upsert = server.keyword_index.build, server.vector_store.upsert

    def slow_build(items: object, revision: int) -> None:
        builds.append(revision)
        time.sleep(0.3)  # long enough for every other thread to arrive meanwhile
        build(items, revision)  # type: ignore[arg-type]

    def counting_upsert(ids: list[str], *args: object) -> None:
        upserts.append(list(ids))
        upsert(ids, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(server.keyword_index, "load", lambda: False)  # force a rebuild
    monkeypatch.setattr(server.keyword_index, "build", slow_build)
    monkeypatch.setattr(server.vector_store, "upsert", counting_upsert)
    errors: list[BaseException] = []

    def search() -> None:
        try:
            assert (
                server.retriever.search("verksteder sammen", k=1, viewer=ANYONE)[0].source
                == "verksted.md"
            )
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=search) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert builds == [server.store.revision()]
    assert len(upserts) == 1
    assert set(new_ids) <= set(upserts[0])


def test_a_search_keeps_its_keyword_snapshot_while_a_rebuild_lands(
    settings: Settings, tmp_path: Path
) -> None:
    server = _services(settings)
    server.indexer.ingest([_docs(tmp_path)])
    snapshot = server.index.keyword
    before = list(snapshot.ids)

    server.indexer.remove("verksted.md")  # rebuilds the keyword index with fewer chunks

    # What a search in flight holds is unchanged and internally aligned.
    assert snapshot.ids == before
    assert len(snapshot.scores("verksteder")) == len(snapshot.ids)
    assert len(server.index.keyword.ids) < len(before)


# Keyword index on disk, written by two processes ----------------------------------------------


def test_two_processes_rebuilding_the_keyword_index_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "bm25" / "knowledge"
    # Each writer saves indexes whose chunk ids name the revision, so a reader can tell a
    # whole index from one mixed of two versions.
    writer = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from assistant.index.keyword import KeywordIndex
        start = int(sys.argv[1])
        index = KeywordIndex(Path({str(folder)!r}))
        for revision in range(start, start + 150):
            size = 5 + revision % 7
            index.build(
                [(f"r{{revision}}-{{i}}", "a.md", f"tillit nummer {{i}} fjord {{revision}}")
                 for i in range(size)],
                revision,
            )
        print("ok")
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", writer, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=env,
        )
        for start in (0, 1000)
    ]
    loads = 0
    reader = KeywordIndex(folder)
    while any(w.poll() is None for w in writers):
        if reader.load():
            loads += 1
            snap = reader.snapshot()
            assert all(i.startswith(f"r{snap.revision}-") for i in snap.ids)
            assert len(snap.ids) == 5 + snap.revision % 7
            assert len(snap.scores("tillit fjord")) == len(snap.ids)
    for w in writers:
        out, err = w.communicate(timeout=60)
        assert w.returncode == 0, err[-3000:]
        assert out.strip() == "ok"
        assert "Could not save" not in err

    assert loads > 0
    assert reader.load()
    assert reader.revision in (149, 1149)  # one writer's last index is published whole
    versions = [p for p in folder.iterdir() if p.name.startswith("v")]
    assert 1 <= len(versions) <= 2  # retired versions are cleaned up


def test_a_keyword_index_in_the_old_single_folder_layout_still_loads(tmp_path: Path) -> None:
    folder = tmp_path / "bm25" / "knowledge"
    index = KeywordIndex(folder)
    index.build([("a", "a.md", "tillit i fjordbyen"), ("b", "b.md", "verksted")], 4)
    published = folder / (folder / "CURRENT").read_text()
    for entry in published.iterdir():  # move the files up, as the old save() left them
        entry.rename(folder / entry.name)
    (folder / "CURRENT").unlink()

    reader = KeywordIndex(folder)
    assert reader.load()
    assert reader.revision == 4
    assert reader.ids == ["a", "b"]
    reader.build([("c", "c.md", "ny")], 5)
    assert not (folder / "meta.json").exists()  # the old files are cleaned up on the next save
    assert KeywordIndex(folder).load()
