"""A sign-in lasts only while its user is active: API bearer tokens and `people.active_person`."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from assistant.registry import people
from assistant.registry.errors import AuthenticationError
from tests.registry.conftest import Api, World

V1 = "/api/v1"


def test_a_deactivated_users_token_is_refused(api: Api, session: Session) -> None:
    assert api.client.get(f"{V1}/me", headers=api.as_("partner")).status_code == 200
    kari = people.get_person(session=session, person_id=api.world.partner)
    people.deactivate_person(session=session, person=kari, actor="test")
    session.commit()
    response = api.client.get(f"{V1}/me", headers=api.as_("partner"))
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked token"}
    assert api.client.get(f"{V1}/me", headers=api.as_("partner2")).status_code == 200


def test_an_inactive_user_is_refused_even_with_a_token_that_was_never_revoked(
    api: Api, session: Session
) -> None:
    """Deactivation revokes tokens; the active flag is checked on its own all the same."""
    per = people.get_person(session=session, person_id=api.world.partner2)
    per.active = False  # as a database restore or a hand edit could leave it
    session.add(per)
    session.commit()
    assert api.client.get(f"{V1}/me", headers=api.as_("partner2")).status_code == 401


def test_active_person_is_read_afresh(session: Session, world: World) -> None:
    assert people.active_person(session=session, email=" Kari@OUS.no").id == world.partner
    kari = people.get_person(session=session, person_id=world.partner)
    people.deactivate_person(session=session, person=kari, actor="test")
    with pytest.raises(AuthenticationError, match="not an active user"):
        people.active_person(session=session, email="kari@ous.no")
    with pytest.raises(AuthenticationError, match="not an active user"):
        people.active_person(session=session, email="nobody@ous.no")
