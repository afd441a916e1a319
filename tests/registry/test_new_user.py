"""What a new user meets first: the documented commands on a fresh install, and the CLI's views."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.common import use_services
from assistant.config import Settings
from assistant.services import Services, build_services
from tests.registry.test_cli import run, seed

REPO = Path(__file__).resolve().parents[2]
SETUP = re.compile(r"arena (registry organisations add|users add) ")


@pytest.fixture
def cli(services: Services) -> Iterator[CliRunner]:
    use_services(services)
    yield CliRunner()
    use_services(None)


def documented_setup(path: Path) -> list[list[str]]:
    """The `organisations add` and `users add` commands of a document's code blocks, in order."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    commands = []
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        found = SETUP.search(line)
        if not in_code or found is None:
            continue
        argv = shlex.split(line[found.start() :], comments=True)
        commands.append(argv[1:])  # without the program name
    return commands


@pytest.mark.parametrize("document", ["README.md", "docs/registry.md"])
def test_documented_user_setup_works_on_a_fresh_install(settings: Settings, document: str) -> None:
    commands = documented_setup(REPO / document)
    assert any(c[:2] == ["users", "add"] and "--org" in c for c in commands), commands
    fresh = build_services(settings)  # a data dir nobody has used
    use_services(fresh)
    try:
        for argv in commands:
            stdin = "correct horse battery\n" if "--password-stdin" in argv else None
            result = CliRunner().invoke(app, argv, input=stdin)
            assert result.exit_code == 0, f"{shlex.join(argv)}: {result.output}"
        listed = json.loads(run(CliRunner(), "users", "list", "--json"))
    finally:
        use_services(None)
        fresh.engine.dispose()
    assert listed[0]["organisation"] == "Oslo universitetssykehus HF"


def test_users_list_shows_organisation_names(cli: CliRunner) -> None:
    seed(cli)
    run(cli, "registry", "organisations", "add", "NAV", "--kind", "public_agency")
    run(cli, "users", "add", "nora@nav.no", "--name", "Nora Nav", "--org", "NAV")
    table = run(cli, "users", "list")
    assert re.search(r"Nora Nav .* NAV ", table)
    assert "Oslo" in table
    rows = {r["email"]: r for r in json.loads(run(cli, "users", "list", "--json"))}
    assert rows["kari@ous.no"]["organisation"] == "Oslo universitetssykehus HF"
    assert rows["ola@arena.no"]["organisation"] is None


def _activity_run_by_frida(cli: CliRunner) -> None:
    seed(cli)
    run(cli, "users", "add", "frida@arena.no", "--name", "Frida F", "--role", "facilitator")
    run(
        cli,
        "registry",
        "declare",
        "kari@ous.no",
        "--category",
        "consulting",
        "--org",
        "Medtek",
        "--description",
        "Private advice to Medtek",
        "--end",
        "2024-02-01",
        "--private",
    )
    run(cli, "registry", "submit", "1")
    review = ["--reviewer", "ola@arena.no", "--decision", "disclose_only", "--reasoning", "ok"]
    run(cli, "registry", "review", "1", *review)
    run(
        cli,
        "registry",
        "activities",
        "add",
        "Sensor advice",
        "--kind",
        "advisory",
        "--org",
        "Medtek",
        "--facilitator",
        "frida@arena.no",
        "--participant",
        "kari@ous.no:advisor",
        "--starts",
        "2026-05-01",
    )


def test_check_as_of_a_day_names_it_in_the_minutes(cli: CliRunner) -> None:
    _activity_run_by_frida(cli)
    default = run(cli, "registry", "check", "1")
    assert "as of 2026-05-01" in default
    # 2.2 years after the consulting ended, inside the three-year cooling-off: indirect.
    assert "- Kari Nordmann (advisor): indirect;" in default
    earlier = json.loads(run(cli, "registry", "check", "1", "--as-of", "2024-01-15", "--json"))
    assert earlier["as_of"] == "2024-01-15"
    assert earlier["participants"][0]["severity"] == "direct"
    out = run(cli, "registry", "check", "1", "--as-of", "15.01.2024", code=2)
    assert "--as-of" in out


def test_check_as_a_user_shows_their_view(cli: CliRunner) -> None:
    _activity_run_by_frida(cli)
    full = json.loads(run(cli, "registry", "check", "1", "--json"))
    assert full["view"] == "full"
    assert full["participants"][0]["evidence"][0]["organisation"] == "Medtek AS"
    facilitator = run(cli, "registry", "check", "1", "--as", "frida@arena.no", "--json")
    view = json.loads(facilitator)
    assert view["view"] == "facilitator"
    assert view["participants"][0]["severity"] == "indirect"
    assert view["participants"][0]["public_interests"] == []
    assert "Medtek" not in facilitator
    assert "consulting" not in facilitator
    refused = run(cli, "registry", "check", "1", "--as", "kari@ous.no", code=1)
    assert "Only coordinators and the activity's facilitator" in refused


def test_check_as_a_deactivated_user_is_refused(cli: CliRunner) -> None:
    _activity_run_by_frida(cli)
    run(cli, "users", "deactivate", "frida@arena.no")
    refused = run(cli, "registry", "check", "1", "--as", "frida@arena.no", code=1)
    assert "deactivated" in refused
