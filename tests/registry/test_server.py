"""`arena api` serves the registry over real HTTP, migrating the database on start."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from assistant.config import Settings
from assistant.registry import people
from assistant.registry.db import ensure_schema
from assistant.registry.models import PersonCreate, Role
from assistant.services import build_services
from tests.servers import running_arena

pytestmark = pytest.mark.server
ARENA = Path(sys.executable).with_name("arena")


@pytest.fixture
def token(settings: Settings) -> str:
    services = build_services(settings)
    ensure_schema(services.engine)
    with Session(services.engine) as session:
        person = people.create_person(
            session=session,
            data=PersonCreate(name="Ola Koordinator", email="ola@arena.no", role=Role.coordinator),
            actor="test",
        )
        issued = people.issue_token(session=session, person=person, actor="test")
        session.commit()
    services.engine.dispose()
    return issued


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    env = {**os.environ, "ARENA_DATA_DIR": str(settings.data_dir)}
    with running_arena("api", env, ready="/api/v1/openapi.json", timeout=60) as url:
        yield url


def test_get_through_the_real_server(server: str, token: str) -> None:
    me = httpx.get(f"{server}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["email"] == "ola@arena.no"
    assert httpx.get(f"{server}/api/v1/declarations").status_code == 401
    spec = httpx.get(f"{server}/api/v1/openapi.json").json()
    assert "/api/v1/declarations" in spec["paths"]


def test_server_migrates_a_fresh_database(server: str) -> None:
    # No one opened this database before the server: a 401 (not a 500) proves the tables exist.
    response = httpx.get(f"{server}/api/v1/me", headers={"Authorization": "Bearer arena_x"})
    assert response.status_code == 401
