"""Chat sign-in (assistant.chat.login): the password, and the rules that end a sign-in."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from chainlit.auth import create_jwt, get_current_user
from chainlit.config import config as chainlit_config
from chainlit.user import User
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlmodel import Session

from assistant.chat import login
from assistant.chat.login import SIGNED_IN_AT, authenticate, session_end
from assistant.registry import people
from assistant.registry.models import Role
from assistant.services import Services, build_services
from tests.chat.conftest import PASSWORD, add_user

SIGNED_IN = 1_800_000_000.0  # a fixed clock: the tests move it, never sleep
HOUR = 3600


def test_login_accepts_the_right_password_only(services: Services, session: Session) -> None:
    person_id = add_user(session, "ola@arena.no", Role.coordinator)
    user = authenticate(services, "Ola@Arena.no ", PASSWORD, now=SIGNED_IN)
    assert user is not None
    assert user.identifier == "ola@arena.no"
    assert user.metadata == {
        "person_id": person_id,
        "role": "coordinator",
        SIGNED_IN_AT: int(SIGNED_IN),
    }
    assert authenticate(services, "ola@arena.no", PASSWORD + "x") is None
    assert authenticate(services, "nobody@arena.no", PASSWORD) is None


def test_login_refuses_users_without_password_or_deactivated(
    services: Services, session: Session
) -> None:
    add_user(session, "nopass@arena.no", Role.partner, password=None)
    assert authenticate(services, "nopass@arena.no", "") is None
    add_user(session, "gone@arena.no", Role.partner)
    gone = people.get_person_by_email(session=session, email="gone@arena.no")
    people.deactivate_person(session=session, person=gone, actor="test")
    session.commit()
    assert authenticate(services, "gone@arena.no", PASSWORD) is None


# When a sign-in ends (session_end) ---------------------------------------------------------


def _signed_in(services: Services, session: Session, email: str = "kari@ous.no") -> User:
    add_user(session, email, Role.partner)
    user = authenticate(services, email, PASSWORD, now=SIGNED_IN)
    assert user is not None
    return user


def test_a_sign_in_lasts_a_working_day_by_default(
    login_services: Services, session: Session
) -> None:
    user = _signed_in(login_services, session)
    assert login_services.settings.session_hours == 8
    assert session_end(login_services, user, now=SIGNED_IN) is None
    assert session_end(login_services, user, now=SIGNED_IN + 8 * HOUR - 1) is None
    assert session_end(login_services, user, now=SIGNED_IN + 8 * HOUR + 1) == "expired"


def test_the_lifetime_is_one_setting(login_services: Services, session: Session) -> None:
    user = _signed_in(login_services, session)
    short = build_services(
        login_services.settings.model_copy(update={"session_hours": 0.5}),
        engine=login_services.engine,
    )
    assert session_end(short, user, now=SIGNED_IN + 29 * 60) is None
    assert session_end(short, user, now=SIGNED_IN + 31 * 60) == "expired"


def test_a_token_renewed_by_chainlit_keeps_the_first_sign_in_time(
    login_services: Services, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chainlit's /auth/jwt re-signs what it decoded: the sign-in time rides along."""
    from chainlit.auth import decode_jwt

    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "test-secret-" + "x" * 40)
    user = _signed_in(login_services, session)
    renewed = decode_jwt(create_jwt(decode_jwt(create_jwt(user))))
    assert renewed.metadata[SIGNED_IN_AT] == int(SIGNED_IN)
    assert session_end(login_services, renewed, now=SIGNED_IN + 9 * HOUR) == "expired"


@pytest.mark.parametrize("metadata", [{}, {SIGNED_IN_AT: "yesterday"}, {SIGNED_IN_AT: None}])
def test_a_token_without_a_sign_in_time_has_ended(
    login_services: Services, session: Session, metadata: dict[str, Any]
) -> None:
    add_user(session, "kari@ous.no", Role.partner)
    old = User(identifier="kari@ous.no", metadata=metadata)
    assert session_end(login_services, old, now=SIGNED_IN) == "expired"
    assert session_end(login_services, None, now=SIGNED_IN) == "expired"


def test_deactivation_ends_the_sign_in_at_once(login_services: Services, session: Session) -> None:
    user = _signed_in(login_services, session)
    assert session_end(login_services, user, now=SIGNED_IN + 60) is None
    kari = people.get_person_by_email(session=session, email="kari@ous.no")
    people.deactivate_person(session=session, person=kari, actor="test")
    session.commit()
    assert session_end(login_services, user, now=SIGNED_IN + 61) == "deactivated"


def test_without_sign_in_nothing_ends(services: Services) -> None:
    assert session_end(services, None) is None


# Chainlit's own HTTP routes (/user, /project/...) ask current_user_if_signed_in ------------


@pytest.fixture
def chainlit_routes(
    login_services: Services, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    """A route guarded exactly as Chainlit guards /user, with our check in place of its own."""

    async def some_password_callback(username: str, password: str) -> None:
        return None

    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "test-secret-" + "x" * 40)
    monkeypatch.setattr(chainlit_config.code, "password_auth_callback", some_password_callback)
    app = FastAPI()
    app.state.services = login_services

    @app.get("/user")
    async def user(current: Any = Depends(get_current_user)) -> Any:
        return {"identifier": current.identifier}

    app.dependency_overrides[get_current_user] = login.current_user_if_signed_in
    with TestClient(app) as client:
        yield client


def test_chainlit_routes_refuse_a_deactivated_users_token(
    chainlit_routes: TestClient, login_services: Services, session: Session
) -> None:
    add_user(session, "kari@ous.no", Role.partner)
    user = authenticate(login_services, "kari@ous.no", PASSWORD)
    assert user is not None
    token = create_jwt(user)

    assert chainlit_routes.get("/user", cookies={"access_token": token}).json() == {
        "identifier": "kari@ous.no"
    }
    kari = people.get_person_by_email(session=session, email="kari@ous.no")
    people.deactivate_person(session=session, person=kari, actor="test")
    session.commit()

    by_cookie = chainlit_routes.get("/user", cookies={"access_token": token})
    by_header = chainlit_routes.get("/user", headers={"Authorization": f"Bearer {token}"})
    assert by_cookie.status_code == by_header.status_code == 401
    assert by_cookie.json() == {"detail": "The user is deactivated"}
    assert chainlit_routes.get("/user").status_code == 401  # no token at all, as before


def test_chainlit_routes_refuse_an_expired_sign_in(
    chainlit_routes: TestClient, login_services: Services, session: Session
) -> None:
    add_user(session, "kari@ous.no", Role.partner)
    nine_hours_ago = time.time() - 9 * HOUR
    user = authenticate(login_services, "kari@ous.no", PASSWORD, now=nine_hours_ago)
    assert user is not None  # Chainlit's own expiry would still accept its token
    response = chainlit_routes.get("/user", cookies={"access_token": create_jwt(user)})
    assert response.status_code == 401
    assert "sign in again" in response.json()["detail"]


def test_an_unreachable_registry_is_a_503_not_a_pass(
    chainlit_routes: TestClient, login_services: Services, session: Session
) -> None:
    add_user(session, "kari@ous.no", Role.partner)
    user = authenticate(login_services, "kari@ous.no", PASSWORD)
    assert user is not None
    dead = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    chainlit_routes.app.state.services = build_services(  # type: ignore[attr-defined]
        login_services.settings, engine=dead
    )
    response = chainlit_routes.get("/user", cookies={"access_token": create_jwt(user)})
    assert response.status_code == 503
