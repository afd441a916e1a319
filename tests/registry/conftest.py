"""Registry fixtures: the same tests on SQLite and on a fresh PostgreSQL schema."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from assistant.api.app import create_api
from assistant.config import Settings
from assistant.registry import organisations, people
from assistant.registry.db import ensure_schema
from assistant.registry.models import (
    REGISTRY_TABLES,
    OrganisationCreate,
    OrgKind,
    PersonCreate,
    Role,
)
from assistant.services import Services, build_services

PG_HOST = "127.0.0.1:5432"
PG_USERS = ("postgres", "root")


def _server_answers() -> bool:
    host, port = PG_HOST.split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=2):
            return True
    except OSError:
        return False


@lru_cache(maxsize=1)
def postgres_url() -> str | None:
    """The URL of the test database; None only when no server answers at all.

    A server that answers but refuses every user is a broken setup, not a reason to skip.
    """
    if not _server_answers():
        return None
    errors = []
    for user in PG_USERS:
        url = f"postgresql+psycopg://{user}@{PG_HOST}/test"
        probe = create_engine(url, connect_args={"connect_timeout": 2})
        try:
            with probe.connect() as connection:
                connection.execute(text("select 1"))
            return url
        except OperationalError as exc:
            errors.append(f"{user}: {str(exc).splitlines()[0]}")
        finally:
            probe.dispose()
    pytest.fail("PostgreSQL answers but database 'test' is unusable: " + "; ".join(errors))


def _require_postgres() -> str:
    url = postgres_url()
    if url is None:
        pytest.skip(f"PostgreSQL half skipped: no server answers at {PG_HOST}")
    return url


@contextmanager
def _fresh_schema(url: str) -> Iterator[Engine]:
    """An engine on a new, empty schema, dropped when the block ends."""
    schema = f"arena_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_run_engine() -> Iterator[Engine]:
    """One schema for the whole test run, migrated once, dropped at the end."""
    with _fresh_schema(_require_postgres()) as engine:
        ensure_schema(engine)
        yield engine


@pytest.fixture
def pg_engine(pg_run_engine: Engine) -> Engine:
    """The run's schema, emptied before each test (faster than a schema per test)."""
    # With the chat's tables (migration 0004), which the retention purge reads too.
    tables = ", ".join(
        sorted(REGISTRY_TABLES | {"users", "threads", "steps", "elements", "feedbacks"})
    )
    with pg_run_engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        connection.execute(text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '')"))
    return pg_run_engine


@pytest.fixture
def pg_fresh_url() -> Iterator[str]:
    """A URL (search_path in it) of a new, empty schema, for other processes to open."""
    url = _require_postgres()
    with _fresh_schema(url) as engine:
        with engine.connect() as connection:
            schema = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
        yield f"{url}?options=-csearch_path%3D{schema}"


@pytest.fixture
def fresh_engine(db_kind: str, settings: Settings) -> Iterator[Engine]:
    """A database nobody has opened yet, to see the first open migrate it."""
    if db_kind == "postgres":
        with _fresh_schema(_require_postgres()) as engine:
            yield engine
        return
    engine = build_services(settings).engine
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def engine(db_kind: str, settings: Settings, request: pytest.FixtureRequest) -> Iterator[Engine]:
    if db_kind == "postgres":
        yield request.getfixturevalue("pg_engine")
        return
    # The production path: backends.stores.make_registry_engine on SQLite under ARENA_DATA_DIR.
    services = build_services(settings)
    # Tests need no durability across power loss; skipping fsync makes them several times faster.
    event.listen(services.engine, "connect", _no_fsync)
    yield services.engine
    services.engine.dispose()


def _no_fsync(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA synchronous=OFF")


@pytest.fixture
def services(settings: Settings, engine: Engine) -> Services:
    return build_services(settings, engine=engine)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    ensure_schema(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session


@dataclass
class World:
    """A small arena: organisations and one person of each role."""

    ous: int
    medtek: int
    kommune: int
    coordinator: int
    coordinator2: int
    partner: int
    partner2: int
    facilitator: int


def seed_world(session: Session) -> World:
    def org(name: str, number: str | None, kind: OrgKind, aliases: list[str] | None = None) -> int:
        data = OrganisationCreate(name=name, org_number=number, kind=kind, aliases=aliases or [])
        return organisations.create_organisation(session=session, data=data, actor="test").id  # type: ignore[return-value]

    def person(name: str, email: str, role: Role, organisation_id: int | None) -> int:
        data = PersonCreate(name=name, email=email, role=role, organisation_id=organisation_id)
        return people.create_person(session=session, data=data, actor="test").id  # type: ignore[return-value]

    ous = org("Oslo universitetssykehus HF", "993467049", OrgKind.hospital_trust)
    medtek = org("Medtek AS", "123456785", OrgKind.company)
    kommune = org("Bærum kommune", None, OrgKind.municipality)
    world = World(
        ous=ous,
        medtek=medtek,
        kommune=kommune,
        coordinator=person("Ola Koordinator", "ola@arena.no", Role.coordinator, None),
        coordinator2=person("Siri Koordinator", "siri@arena.no", Role.coordinator, None),
        partner=person("Kari Partner", "kari@ous.no", Role.partner, ous),
        partner2=person("Per Partner", "per@baerum.kommune.no", Role.partner, kommune),
        facilitator=person("Frida Fasilitator", "frida@arena.no", Role.facilitator, None),
    )
    session.commit()
    return world


@pytest.fixture
def world(session: Session) -> World:
    return seed_world(session)


@dataclass
class Api:
    client: TestClient
    world: World
    tokens: dict[str, str]

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def api(services: Services, session: Session, world: World) -> Iterator[Api]:
    tokens = {}
    for who in ("coordinator", "coordinator2", "partner", "partner2", "facilitator"):
        person = people.get_person(session=session, person_id=getattr(world, who))
        tokens[who] = people.issue_token(session=session, person=person, actor="test")
    session.commit()
    with TestClient(create_api(services)) as client:
        yield Api(client, world, tokens)


def as_superuser(db: Session | Connection) -> None:
    """Tamper as a database superuser could: PostgreSQL's append-only trigger switched off.

    Call first in the transaction; the tampering that follows is then up to the hash chain.
    """
    dialect = db.dialect if isinstance(db, Connection) else db.get_bind().dialect
    if dialect.name == "postgresql":
        db.execute(text("SET LOCAL session_replication_role = replica"))
