"""The `arena registry` and `arena users` commands, on both databases."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.common import use_services
from assistant.config import Settings
from assistant.registry import people
from assistant.registry.auth import token_digest
from assistant.registry.errors import AuthenticationError
from assistant.registry.models import ApiToken
from assistant.services import Services, build_services
from tests.registry.conftest import as_superuser


@pytest.fixture
def cli(services: Services) -> Iterator[CliRunner]:
    use_services(services)
    yield CliRunner()
    use_services(None)


def run(cli: CliRunner, *args: str, stdin: str | None = None, code: int = 0) -> str:
    result = cli.invoke(app, list(args), input=stdin)
    assert result.exit_code == code, result.output
    return result.output


def seed(cli: CliRunner, *, password: bool = False) -> None:
    run(
        cli,
        "registry",
        "organisations",
        "add",
        "Oslo universitetssykehus HF",
        "--number",
        "993467049",
        "--kind",
        "hospital_trust",
        "--alias",
        "OUS",
    )
    run(
        cli,
        "registry",
        "organisations",
        "add",
        "Medtek AS",
        "--number",
        "123456785",
        "--kind",
        "company",
    )
    run(
        cli,
        "users",
        "add",
        "kari@ous.no",
        "--name",
        "Kari Nordmann",
        "--role",
        "partner",
        "--org",
        "OUS",
        *(["--password-stdin"] if password else []),
        stdin="correct horse battery\n" if password else None,
    )
    run(cli, "users", "add", "ola@arena.no", "--name", "Ola Koordinator", "--role", "coordinator")


def test_first_command_migrates_a_fresh_database(fresh_engine: Engine, settings: Settings) -> None:
    use_services(build_services(settings, engine=fresh_engine))
    try:
        assert "declaration" not in inspect(fresh_engine).get_table_names()
        assert json.loads(run(CliRunner(), "registry", "list", "--json")) == []
    finally:
        use_services(None)
    assert {"declaration", "audit_event", "registry_alembic_version"} <= set(
        inspect(fresh_engine).get_table_names()
    )


def test_declare_submit_review_check_export_verify(cli: CliRunner, engine: Engine) -> None:
    seed(cli)
    out = run(
        cli,
        "registry",
        "declare",
        "kari@ous.no",
        "--category",
        "board_or_leading_position",
        "--org",
        "Medtek",
        "--position",
        "board member",
        "--topic",
        "sensors",
        "--public",
        "--value-band",
        "100k_to_1m",
    )
    assert "Declaration 1 of Kari Nordmann: draft, 1 interest(s)" in out
    assert "is submitted" in run(cli, "registry", "submit", "1")
    out = run(
        cli,
        "registry",
        "review",
        "1",
        "--reviewer",
        "ola@arena.no",
        "--decision",
        "disclose_only",
        "--reasoning",
        "Disclosed in minutes",
    )
    assert "Declaration 1 is approved" in out
    [row] = json.loads(run(cli, "registry", "list", "--json"))
    assert (row["status"], row["person"]) == ("approved", "kari@ous.no")
    run(
        cli,
        "registry",
        "activities",
        "add",
        "Sensor procurement",
        "--kind",
        "procurement",
        "--org",
        "Oslo universitetssykehus",
        "--org",
        "#2",
        "--topic",
        "sensors",
        "--participant",
        "kari@ous.no:decision_maker",
        "--item",
        "Market dialogue",
        "--decision-item",
        "Award the contract",
    )
    minutes = run(cli, "registry", "check", "1")
    assert "## 2. Award the contract (decision)" in minutes
    assert "- Kari Nordmann: excluded" in minutes
    report = json.loads(run(cli, "registry", "check", "1", "--json"))
    assert report["participants"][0]["severity"] == "direct"
    rows = list(csv.DictReader(io.StringIO(run(cli, "registry", "export"))))
    assert rows[0]["organisation"] == "Medtek AS"
    assert rows[0]["value_band"] == "100k_to_1m"
    exported = json.loads(run(cli, "registry", "export", "--format", "json"))
    assert exported[0]["category"] == "board_or_leading_position"
    assert "Audit chain intact" in run(cli, "registry", "verify")
    shown = json.loads(run(cli, "registry", "show", "1"))
    assert len(shown["snapshots"]) == 1


def test_verify_fails_naming_the_tampered_event(cli: CliRunner, engine: Engine) -> None:
    seed(cli)
    with engine.begin() as connection:
        as_superuser(connection)
        connection.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = 2"))
    out = run(cli, "registry", "verify", code=1)
    assert "broken at event 2" in out
    assert "edited" in out


def test_password_is_hashed_and_token_stored_only_as_hash(cli: CliRunner, engine: Engine) -> None:
    seed(cli, password=True)
    token = run(cli, "users", "token", "kari@ous.no").strip()
    assert token.startswith("arena_")
    with Session(engine) as session:
        person = people.get_person_by_email(session=session, email="kari@ous.no")
        assert person.password_hash is not None
        assert person.password_hash.startswith("$argon2")
        assert (
            people.authenticate_password(
                session=session, email="kari@ous.no", password="correct horse battery"
            )
            == person
        )
        assert (
            people.authenticate_password(session=session, email="kari@ous.no", password="wrong")
            is None
        )
        stored = session.exec(select(ApiToken)).all()
        assert [t.token_hash for t in stored] == [token_digest(token)]
        assert people.authenticate_token(session=session, token=token) == person


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["registry", "organisations", "add", "Bad AS", "--number", "123456789"], "check digit"),
        (["users", "add", "not-an-email", "--name", "X Y"], "email"),
        (["registry", "declare", "nobody@x.no"], "No user with e-mail nobody@x.no"),
        (
            ["registry", "declare", "kari@ous.no", "--category", "employment", "--org", "Nowhere"],
            "Unknown organisation 'Nowhere'",
        ),
        (
            [
                "registry",
                "declare",
                "kari@ous.no",
                "--category",
                "employment",
                "--start",
                "2025-01-01",
                "--end",
                "2024-01-01",
            ],
            "ends_on must not be before starts_on",
        ),
        (["registry", "submit", "99"], "No declaration with id 99"),
        (
            [
                "registry",
                "review",
                "1",
                "--reviewer",
                "kari@ous.no",
                "--reasoning",
                "x",
                "--decision",
                "no_conflict",
            ],
            "No declaration",
        ),
        (["registry", "purge"], "--yes"),
        (["registry", "export", "--format", "xml"], "csv or json"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(cli: CliRunner, args: list[str], message: str) -> None:
    seed(cli)
    out = run(cli, *args, code=1)
    assert message in out
    assert out.strip().count("\n") == 0
    assert "Traceback" not in out


def test_wrong_role_is_a_usage_error(cli: CliRunner) -> None:
    out = run(cli, "users", "add", "x@y.no", "--name", "X Y", "--role", "king", code=2)
    assert "king" in out


def test_illegal_transition_and_self_review(cli: CliRunner) -> None:
    seed(cli)
    review = ["registry", "review", "1", "--reasoning", "x", "--decision", "no_conflict"]
    run(cli, "registry", "declare", "kari@ous.no")
    out = run(cli, *review, "--reviewer", "ola@arena.no", code=1)
    assert "is draft: cannot approve" in out
    run(cli, "registry", "declare", "ola@arena.no")
    run(cli, "registry", "submit", "2")
    out = run(cli, *review[:2], "2", *review[3:], "--reviewer", "ola@arena.no", code=1)
    assert "cannot review their own declaration" in out


def test_reminders_and_purge(cli: CliRunner) -> None:
    seed(cli)
    due = json.loads(run(cli, "registry", "reminders", "--json"))
    assert [(r["email"], r["reason"]) for r in due] == [("kari@ous.no", "no declaration yet")]
    out = run(cli, "registry", "purge", "--yes")
    assert "Purged 0 activities, 0 declarations and 0 chat conversations" in out
    assert "Audit chain intact" in run(cli, "registry", "verify")


def test_declare_from_json_is_all_or_nothing(cli: CliRunner, tmp_path: Path) -> None:
    seed(cli)
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            [
                {"category": "employment", "organisation": "OUS", "position": "nurse"},
                {"category": "ownership", "organisation": "123456785", "value_band": "up_to_10k"},
            ]
        )
    )
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"category": "consulting"}, {"category": "bribes"}]))
    out = run(cli, "registry", "declare", "kari@ous.no", "--from-json", str(bad), code=1)
    assert "category" in out
    assert json.loads(run(cli, "registry", "list", "--json")) == []
    out = run(cli, "registry", "declare", "kari@ous.no", "--from-json", str(good))
    assert "2 interest(s)" in out
    shown = json.loads(run(cli, "registry", "show", "1"))
    assert [i["position"] for i in shown["interests"]] == ["nurse", None]


def test_unreachable_database_is_one_line(settings: Settings) -> None:
    dead = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    use_services(build_services(settings, engine=dead))
    try:
        out = run(CliRunner(), "registry", "list", code=1)
    finally:
        use_services(None)
    assert out.startswith("Error: Cannot open the registry database")
    assert "ARENA_DATABASE_URL" in out
    assert out.strip().count("\n") == 0


def test_deactivated_user_loses_token_and_login(cli: CliRunner, engine: Engine) -> None:
    seed(cli, password=True)
    token = run(cli, "users", "token", "kari@ous.no").strip()
    assert "revoked 1 token(s)" in run(cli, "users", "deactivate", "kari@ous.no")
    with Session(engine) as session:
        with pytest.raises(AuthenticationError):
            people.authenticate_token(session=session, token=token)
        assert (
            people.authenticate_password(
                session=session, email="kari@ous.no", password="correct horse battery"
            )
            is None
        )
