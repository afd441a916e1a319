"""Indexing through fake services: the chunk store leads, Chroma and BM25 follow it exactly."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding, Embeddings

from assistant.config import Settings
from assistant.errors import DocumentNotFoundError
from assistant.index.access import Viewer
from assistant.services import Services, build_services
from tests.ingest.builders import (
    EXTRACTION_TEXT,
    HTML,
    MARKDOWN,
    write_docx,
    write_pdf,
    write_pptx,
    write_text,
)

# These tests rank arena-wide documents, which every reader sees.
ANYONE = Viewer.anonymous()

ALL_FILES = ["h2b.pptx", "kompass.docx", "kompass.md", "rapport.pdf", "rapport.txt", "side.html"]


class CountingEmbedding(Embeddings):
    """The deterministic fake, counting every text it is asked to embed."""

    def __init__(self) -> None:
        self.inner = DeterministicFakeEmbedding(size=64)
        self.texts: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A folder with one small document of every supported type."""
    folder = tmp_path / "kunnskap"
    folder.mkdir()
    write_pdf(
        folder / "rapport.pdf",
        ["Rapporten om fjordbyen og innovasjon.", "Side to om helse og omsorg i fjordbyen."],
        title="Fjordbyrapporten",
    )
    write_docx(folder / "kompass.docx")
    write_pptx(folder / "h2b.pptx")
    write_text(folder / "side.html", HTML)
    write_text(folder / "kompass.md", MARKDOWN)
    write_text(folder / "rapport.txt", EXTRACTION_TEXT)
    return folder


def index_state(svc: Services) -> tuple[set[str], set[str], list[str]]:
    """Chunk ids in the store, in Chroma and in the keyword index (a list: duplicates show)."""
    return svc.store.chunk_ids(), svc.vector_store.ids(), list(svc.keyword_index.ids)


def assert_consistent(svc: Services) -> set[str]:
    store, dense, keyword = index_state(svc)
    assert store, "nothing indexed"
    assert dense == store
    assert sorted(keyword) == sorted(store)
    assert svc.vector_store.count() == len(store)
    assert svc.store.chunk_count() == len(store)
    assert sum(d.chunk_count for d in svc.store.documents()) == len(store)
    return store


def ids_of(svc: Services, source: str) -> set[str]:
    return {c.id for c in svc.store.iter_chunks() if c.source == source}


# Ingest and re-ingest -----------------------------------------------------------------------


def test_ingest_a_folder_of_every_type(fake_services: Services, knowledge: Path) -> None:
    report = fake_services.indexer.ingest([knowledge])

    assert report.ok
    assert sorted(report.added) == ALL_FILES
    assert report.chunks == len(assert_consistent(fake_services))
    documents = {d.source: d for d in fake_services.store.documents()}
    assert sorted(documents) == ALL_FILES
    assert documents["rapport.pdf"].title == "Fjordbyrapporten"
    assert documents["kompass.md"].file_type == "md"
    assert all(d.visibility == "arena" for d in documents.values())


def test_stored_chunks_carry_their_metadata(fake_services: Services, knowledge: Path) -> None:
    fake_services.indexer.ingest([knowledge])

    for chunk in fake_services.store.iter_chunks():
        meta = chunk.metadata
        assert meta["source"] == chunk.source
        assert meta["location"] == chunk.location
        assert meta["content_hash"] == chunk.content_hash
        assert meta["visibility"] == "arena"
        assert meta["title"]
        assert str(meta["ingested_at"]).startswith("20")
    pdf_locations = {
        c.location for c in fake_services.store.iter_chunks() if c.source == "rapport.pdf"
    }
    assert pdf_locations <= {"page 1", "page 2", "pages 1–2"}
    slide_chunks = [c for c in fake_services.store.iter_chunks() if c.source == "h2b.pptx"]
    assert any("Notater: Husk å nevne" in c.text for c in slide_chunks)


