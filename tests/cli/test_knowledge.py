"""`arena ingest`, `sources`, `remove` and `search` as a user runs them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from assistant.cli import app
from assistant.services import Services
from tests.ingest.builders import HTML, MARKDOWN, write_docx, write_pdf, write_pptx, write_text

LONG_NAME = "en-svaert-lang-rapport-fra-arbeidsgruppen-for-operasjonsplanlegging-2025.pdf"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "kunnskap"
    folder.mkdir()
    write_pdf(folder / "rapport.pdf", ["Rapporten om fjordbyen og innovasjon."], title="Fjordby")
    write_docx(folder / "kompass.docx")
    write_pptx(folder / "h2b.pptx")
    write_text(folder / "side.html", HTML)
    write_text(folder / "kompass.md", MARKDOWN)
    return folder


def run(runner: CliRunner, *args: str, stdin: str | None = None) -> Result:
    return runner.invoke(app, list(args), input=stdin)


def ingested(runner: CliRunner, *paths: Path) -> Result:
    result = run(runner, "ingest", *map(str, paths))
    assert result.exit_code == 0, result.output
    return result


# ingest ---------------------------------------------------------------------------------------


def test_ingest_reports_what_it_did(
    runner: CliRunner, cli_services: Services, knowledge: Path
) -> None:
    result = run(runner, "ingest", str(knowledge))

    assert result.exit_code == 0, result.output
    assert "5 added, 0 updated, 0 unchanged, 0 failed" in result.stderr
    assert len(cli_services.store.documents()) == 5

    again = run(runner, "ingest", str(knowledge))

    assert again.exit_code == 0
    assert "0 added, 0 updated, 5 unchanged, 0 failed" in again.stderr


def test_ingest_exits_1_naming_each_failed_file_on_one_line(
    runner: CliRunner, cli_services: Services, knowledge: Path
) -> None:
    (knowledge / LONG_NAME).write_bytes(os.urandom(4000))
    (knowledge / "tom.md").write_bytes(b"")

    result = run(runner, "ingest", str(knowledge))

    assert result.exit_code == 1
    assert "5 added" in result.stderr
    failed = [line for line in result.stderr.splitlines() if line.startswith("Failed:")]
    assert len(failed) == 2
    assert any(line.startswith(f"Failed: {LONG_NAME}: not a readable PDF") for line in failed)
    assert any(line.startswith("Failed: tom.md: ") for line in failed)
    assert len(cli_services.store.documents()) == 5


def test_ingest_of_an_unsupported_file_exits_1(
    runner: CliRunner, cli_services: Services, tmp_path: Path
) -> None:
    sheet = tmp_path / "budsjett.xlsx"
    sheet.write_bytes(b"PK\x03\x04")

    result = run(runner, "ingest", str(sheet))

    assert result.exit_code == 1
    assert "Failed: budsjett.xlsx: unsupported file type '.xlsx'" in result.stderr


def test_ingest_of_a_folder_without_supported_files_exits_1(
    runner: CliRunner, cli_services: Services, tmp_path: Path
) -> None:
    (tmp_path / "bilde.png").write_bytes(b"\x89PNG")

    result = run(runner, "ingest", str(tmp_path))

    assert result.exit_code == 1
    assert "no supported files found" in result.stderr


def test_ingest_records_the_visibility_under_the_registered_name(
    runner: CliRunner, cli_services: Services, knowledge: Path
) -> None:
    added = run(runner, "registry", "organisations", "add", "Oslo sykehus", "--alias", "OUS")
    assert added.exit_code == 0, added.output
    result = run(runner, "ingest", str(knowledge / "kompass.md"), "--visibility", "org:OUS")

    assert result.exit_code == 0, result.output
    assert cli_services.store.document("kompass.md").visibility == "org:Oslo sykehus"
    tags = {c.metadata["visibility"] for c in cli_services.store.iter_chunks()}
    assert tags == {"org:Oslo sykehus"}


def test_ingest_refuses_an_organisation_the_registry_does_not_know(
    runner: CliRunner, cli_services: Services, knowledge: Path
) -> None:
    result = run(runner, "ingest", str(knowledge), "--visibility", "org:OSU")

    assert result.exit_code == 1
    assert "OSU" in result.stderr
    assert cli_services.store.documents() == []


@pytest.mark.parametrize("visibility", ["public", "org:", "ORG:x"])
def test_ingest_refuses_a_malformed_visibility(
    runner: CliRunner, cli_services: Services, knowledge: Path, visibility: str
) -> None:
    result = run(runner, "ingest", str(knowledge), "--visibility", visibility)

    assert result.exit_code == 1
    assert "must be 'arena' or 'org:NAME'" in result.stderr
    assert cli_services.store.documents() == []


def test_ingest_if_empty_skips_a_filled_index(
    runner: CliRunner, cli_services: Services, knowledge: Path
) -> None:
    ingested(runner, knowledge / "kompass.md")

    result = run(runner, "ingest", "--if-empty", str(knowledge))

    assert result.exit_code == 0
    assert "already holds 1 documents" in result.stderr
    assert [d.source for d in cli_services.store.documents()] == ["kompass.md"]


# sources --------------------------------------------------------------------------------------


def test_sources_json_lists_documents_and_failures(
    runner: CliRunner, cli_services: Services, knowledge: Path
) -> None:
    (knowledge / "skadet.docx").write_bytes(os.urandom(2000))
    run(runner, "ingest", str(knowledge))

    result = run(runner, "sources", "--json")

    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    documents = {d["source"]: d for d in payload["documents"]}
    assert sorted(documents) == [
        "h2b.pptx",
        "kompass.docx",
        "kompass.md",
        "rapport.pdf",
        "side.html",
    ]
    counts = {s: d["chunk_count"] for s, d in documents.items()}
    stored = [c.source for c in cli_services.store.iter_chunks()]
    assert counts == {s: stored.count(s) for s in documents}
    assert documents["rapport.pdf"]["title"] == "Fjordby"
    assert all(d["ingested_at"] and d["visibility"] == "arena" for d in documents.values())
    (failure,) = payload["failed"]
    assert failure["source"] == "skadet.docx"
    assert failure["path"].endswith("skadet.docx")
    assert failure["error"].startswith("skadet.docx: ")
    assert failure["failed_at"]


def test_sources_table_names_documents_and_failures(
    runner: CliRunner, cli_services: Services, knowledge: Path
) -> None:
    (knowledge / "tom.txt").write_bytes(b"")
    run(runner, "ingest", str(knowledge / "kompass.md"), str(knowledge / "tom.txt"))

    result = run(runner, "sources")

    assert result.exit_code == 0, result.output
    assert "kompass.md" in result.stdout
    assert "Last ingest failed" in result.stdout
    assert "tom.txt" in result.stdout


# remove -----------------------------------------------------------------------------------------


def test_remove_deletes_the_document(
    runner: CliRunner, cli_services: Services, knowledge: Path
) -> None:
    ingested(runner, knowledge)
    count = cli_services.store.document("h2b.pptx").chunk_count

    result = run(runner, "remove", "h2b.pptx")

    assert result.exit_code == 0, result.output
    assert f"Removed h2b.pptx ({count} chunks)." in result.stderr
    listed = json.loads(run(runner, "sources", "--json").stdout)["documents"]
    assert "h2b.pptx" not in {d["source"] for d in listed}
    assert cli_services.vector_store.ids() == cli_services.store.chunk_ids()


def test_remove_of_an_unknown_name_exits_1_with_a_hint(
    runner: CliRunner, cli_services: Services, knowledge: Path
) -> None:
    ingested(runner, knowledge / "kompass.md")

    result = run(runner, "remove", "finnes-ikke.pdf")

    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: No document named 'finnes-ikke.pdf': see `arena sources`"
    )
    assert len(cli_services.store.documents()) == 1


# search -----------------------------------------------------------------------------------------


def test_search_json(runner: CliRunner, cli_services: Services, knowledge: Path) -> None:
    ingested(runner, knowledge)

    # The fake embedding ranks at random, so the ranking is checked on the keyword retriever.
    result = run(
        runner,
        "search",
        "Kontrolltårnet operasjonsplanlegging",
        "--k",
        "3",
        "--json",
        "--mode",
        "keyword",
    )

    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["query"] == "Kontrolltårnet operasjonsplanlegging"
    assert 1 <= len(payload["results"]) <= 3
    for hit in payload["results"]:
        assert set(hit) == {"text", "source", "location", "score"}
        assert isinstance(hit["score"], float)
    assert payload["results"][0]["source"] == "h2b.pptx"
    assert payload["results"][0]["location"].startswith("slide")
    assert "Operasjonsplanlegging med maskinlæring" in payload["results"][0]["text"]


def test_search_plain_text_shows_source_and_location(
    runner: CliRunner, cli_services: Services, knowledge: Path
) -> None:
    ingested(runner, knowledge)

    result = run(runner, "search", "fjordbyen", "-k", "1", "--mode", "keyword")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("[1] rapport.pdf · page 1 · score ")


def test_search_reads_queries_from_stdin_and_writes_json_lines(
    runner: CliRunner, cli_services: Services, knowledge: Path
) -> None:
    ingested(runner, knowledge)

    result = run(runner, "search", "-", "--k", "2", stdin="fjordbyen\n\nVerdikompasset tillit\n")

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["fjordbyen", "Verdikompasset tillit"]
    for line in lines:
        assert set(line) == {"query", "results"}
        assert 1 <= len(line["results"]) <= 2
        for hit in line["results"]:
            assert set(hit) == {"text", "source", "location", "score"}
    sources = {hit["source"] for hit in lines[0]["results"]}
    assert "rapport.pdf" in sources


def test_search_of_an_empty_index_says_to_ingest(runner: CliRunner, cli_services: Services) -> None:
    result = run(runner, "search", "tillit", "--json")

    assert result.exit_code == 1
    assert "run `arena ingest knowledge/`" in result.stderr
    assert result.stdout == ""


def test_search_refuses_an_unknown_mode(runner: CliRunner, cli_services: Services) -> None:
    result = run(runner, "search", "tillit", "--mode", "fuzzy")

    assert result.exit_code == 2
    assert "--mode must be hybrid, dense or keyword" in result.stderr
