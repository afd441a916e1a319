"""`arena serve`'s first start and `arena users set-password`: sign in, then change the password."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from sqlmodel import Session
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.common import use_services
from assistant.cli.server import first_start
from assistant.config import Settings
from assistant.registry import people
from assistant.registry.errors import InvalidInputError
from assistant.services import Services, build_services

URL = "http://127.0.0.1:8000"


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    services = build_services(settings)
    use_services(services)
    yield services
    use_services(None)
    services.engine.dispose()


def _printed_password(out: str) -> str:
    match = re.search(r"shown only now:\n\n    (\S+)\n", out)
    assert match, out
    return match.group(1)


def test_the_first_start_prints_the_password_once_with_how_to_change_it(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    first_start(services.engine, services.settings, URL)
    out = capsys.readouterr().out
    password = _printed_password(out)
    assert "admin@arena.example" in out
    assert f"Sign in at {URL}" in out
    assert "arena users set-password admin@arena.example" in out
    with Session(services.engine) as session:
        assert people.authenticate_password(
            session=session, email="admin@arena.example", password=password
        )

    first_start(services.engine, services.settings, URL)  # a later start
    assert capsys.readouterr().out == ""


def test_the_operators_admin_settings_are_used_and_no_password_is_printed(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    chosen = settings.model_copy(
        update={"admin_email": "ola@arena.no", "admin_password": SecretStr("ola-chosen-pass")}
    )
    services = build_services(chosen)
    first_start(services.engine, chosen, URL)
    out = capsys.readouterr().out
    assert "ola@arena.no" in out
    assert "ola-chosen-pass" not in out
    assert "ARENA_ADMIN_PASSWORD" in out
    with Session(services.engine) as session:
        assert people.authenticate_password(
            session=session, email="ola@arena.no", password="ola-chosen-pass"
        )
    services.engine.dispose()


def test_a_bad_admin_setting_names_the_variables(settings: Settings) -> None:
    bad = settings.model_copy(update={"admin_password": SecretStr("short")})
    services = build_services(bad)
    with pytest.raises(InvalidInputError, match="ARENA_ADMIN_PASSWORD"):
        first_start(services.engine, bad, URL)
    services.engine.dispose()


def test_the_admin_password_is_a_secret_in_the_settings() -> None:
    settings = Settings(_env_file=None, admin_password="hunter2-hunter2")  # type: ignore[call-arg]
    assert "hunter2" not in repr(settings)
    assert "hunter2" not in str(settings.for_report())
    assert Settings(_env_file=None).chat_login is True  # type: ignore[call-arg]


def test_set_password_reads_stdin_and_the_new_password_signs_in(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    first_start(services.engine, services.settings, URL)
    old = _printed_password(capsys.readouterr().out)
    runner = CliRunner()

    result = runner.invoke(
        app, ["users", "set-password", "admin@arena.example"], input="my-own-password\n"
    )

    assert result.exit_code == 0, result.output
    assert "my-own-password" not in result.output
    with Session(services.engine) as session:
        email = "admin@arena.example"
        assert people.authenticate_password(
            session=session, email=email, password="my-own-password"
        )
        assert not people.authenticate_password(session=session, email=email, password=old)


def test_set_password_refuses_a_short_password_and_an_unknown_user(services: Services) -> None:
    runner = CliRunner()
    short = runner.invoke(app, ["users", "set-password", "nobody@arena.no"], input="short\n")
    assert short.exit_code == 1
    assert "No user with e-mail nobody@arena.no" in short.output
    first_start(services.engine, services.settings, URL)
    short = runner.invoke(app, ["users", "set-password", "admin@arena.example"], input="short\n")
    assert short.exit_code == 1
    assert "8 to 1024 characters" in short.output
    # The password is never an argument, where `ps` would show it.
    argv = runner.invoke(app, ["users", "set-password", "admin@arena.example", "pw-in-argv-1"])
    assert argv.exit_code == 2