def test_chroma_holds_the_same_metadata(fake_services: Services, knowledge: Path) -> None:
    fake_services.indexer.ingest([knowledge])

    stored = {c.id: c.metadata for c in fake_services.store.iter_chunks()}
    got = fake_services.vector_store.collection.get(include=["metadatas"])

    assert dict(zip(got["ids"], got["metadatas"], strict=True)) == stored


def test_re_ingest_of_unchanged_files_does_nothing(settings: Settings, knowledge: Path) -> None:
    counting = CountingEmbedding()
    svc = build_services(settings, base_embeddings=counting)
    svc.indexer.ingest([knowledge])
    before = assert_consistent(svc)
    revision = svc.store.revision()
    times = {d.source: d.ingested_at for d in svc.store.documents()}
    embedded = len(counting.texts)

    report = svc.indexer.ingest([knowledge])

    assert sorted(report.unchanged) == ALL_FILES
    assert (report.added, report.updated, report.failed) == ([], [], [])
    assert assert_consistent(svc) == before
    assert svc.store.revision() == revision
    assert {d.source: d.ingested_at for d in svc.store.documents()} == times
    assert len(counting.texts) == embedded  # nothing embedded again
    svc.store.engine.dispose()


def test_changed_file_replaces_its_chunks(fake_services: Services, knowledge: Path) -> None:
    indexer = fake_services.indexer
    indexer.ingest([knowledge])
    old_md = ids_of(fake_services, "kompass.md")
    others = assert_consistent(fake_services) - old_md
    write_text(knowledge / "kompass.md", MARKDOWN.replace("Vi holder det vi lover.", "Ny tekst."))

    report = indexer.ingest([knowledge])

    assert report.updated == ["kompass.md"]
    assert sorted(report.unchanged) == sorted(set(ALL_FILES) - {"kompass.md"})
    new_md = ids_of(fake_services, "kompass.md")
    everywhere = assert_consistent(fake_services)
    assert everywhere == others | new_md
    gone = old_md - new_md
    assert gone, "the changed section should have a new chunk id"
    assert not gone & fake_services.vector_store.ids()
    assert not gone & set(fake_services.keyword_index.ids)
    texts = [c.text for c in fake_services.store.iter_chunks() if c.source == "kompass.md"]
    assert any("Ny tekst." in t for t in texts)
    assert not any("Vi holder det vi lover." in t for t in texts)


def test_a_shrunk_file_leaves_no_stale_chunks(fake_services: Services, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "lang.md", "\n\n".join(f"# Del {i}\n\n" + "Tekst. " * 90 for i in range(6))
    )
    fake_services.indexer.ingest([path])
    assert len(ids_of(fake_services, "lang.md")) > 3
    write_text(path, "# Del 0\n\nBare én kort del igjen.\n")

    fake_services.indexer.ingest([path])

    assert len(assert_consistent(fake_services)) == 1


def test_changed_chunking_settings_re_chunk_unchanged_files(
    fake_services: Services, knowledge: Path
) -> None:
    fake_services.indexer.ingest([knowledge / "rapport.txt"])
    fake_services.settings.chunk_size = 150

    report = fake_services.indexer.ingest([knowledge / "rapport.txt"])

    assert report.updated == ["rapport.txt"]
    assert max(len(c.text) for c in fake_services.store.iter_chunks()) <= 150
    assert_consistent(fake_services)


def test_only_new_text_is_embedded_after_a_change(settings: Settings, knowledge: Path) -> None:
    counting = CountingEmbedding()
    svc = build_services(settings, base_embeddings=counting)
    svc.indexer.ingest([knowledge / "kompass.md"])
    first = list(counting.texts)
    write_text(knowledge / "kompass.md", MARKDOWN.replace("Vi holder det vi lover.", "Ny tekst."))

    svc.indexer.ingest([knowledge / "kompass.md"])

    again = counting.texts[len(first) :]
    # The changed chunk and its units that are new: each holds the new sentence.
    assert again
    assert all("Ny tekst." in text for text in again)
    assert sum(text in first for text in again) == 0
    svc.store.engine.dispose()


# Visibility -----------------------------------------------------------------------------------


