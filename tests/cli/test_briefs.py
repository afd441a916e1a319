"""`arena brief draft|list|show|revise|export` as a facilitator or the console operator runs them."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner, Result

from assistant.cli import app
from assistant.cli import briefs as brief_cli
from assistant.cli.common import use_services
from assistant.config import Settings
from assistant.services import Services
from tests.briefs.surfaces import NEED, OTHER_FACILITATOR, OUS, OUTCOMES, TITLE, brief_services

SHAPE = {"id", "version", "language", "brief", "compass", "findings", "conflicts", "citations"}


@pytest.fixture
def services(settings: Settings, tmp_path: Path) -> Iterator[Services]:
    services, _world = brief_services(settings, tmp_path / "notes")
    use_services(services)
    yield services
    use_services(None)
    services.store.engine.dispose()


def run(runner: CliRunner, *args: str, stdin: str | None = None) -> Result:
    return runner.invoke(app, ["brief", *args], input=stdin)


def ok(runner: CliRunner, *args: str, stdin: str | None = None) -> Result:
    result = run(runner, *args, stdin=stdin)
    assert result.exit_code == 0, result.output
    return result


def refused(runner: CliRunner, *args: str) -> str:
    """The one error line of a command that must fail."""
    result = run(runner, *args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def drafted(runner: CliRunner, *extra: str) -> dict:
    result = ok(runner, "draft", "--title", TITLE, "--need", NEED, "--format", "json", *extra)
    return json.loads(result.stdout)


def saved(runner: CliRunner) -> list[dict]:
    return json.loads(ok(runner, "list", "--format", "json").stdout)


def test_draft_prints_markdown_and_names_the_brief_on_stderr(
    runner: CliRunner, services: Services
) -> None:
    result = ok(
        runner,
        "draft",
        "--title",
        TITLE,
        "--need",
        NEED,
        "--org",
        OUS,
        "--participant",
        "kari@ous.no",
        "--participant",
        "Nina Nordmann",
        "--date",
        "2027-03-01",
    )

    assert result.stdout.startswith(f"# {TITLE}\n")
    assert "Oslo universitetssykehus HF" in result.stdout
    assert "Nina Nordmann" in result.stdout
    assert result.stderr.startswith("Brief 1, version 1: ")
    [row] = saved(runner)
    assert row["author"] == "console"
    assert row["title"] == TITLE


def test_draft_as_json_has_the_shape_of_the_api(runner: CliRunner, services: Services) -> None:
    body = drafted(runner, "--org", "993467049", "--kind", "procurement", "--language", "en")

    assert set(body) >= SHAPE
    assert (body["id"], body["version"], body["language"]) == (1, 1, "en")
    assert body["kind"] == "procurement"
    assert body["brief"]["owners"] == [OUS]
    assert body["changes"] is None


def test_draft_as_word_into_a_file(runner: CliRunner, services: Services, tmp_path: Path) -> None:
    target = tmp_path / "brief.docx"

    result = ok(
        runner, "draft", "--title", TITLE, "--need", NEED, "--format", "docx", "--out", str(target)
    )

    assert result.stdout == ""
    assert f"Wrote {target}" in result.stderr
    document = docx.Document(io.BytesIO(target.read_bytes()))
    titles = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 1"]
    assert titles == [TITLE]
    assert any(p.style and p.style.name == "Heading 2" for p in document.paragraphs)


def test_word_is_not_written_to_a_terminal(
    runner: CliRunner, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(brief_cli, "_stdout_is_terminal", lambda: True)

    line = refused(runner, "draft", "--title", TITLE, "--need", NEED, "--format", "docx")

    assert "--out FILE" in line
    assert saved(runner) == []


def test_word_goes_to_a_pipe(runner: CliRunner, services: Services) -> None:
    result = runner.invoke(
        app, ["brief", "draft", "--title", TITLE, "--need", NEED, "--format", "docx"]
    )

    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"PK")  # a zip: the .docx itself


def test_the_need_from_stdin_or_a_file(
    runner: CliRunner, services: Services, tmp_path: Path
) -> None:
    from_stdin = json.loads(
        ok(runner, "draft", "--title", TITLE, "--need", "-", "--format", "json", stdin=NEED).stdout
    )
    need_file = tmp_path / "behov.txt"
    need_file.write_text(NEED + "\n", encoding="utf-8")
    from_file = drafted(runner, "--outcomes", f"@{need_file}").get("id")

    assert from_stdin["brief"]["sections"]["need"]["paragraphs"][0]["text"] == NEED
    shown = json.loads(ok(runner, "show", str(from_file), "--format", "json").stdout)
    assert shown["brief"]["sections"]["outcomes"]["status"] == "filled"
    line = refused(runner, "draft", "--title", TITLE, "--need", f"@{tmp_path / 'missing.txt'}")
    assert "--need: cannot read" in line
    assert "missing.txt" in line
    assert len(saved(runner)) == 2


def test_list_show_revise_export(runner: CliRunner, services: Services, tmp_path: Path) -> None:
    first = drafted(runner)
    assert "missing-section:outcomes" in {f["check"] for f in first["findings"]}

    table = ok(runner, "list").stdout
    assert "Briefs" in table
    assert "│ 1 " in table
    assert "Hjemme" in table  # the title, wrapped in a narrow terminal
    revised = ok(runner, "revise", "1", "--outcomes", OUTCOMES, "--format", "json")
    body = json.loads(revised.stdout)
    assert body["version"] == 2
    assert "missing-section:outcomes" in {f["check"] for f in body["changes"]["resolved"]}
    assert "resolved: missing-section:outcomes" in revised.stderr
    assert [row["version"] for row in saved(runner)] == [2]

    shown = ok(runner, "show", "1").stdout
    assert shown.startswith(f"# {TITLE}")
    assert OUTCOMES in shown
    old = json.loads(ok(runner, "show", "1", "--version", "1", "--format", "json").stdout)
    assert old["version"] == 1
    assert old["brief"]["sections"]["outcomes"]["status"] == "open"

    markdown = ok(runner, "export", "1", "--format", "md").stdout
    assert markdown == shown
    exported = ok(runner, "export", "1", "--format", "docx", "--out", str(tmp_path))
    target = tmp_path / "brief-1-v2.docx"
    assert f"Wrote {target}" in exported.stderr
    document = docx.Document(io.BytesIO(target.read_bytes()))
    assert TITLE in [p.text for p in document.paragraphs]


def test_as_a_user_the_roles_apply(runner: CliRunner, services: Services) -> None:
    line = refused(runner, "draft", "--title", TITLE, "--need", NEED, "--as", "kari@ous.no")
    assert "facilitator or coordinator" in line
    assert saved(runner) == []

    mine = drafted(runner, "--as", "frida@arena.no")
    assert mine["author"] == "frida@arena.no"
    assert refused(runner, "show", "1", "--as", OTHER_FACILITATOR) == "Error: Brief 1 is not yours"
    refused(runner, "revise", "1", "--title", "Annen tittel", "--as", OTHER_FACILITATOR)
    refused(runner, "export", "1", "--as", "kari@ous.no")
    others = json.loads(ok(runner, "list", "--format", "json", "--as", OTHER_FACILITATOR).stdout)
    assert others == []
    coordinator = ok(runner, "show", "1", "--as", "ola@arena.no", "--format", "json")
    assert json.loads(coordinator.stdout)["id"] == 1
    assert "nobody@arena.no" in refused(runner, "list", "--as", "nobody@arena.no")
    assert [row["version"] for row in saved(runner)] == [1]


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--org", "Nowhere AS"], "Organisation 'Nowhere AS'"),
        (["--participant", "nobody@example.no"], "'nobody@example.no'"),
        (["--kind", "hackathon"], "kind: Input should be"),
        (["--date", "2027-13-01"], "date: "),
        (["--language", "de"], "language: "),
    ],
)
def test_bad_input_is_one_line_and_saves_nothing(
    runner: CliRunner, services: Services, extra: list[str], fragment: str
) -> None:
    line = refused(runner, "draft", "--title", TITLE, "--need", NEED, *extra)

    assert fragment in line
    assert saved(runner) == []


def test_an_empty_or_huge_need_is_refused(runner: CliRunner, services: Services) -> None:
    assert "need: " in refused(runner, "draft", "--title", TITLE, "--need", "")
    huge = run(runner, "draft", "--title", TITLE, "--need", "-", stdin=NEED * 20_000)
    assert huge.exit_code == 1
    assert "--need: standard input holds more than" in huge.stderr
    assert "at most 4000 characters" in refused(
        runner, "draft", "--title", TITLE, "--need", NEED * 30
    )
    assert saved(runner) == []


def test_unknown_brief_and_version(runner: CliRunner, services: Services) -> None:
    assert refused(runner, "show", "7") == "Error: No brief with id 7"
    drafted(runner)
    assert refused(runner, "export", "1", "--version", "3") == "Error: Brief 1 has no version 3"
    assert "Organisation 'Nowhere AS'" in refused(runner, "revise", "1", "--org", "Nowhere AS")
    assert [row["version"] for row in saved(runner)] == [1]


def test_out_into_a_folder_or_nowhere(
    runner: CliRunner, services: Services, tmp_path: Path
) -> None:
    nowhere = tmp_path / "missing" / "brief.docx"
    line = refused(
        runner, "draft", "--title", TITLE, "--need", NEED, "--format", "docx", "--out", str(nowhere)
    )
    assert line == f"Error: Cannot write {nowhere}: no folder {nowhere.parent}"
    too_long = tmp_path / ("x" * 300) / "brief.md"
    line = refused(runner, "draft", "--title", TITLE, "--need", NEED, "--out", str(too_long))
    assert line.endswith("File name too long")
    assert saved(runner) == []

    drafted(runner)
    ok(runner, "revise", "1", "--outcomes", OUTCOMES, "--format", "json", "--out", str(tmp_path))

    written = json.loads((tmp_path / "brief-1-v2.json").read_text(encoding="utf-8"))
    assert written["version"] == 2


def test_a_file_that_cannot_be_written_keeps_the_saved_version(
    runner: CliRunner, services: Services, tmp_path: Path
) -> None:
    dangling = tmp_path / "brief.md"
    dangling.symlink_to(tmp_path / "gone" / "brief.md")  # its folder is checked; the write fails

    line = refused(runner, "draft", "--title", TITLE, "--need", NEED, "--out", str(dangling))

    assert line.startswith(f"Error: Cannot write {dangling}: No such file or directory")
    assert line.endswith("(brief 1 version 1 is saved: `arena brief export 1`)")
    assert [row["version"] for row in saved(runner)] == [1]
