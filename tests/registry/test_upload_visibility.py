"""Who may upload documents for which readers: `access.upload_visibility`."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from assistant.registry import access, people
from assistant.registry.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from assistant.registry.models import PersonCreate, Role
from tests.registry.conftest import World

OUS = "org:Oslo universitetssykehus HF"


def _person(session: Session, person_id: int):  # type: ignore[no-untyped-def]
    return people.get_person(session=session, person_id=person_id)


def _add(session: Session, email: str, role: Role, organisation_id: int | None):  # type: ignore[no-untyped-def]
    person = people.create_person(
        session=session,
        data=PersonCreate(
            name=email.split("@")[0], email=email, role=role, organisation_id=organisation_id
        ),
        actor="test",
    )
    session.commit()
    return person


def test_a_partner_uploads_for_their_own_organisation_only(session: Session, world: World) -> None:
    kari = _person(session, world.partner)
    assert access.upload_visibility(session, kari, access.UPLOAD_OWN) == OUS
    assert access.upload_visibility(session, kari, "org:993467049") == OUS  # by its number
    with pytest.raises(PermissionDeniedError, match="own organisation only"):
        access.upload_visibility(session, kari, access.UPLOAD_ARENA)
    with pytest.raises(PermissionDeniedError, match="Only coordinators"):
        access.upload_visibility(session, kari, "org:Medtek AS")


def test_a_partner_without_an_organisation_may_not_upload(session: Session, world: World) -> None:
    loner = _add(session, "loner@example.no", Role.partner, None)
    for choice in (access.UPLOAD_OWN, access.UPLOAD_ARENA):
        with pytest.raises(PermissionDeniedError):
            access.upload_visibility(session, loner, choice)


def test_a_facilitator_uploads_for_the_arena_or_their_organisation(
    session: Session, world: World
) -> None:
    frida = _person(session, world.facilitator)  # in no organisation
    assert access.upload_visibility(session, frida, access.UPLOAD_ARENA) == "arena"
    with pytest.raises(PermissionDeniedError, match="belongs to no organisation"):
        access.upload_visibility(session, frida, access.UPLOAD_OWN)
    fia = _add(session, "fia@ous.no", Role.facilitator, world.ous)
    assert access.upload_visibility(session, fia, access.UPLOAD_OWN) == OUS
    with pytest.raises(PermissionDeniedError, match="Only coordinators"):
        access.upload_visibility(session, fia, "org:Bærum kommune")


def test_a_coordinator_may_name_any_registered_organisation(session: Session, world: World) -> None:
    ola = _person(session, world.coordinator)
    assert access.upload_visibility(session, ola, access.UPLOAD_ARENA) == "arena"
    assert access.upload_visibility(session, ola, "org:Medtek") == "org:Medtek AS"
    assert access.upload_visibility(session, ola, "Bærum kommune") == "org:Bærum kommune"
    with pytest.raises(NotFoundError):
        access.upload_visibility(session, ola, "org:Ukjent Helse AS")
    with pytest.raises(InvalidInputError):
        access.upload_visibility(session, ola, "  ")


def test_a_deactivated_user_uploads_nothing(session: Session, world: World) -> None:
    frida = _person(session, world.facilitator)
    people.deactivate_person(session=session, person=frida, actor="test")
    session.commit()
    with pytest.raises(PermissionDeniedError, match="deactivated"):
        access.upload_visibility(session, frida, access.UPLOAD_ARENA)