def test_visibility_is_recorded_and_honoured_by_search(
    fake_services: Services, knowledge: Path
) -> None:
    fake_services.indexer.ingest([knowledge / "kompass.md", knowledge / "side.html"])
    fake_services.indexer.ingest([knowledge / "rapport.pdf"], visibility="org:OUS")

    assert fake_services.store.document("rapport.pdf").visibility == "org:OUS"
    org_ids = ids_of(fake_services, "rapport.pdf")
    for chunk in fake_services.store.iter_chunks(org_ids):
        assert chunk.metadata["visibility"] == "org:OUS"
    dense_meta = fake_services.vector_store.collection.get(ids=list(org_ids), include=["metadatas"])
    assert {m["visibility"] for m in dense_meta["metadatas"]} == {"org:OUS"}

    search = fake_services.retriever.search
    member = Viewer.member("a@ous.no", ["OUS"])
    for mode in ("hybrid", "keyword", "dense"):
        everyone = search("fjordbyen", k=10, mode=mode, viewer=ANYONE)
        assert all(r.source != "rapport.pdf" for r in everyone), mode
        own = search("fjordbyen", k=10, mode=mode, viewer=member)
        assert "rapport.pdf" in {r.source for r in own}, mode
    coordinator = Viewer.everything()
    assert "rapport.pdf" in {r.source for r in search("fjordbyen", k=10, viewer=coordinator)}


def test_new_visibility_re_tags_an_unchanged_file(fake_services: Services, knowledge: Path) -> None:
    path = knowledge / "kompass.md"
    fake_services.indexer.ingest([path])

    report = fake_services.indexer.ingest([path], visibility="org:Agder")

    assert report.updated == ["kompass.md"]
    assert {c.metadata["visibility"] for c in fake_services.store.iter_chunks()} == {"org:Agder"}
    got = fake_services.vector_store.collection.get(include=["metadatas"])
    assert {m["visibility"] for m in got["metadatas"]} == {"org:Agder"}


# Remove -----------------------------------------------------------------------------------------


def test_remove_deletes_a_document_everywhere(fake_services: Services, knowledge: Path) -> None:
    fake_services.indexer.ingest([knowledge])
    doomed = ids_of(fake_services, "h2b.pptx")
    expected = len(doomed)

    removed = fake_services.indexer.remove(str(knowledge / "h2b.pptx"))  # a path works too

    assert removed == expected
    assert fake_services.store.document("h2b.pptx") is None
    assert not doomed & assert_consistent(fake_services)
    results = fake_services.retriever.search("Kontrolltårnet operasjonsstuene", k=10, viewer=ANYONE)
    assert all(r.source != "h2b.pptx" for r in results)


def test_removing_an_unknown_document_says_what_to_do(
    fake_services: Services, knowledge: Path
) -> None:
    fake_services.indexer.ingest([knowledge / "kompass.md"])

    with pytest.raises(DocumentNotFoundError, match=r"'finnes-ikke\.pdf'.*arena sources"):
        fake_services.indexer.remove("finnes-ikke.pdf")


def test_remove_of_the_last_document_empties_every_index(
    fake_services: Services, knowledge: Path
) -> None:
    fake_services.indexer.ingest([knowledge / "kompass.md"])

    fake_services.indexer.remove("kompass.md")

    assert index_state(fake_services) == (set(), set(), [])


# Bad input --------------------------------------------------------------------------------------


@pytest.fixture
def bad_batch(knowledge: Path) -> dict[str, Path]:
    """Good files plus one of each kind of bad file, with the size limit lowered to 100 kB."""
    bad = {
        "skadet.pdf": os.urandom(3000),
        "skadet.docx": os.urandom(3000),
        "skadet.pptx": b"PK\x03\x04" + os.urandom(3000),
        "tom.txt": b"",
        "blank.md": b"\n  \n",
        "stor.txt": ("Et ord. " * 20_000).encode(),
    }
    for name, data in bad.items():
        (knowledge / name).write_bytes(data)
    unsupported = knowledge.parent / "regneark.xlsx"
    unsupported.write_bytes(b"PK\x03\x04")
    return {name: knowledge / name for name in bad} | {"regneark.xlsx": unsupported}


