"""The first coordinator on an empty registry: made once, by one worker, never kept in clear."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from assistant.registry import people
from assistant.registry.db import ensure_schema
from assistant.registry.errors import InvalidInputError
from assistant.registry.models import PersonCreate, Role

EMAIL = "admin@arena.example"


def _everything_stored(engine: Engine) -> str:
    """Every value of every registry table, as one string, to look for a password in."""
    with engine.connect() as connection:
        people_rows = connection.execute(text("SELECT * FROM person")).fetchall()
        audit_rows = connection.execute(text("SELECT * FROM audit_event")).fetchall()
    return repr(people_rows) + repr(audit_rows)


def test_an_empty_registry_gets_a_coordinator_with_a_generated_password(engine: Engine) -> None:
    first = people.create_first_coordinator(engine, EMAIL, None)

    assert first is not None
    assert first.email == EMAIL
    password = first.generated_password
    assert password is not None
    assert len(password) >= 20
    with Session(engine) as session:
        person = people.authenticate_password(session=session, email=EMAIL, password=password)
        assert person is not None
        assert person.role == Role.coordinator
        assert people.authenticate_password(session=session, email=EMAIL, password="x" * 24) is None
    assert password not in _everything_stored(engine)  # only its argon2 hash is kept


def test_a_second_start_creates_nobody_and_shows_no_password(engine: Engine) -> None:
    assert people.create_first_coordinator(engine, EMAIL, None) is not None
    assert people.create_first_coordinator(engine, EMAIL, None) is None
    assert people.create_first_coordinator(engine, "other@arena.example", None) is None
    with Session(engine) as session:
        assert [p.email for p in people.list_people(session=session)] == [EMAIL]


def test_a_registry_with_users_gets_no_first_coordinator(engine: Engine) -> None:
    ensure_schema(engine)
    with Session(engine) as session:
        data = PersonCreate(name="Kari Partner", email="kari@ous.no")
        people.create_person(session=session, data=data, actor="test")
        session.commit()
    assert people.create_first_coordinator(engine, EMAIL, None) is None


def test_the_operators_password_is_used_and_not_returned(engine: Engine) -> None:
    first = people.create_first_coordinator(engine, EMAIL, "operator-chosen-pass")

    assert first is not None
    assert first.generated_password is None
    with Session(engine) as session:
        assert people.authenticate_password(
            session=session, email=EMAIL, password="operator-chosen-pass"
        )


@pytest.mark.parametrize(("email", "password"), [("not-an-email", None), (EMAIL, "short")])
def test_bad_settings_are_one_clear_error_and_create_nobody(
    engine: Engine, email: str, password: str | None
) -> None:
    with pytest.raises(InvalidInputError):
        people.create_first_coordinator(engine, email, password)
    ensure_schema(engine)
    with Session(engine) as session:
        assert people.list_people(session=session) == []


def test_workers_starting_together_create_one_coordinator(engine: Engine) -> None:
    """Several workers at once: one creates, the rest find a user and print nothing."""
    ensure_schema(engine)
    workers = 4
    barrier = threading.Barrier(workers)

    def start() -> people.FirstCoordinator | None:
        barrier.wait(timeout=20)
        return people.create_first_coordinator(engine, EMAIL, None)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda _: start(), range(workers)))

    made = [r for r in results if r is not None]
    assert len(made) == 1
    with Session(engine) as session:
        everyone = people.list_people(session=session)
        assert len(everyone) == 1
        assert people.authenticate_password(
            session=session, email=EMAIL, password=made[0].generated_password or ""
        )


def test_set_password_replaces_the_old_one_and_audits_no_secret(engine: Engine) -> None:
    first = people.create_first_coordinator(engine, EMAIL, "the-first-password")
    assert first is not None
    with Session(engine) as session:
        person = people.get_person_by_email(session=session, email=EMAIL)
        people.set_password(session=session, person=person, password="a-new-password", actor="t")
        session.commit()
        assert people.authenticate_password(session=session, email=EMAIL, password="a-new-password")
        assert not people.authenticate_password(
            session=session, email=EMAIL, password="the-first-password"
        )
        with pytest.raises(InvalidInputError):
            people.set_password(session=session, person=person, password="short", actor="t")
    stored = _everything_stored(engine)
    assert "a-new-password" not in stored
    assert "person.set_password" in stored
