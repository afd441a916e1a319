"""An upload never replaces a document of the same name that is kept for other readers."""

from __future__ import annotations

from pathlib import Path

from assistant.services import Services


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_keep_others_refuses_a_name_taken_for_other_readers_and_keeps_it_intact(
    fake_services: Services, tmp_path: Path
) -> None:
    indexer, store = fake_services.indexer, fake_services.store
    original = _write(
        tmp_path / "ous", "plan.md", "# Plan\n\nOUS sin plan for sensorer i hjemmet.\n"
    )
    assert indexer.ingest([original], visibility="org:OUS").ok
    before = store.document("plan.md")

    other = _write(tmp_path / "other", "plan.md", "# Plan\n\nEn annen plan for noe helt annet.\n")
    report = indexer.ingest([other], visibility="arena", keep_others=True)

    assert report.added == []
    assert report.updated == []
    ((_, reason),) = report.failed
    assert reason == (
        "plan.md: a document with this name is already kept for other readers; "
        "rename the file and upload it again"
    )
    assert store.document("plan.md") == before  # same readers, same chunks


def test_keep_others_still_updates_a_document_of_the_same_readers(
    fake_services: Services, tmp_path: Path
) -> None:
    indexer, store = fake_services.indexer, fake_services.store
    assert indexer.ingest(
        [_write(tmp_path / "a", "plan.md", "# Plan\n\nFørste utgave.\n")], visibility="org:OUS"
    ).ok
    newer = _write(tmp_path / "b", "plan.md", "# Plan\n\nAndre utgave, med mer tekst.\n")
    report = indexer.ingest([newer], visibility="org:OUS", keep_others=True)
    assert report.updated == ["plan.md"]
    assert store.document("plan.md").visibility == "org:OUS"  # type: ignore[union-attr]


def test_without_keep_others_the_operator_may_move_a_document_to_other_readers(
    fake_services: Services, tmp_path: Path
) -> None:
    indexer, store = fake_services.indexer, fake_services.store
    path = _write(tmp_path, "plan.md", "# Plan\n\nEn plan for alle.\n")
    assert indexer.ingest([path], visibility="org:OUS").ok
    assert indexer.ingest([path], visibility="arena").updated == ["plan.md"]
    assert store.document("plan.md").visibility == "arena"  # type: ignore[union-attr]