def test_each_bad_file_fails_alone_and_the_rest_lands(
    fake_services: Services, knowledge: Path, bad_batch: dict[str, Path]
) -> None:
    fake_services.settings.max_file_mb = 0.1

    report = fake_services.indexer.ingest([knowledge, bad_batch["regneark.xlsx"]])

    assert not report.ok
    assert sorted(report.added) == ALL_FILES
    failed = {Path(path).name: message for path, message in report.failed}
    assert sorted(failed) == sorted(bad_batch)
    for name, message in failed.items():
        assert message.startswith(f"{name}: "), message
        assert "\n" not in message
    assert "limit" in failed["stor.txt"]
    assert "empty" in failed["tom.txt"]
    assert "unsupported" in failed["regneark.xlsx"]
    assert_consistent(fake_services)
    assert {f.source for f in fake_services.store.failures()} == set(bad_batch)
    assert {f.source: f.error for f in fake_services.store.failures()} == failed


def test_a_failure_is_cleared_once_the_file_ingests(
    fake_services: Services, knowledge: Path, bad_batch: dict[str, Path]
) -> None:
    fake_services.settings.max_file_mb = 0.1
    fake_services.indexer.ingest([knowledge])
    write_pdf(bad_batch["skadet.pdf"], ["Nå er filen hel."])

    report = fake_services.indexer.ingest([bad_batch["skadet.pdf"]])

    assert report.added == ["skadet.pdf"]
    remaining = {f.source for f in fake_services.store.failures()}
    assert "skadet.pdf" not in remaining
    assert "skadet.docx" in remaining


def test_a_failure_is_recorded_again_after_a_later_failure(
    fake_services: Services, bad_batch: dict[str, Path]
) -> None:
    fake_services.indexer.ingest([bad_batch["tom.txt"]])
    fake_services.indexer.ingest([bad_batch["tom.txt"]])

    assert [f.source for f in fake_services.store.failures()] == ["tom.txt"]


def test_a_file_that_turns_bad_keeps_its_last_good_version(
    fake_services: Services, knowledge: Path
) -> None:
    path = knowledge / "rapport.pdf"
    fake_services.indexer.ingest([path])
    before = assert_consistent(fake_services)
    path.write_bytes(os.urandom(500))

    report = fake_services.indexer.ingest([path])

    assert not report.ok
    assert assert_consistent(fake_services) == before
    assert [f.source for f in fake_services.store.failures()] == ["rapport.pdf"]


def test_removing_a_document_clears_its_failure(fake_services: Services, knowledge: Path) -> None:
    path = knowledge / "rapport.pdf"
    fake_services.indexer.ingest([path])
    path.write_bytes(b"")
    fake_services.indexer.ingest([path])

    fake_services.indexer.remove("rapport.pdf")

    assert fake_services.store.failures() == []


def test_two_files_with_one_name_are_not_silently_merged(
    fake_services: Services, tmp_path: Path
) -> None:
    """knowledge/a/notat.md and knowledge/b/notat.md: the second silently replaces the first."""
    for folder, text in (("a", "Første notat om tillit."), ("b", "Andre notat om likeverd.")):
        (tmp_path / folder).mkdir()
        write_text(tmp_path / folder / "notat.md", text)

    report = fake_services.indexer.ingest([tmp_path / "a", tmp_path / "b"])

    kept_both = len(fake_services.store.chunk_ids()) == 2
    assert kept_both or any("notat.md" in message for _, message in report.failed)


# Derived indexes after a crash ----------------------------------------------------------------


