"""Chat sign-in with a registry user's e-mail and password (assistant.chat.login)."""

from __future__ import annotations

from sqlmodel import Session

from assistant.chat.login import authenticate
from assistant.registry import people
from assistant.registry.models import Role
from assistant.services import Services
from tests.chat.conftest import PASSWORD, add_user


def test_login_accepts_the_right_password_only(services: Services, session: Session) -> None:
    person_id = add_user(session, "ola@arena.no", Role.coordinator)
    user = authenticate(services, "Ola@Arena.no ", PASSWORD)
    assert user is not None
    assert user.identifier == "ola@arena.no"
    assert user.metadata == {"person_id": person_id, "role": "coordinator"}
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
