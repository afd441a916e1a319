"""Who reads which declarations and activities: rules in the registry, the same through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from assistant.registry import activities, declaration_views, declarations, people
from assistant.registry.errors import PermissionDeniedError
from assistant.registry.models import (
    ActivityCreate,
    ActivityKind,
    ParticipantIn,
    Person,
    Status,
    utcnow,
)
from tests.registry.conftest import Api, World
from tests.registry.test_api import V1, approved_declaration


def _person(session: Session, person_id: int) -> Person:
    return people.get_person(session=session, person_id=person_id)


def test_declarations_for_a_viewer_are_their_own_or_all(session: Session, world: World) -> None:
    mine = declarations.create_declaration(session=session, person_id=world.partner, actor="t")
    theirs = declarations.create_declaration(session=session, person_id=world.partner2, actor="t")
    session.commit()
    partner = _person(session, world.partner)
    coordinator = _person(session, world.coordinator)
    own = declaration_views.declarations_for(session=session, viewer=partner)
    assert [d.id for d in own] == [mine.id]
    every = declaration_views.declarations_for(session=session, viewer=coordinator)
    assert [d.id for d in every] == [mine.id, theirs.id]
    with pytest.raises(PermissionDeniedError):
        declaration_views.read_declaration(
            session=session,
            viewer=partner,
            declaration_id=theirs.id,  # type: ignore[arg-type]
        )


def test_an_overdue_approval_reads_as_expired_through_the_api(api: Api, session: Session) -> None:
    declaration = approved_declaration(api)
    stored = declarations.get_declaration(session=session, declaration_id=declaration["id"])
    stored.expires_at = utcnow() - timedelta(days=1)
    session.add(stored)
    session.commit()
    one = api.client.get(f"{V1}/declarations/{declaration['id']}", headers=api.as_("partner"))
    assert one.json()["status"] == Status.expired
    listed = api.client.get(f"{V1}/declarations", headers=api.as_("coordinator")).json()
    assert [d["status"] for d in listed] == [Status.expired]
    session.expire_all()
    assert (
        declarations.get_declaration(session=session, declaration_id=declaration["id"]).status
        == Status.expired
    )


def test_activities_are_seen_by_coordinators_facilitator_and_participants(
    session: Session, world: World
) -> None:
    activity = activities.create_activity(
        session=session,
        data=ActivityCreate(
            name="Workshop",
            kind=ActivityKind.co_creation,
            facilitator_id=world.facilitator,
            participants=[ParticipantIn(person_id=world.partner)],
        ),
        actor="t",
    )
    session.commit()
    for who in (world.coordinator, world.facilitator, world.partner):
        seen = activities.activities_for(session=session, user=_person(session, who))
        assert [a.id for a in seen] == [activity.id]
    outsider = _person(session, world.partner2)
    assert activities.activities_for(session=session, user=outsider) == []
    with pytest.raises(PermissionDeniedError, match="not yours to see"):
        activities.activity_for(session=session, user=outsider, activity_id=activity.id)  # type: ignore[arg-type]


def test_partners_create_no_activities_and_add_no_participants(
    session: Session, world: World
) -> None:
    partner = _person(session, world.partner)
    with pytest.raises(PermissionDeniedError):
        activities.create_activity_as(
            session=session,
            user=partner,
            data=ActivityCreate(name="Mine", kind=ActivityKind.advisory),
        )
    facilitator = _person(session, world.facilitator)
    created = activities.create_activity_as(
        session=session,
        user=facilitator,
        data=ActivityCreate(name="Frida's", kind=ActivityKind.advisory),
    )
    assert created.facilitator_id == world.facilitator
    with pytest.raises(PermissionDeniedError, match="Only coordinators add participants"):
        activities.add_participant_as(
            session=session,
            user=facilitator,
            activity_id=created.id,  # type: ignore[arg-type]
            data=ParticipantIn(person_id=world.partner),
        )
