"""The registry's rules for adding users, organisations and activities as a signed-in user."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from assistant.registry import activities, audit, organisations, people
from assistant.registry.errors import (
    AlreadyExistsError,
    InvalidInputError,
    PermissionDeniedError,
)
from assistant.registry.models import (
    ActivityCreate,
    ActivityKind,
    ParticipantIn,
    PersonCreate,
    Role,
)
from tests.registry.conftest import World


def _person(session: Session, person_id: int) -> people.Person:
    return people.get_person(session=session, person_id=person_id)


def test_a_coordinator_adds_a_user_with_a_password_and_the_log_records_who(
    session: Session, world: World
) -> None:
    ola = _person(session, world.coordinator)
    data = PersonCreate(name="Nina Ny", email="Nina@OUS.no", role=Role.facilitator, organisation_id=world.ous)  # fmt: skip
    nina = people.create_person_as(session=session, user=ola, data=data, password="long enough pw")
    assert (nina.email, nina.role, nina.organisation_id) == (
        "nina@ous.no",
        "facilitator",
        world.ous,
    )
    assert people.authenticate_password(
        session=session, email="nina@ous.no", password="long enough pw"
    )
    (event,) = audit.events_for(session, "person", nina.id)  # type: ignore[arg-type]
    assert (event.action, event.actor) == ("person.create", "ola@arena.no")


@pytest.mark.parametrize("who", ["partner", "facilitator"])
def test_only_coordinators_add_users(session: Session, world: World, who: str) -> None:
    user = _person(session, getattr(world, who))
    data = PersonCreate(name="Nina Ny", email="nina@ous.no")
    with pytest.raises(PermissionDeniedError, match="coordinator role"):
        people.create_person_as(session=session, user=user, data=data)
    with pytest.raises(PermissionDeniedError):
        people.require_people_admin(user)
    assert [p.email for p in people.list_people(session=session)].count("nina@ous.no") == 0


def test_a_new_users_name_and_email_are_checked_one_at_a_time(
    session: Session, world: World
) -> None:
    assert people.check_person_name("  Nina Ny ") == "Nina Ny"
    with pytest.raises(InvalidInputError, match="name"):
        people.check_person_name("N")
    assert people.check_new_email(session=session, email=" Nina@OUS.no ") == "nina@ous.no"
    with pytest.raises(InvalidInputError, match="email"):
        people.check_new_email(session=session, email="nina-at-ous.no")
    with pytest.raises(AlreadyExistsError, match=r"kari@ous\.no already exists"):
        people.check_new_email(session=session, email="KARI@ous.no")


def test_a_new_organisations_name_number_and_aliases_are_checked(
    session: Session, world: World
) -> None:
    assert organisations.check_new_organisation(session=session, name=" Ahus ") == "Ahus"
    with pytest.raises(InvalidInputError, match="at least 2 characters"):
        organisations.check_new_organisation(session=session, name="A")
    with pytest.raises(AlreadyExistsError, match="already the name of Medtek AS"):
        organisations.check_new_organisation(session=session, name="medtek as")
    assert organisations.check_new_number(session=session, number="983 971 636") == "983971636"
    with pytest.raises(InvalidInputError, match="check digit"):
        organisations.check_new_number(session=session, number="983971637")
    with pytest.raises(AlreadyExistsError, match="already registered"):
        organisations.check_new_number(session=session, number="993467049")
    assert organisations.check_new_aliases(session=session, aliases=["AHUS", " A-hus "]) == [
        "AHUS",
        "A-hus",
    ]
    with pytest.raises(AlreadyExistsError):
        organisations.check_new_aliases(session=session, aliases=["Bærum kommune"])


def test_only_coordinators_plan_an_activity_with_participants(
    session: Session, world: World
) -> None:
    data = ActivityCreate(
        name="Sensor workshop",
        kind=ActivityKind.co_creation,
        participants=[ParticipantIn(person_id=world.partner)],
    )
    for who in ("partner", "facilitator"):
        user = _person(session, getattr(world, who))
        with pytest.raises(PermissionDeniedError):
            activities.require_participant_admin(user)
        with pytest.raises(PermissionDeniedError):
            activities.create_activity_as(session=session, user=user, data=data)
    ola = _person(session, world.coordinator)
    activities.require_participant_admin(ola)
    activity = activities.create_activity_as(session=session, user=ola, data=data)
    assert [p.person_id for p in activities.participants_of(session=session, activity_id=activity.id)] == [world.partner]  # type: ignore[arg-type]  # fmt: skip


def test_only_coordinators_verify_the_audit_chain(session: Session, world: World) -> None:
    report = audit.verify_chain_as(session, _person(session, world.coordinator))
    assert report.ok
    assert report.events == audit.count_events(session=session)
    for who in ("partner", "facilitator"):
        with pytest.raises(PermissionDeniedError):
            audit.verify_chain_as(session, _person(session, getattr(world, who)))