def test_sync_repairs_chroma_after_a_crash(fake_services: Services, knowledge: Path) -> None:
    indexer = fake_services.indexer
    indexer.ingest([knowledge])
    wanted = assert_consistent(fake_services)
    lost = sorted(wanted)[::2]
    collection = fake_services.vector_store.collection
    collection.delete(ids=lost)
    collection.upsert(ids=["stray-chunk"], embeddings=[[0.1] * 64], metadatas=[{"source": "x"}])
    # A crash between the store's commit and Chroma's update leaves the derived mark behind.
    fake_services.store.mark_derived(
        fake_services.index.dense_name, fake_services.store.revision() - 1
    )

    fake_services.index.sync()

    assert assert_consistent(fake_services) == wanted
    assert "stray-chunk" not in fake_services.vector_store.ids()
    assert (
        fake_services.store.derived_revision(fake_services.index.dense_name)
        == fake_services.store.revision()
    )


def test_sync_rebuilds_a_stale_keyword_index(fake_services: Services, knowledge: Path) -> None:
    indexer = fake_services.indexer
    indexer.ingest([knowledge])
    wanted = fake_services.store.chunk_ids()
    keyword = fake_services.keyword_index
    keyword.build([(i, "x.md", "tekst") for i in keyword.ids[:2]], -1)  # stale in memory
    assert keyword.directory is not None
    shutil.rmtree(keyword.directory)  # and nothing on disk to reload

    fake_services.index.sync()

    assert sorted(keyword.ids) == sorted(wanted)
    assert keyword.revision == fake_services.store.revision()


def test_an_ingest_killed_between_store_and_chroma_heals_on_restart(
    settings: Settings, knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc = build_services(settings, base_embeddings=DeterministicFakeEmbedding(size=64))
    svc.indexer.ingest([knowledge])
    write_text(knowledge / "kompass.md", MARKDOWN.replace("Vi holder det vi lover.", "Ny tekst."))

    def die(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # the process is killed after the store committed

    monkeypatch.setattr(svc.vector_store, "upsert", die)
    with pytest.raises(KeyboardInterrupt):
        svc.indexer.ingest([knowledge / "kompass.md"])
    monkeypatch.undo()
    assert svc.store.chunk_ids() != svc.vector_store.ids()
    svc.store.engine.dispose()

    restarted = build_services(settings, base_embeddings=DeterministicFakeEmbedding(size=64))
    results = restarted.retriever.search("Ny tekst", k=3, mode="keyword", viewer=ANYONE)

    assert results[0].source == "kompass.md"
    assert "Ny tekst." in results[0].text
    assert_consistent(restarted)
    restarted.store.engine.dispose()


# Keyword index on disk ------------------------------------------------------------------------


def test_keyword_index_persists_and_reloads(
    settings: Settings, knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build_services(settings, base_embeddings=DeterministicFakeEmbedding(size=64))
    first.indexer.ingest([knowledge])
    ids, revision = list(first.keyword_index.ids), first.keyword_index.revision
    first.store.engine.dispose()

    second = build_services(settings, base_embeddings=DeterministicFakeEmbedding(size=64))

    def no_rebuild(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the saved keyword index should have been loaded, not rebuilt")

    monkeypatch.setattr(second.keyword_index, "build", no_rebuild)
    results = second.retriever.search("Kontrolltårnet", k=3, mode="keyword", viewer=ANYONE)

    assert second.keyword_index.ids == ids
    assert second.keyword_index.revision == revision == second.store.revision()
    assert results[0].source == "h2b.pptx"
    second.store.engine.dispose()


def test_keyword_index_follows_a_remove_made_by_another_process(
    settings: Settings, knowledge: Path
) -> None:
    reader = build_services(settings, base_embeddings=DeterministicFakeEmbedding(size=64))
    writer = build_services(settings, base_embeddings=DeterministicFakeEmbedding(size=64))
    writer.indexer.ingest([knowledge])
    assert (
        reader.retriever.search("Kontrolltårnet", k=3, mode="keyword", viewer=ANYONE)[0].source
        == "h2b.pptx"
    )

    writer.indexer.remove("h2b.pptx")

    results = reader.retriever.search("Kontrolltårnet", k=3, mode="keyword", viewer=ANYONE)
    assert all(r.source != "h2b.pptx" for r in results)
    assert sorted(reader.keyword_index.ids) == sorted(writer.store.chunk_ids())
    for svc in (reader, writer):
        svc.store.engine.dispose()
