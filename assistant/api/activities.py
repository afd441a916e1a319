"""Activity routes: workshops and decisions, their participants and conflict checks."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse
from sqlmodel import Session

from assistant.api.deps import CurrentUser, IdPath, ServicesDep, SessionDep
from assistant.registry import activities, conflict_views
from assistant.registry.conflict_views import ConflictCheck, ConflictCheckFacilitatorView
from assistant.registry.models import (
    ActivityCreate,
    ActivityPublic,
    ParticipantIn,
    ParticipantPublic,
    Person,
)
from assistant.services import Services

router = APIRouter(prefix="/activities", tags=["registry"])

AsOf = Annotated[
    date | None,
    Query(
        description="The day interests are weighed on (YYYY-MM-DD); default the activity's start."
    ),
]


@router.get("", response_model=list[ActivityPublic])
def list_activities(session: SessionDep, user: CurrentUser) -> list[Any]:
    """Activities you coordinate, facilitate or take part in."""
    return [
        activities.activity_public(session=session, activity=a)
        for a in activities.activities_for(session=session, user=user)
    ]


@router.post("", response_model=ActivityPublic, status_code=201)
def create_activity(session: SessionDep, user: CurrentUser, body: ActivityCreate) -> Any:
    """Create a workshop, challenge or decision with organisations, participants, agenda.

    Coordinators create any activity. A facilitator creates one they facilitate, without
    participants (403 otherwise): only a coordinator names who takes part. Organisations go
    by id (`organisation_ids`) or by reference (`organisations`: #id, number, name or alias).
    """
    activity = activities.create_activity_as(session=session, user=user, data=body)
    session.commit()
    return activities.activity_public(session=session, activity=activity)


@router.get("/{activity_id}", response_model=ActivityPublic)
def get_activity(session: SessionDep, user: CurrentUser, activity_id: IdPath) -> Any:
    activity = activities.activity_for(session=session, user=user, activity_id=activity_id)
    return activities.activity_public(session=session, activity=activity)


@router.post("/{activity_id}/participants", response_model=ParticipantPublic, status_code=201)
def add_participant(
    session: SessionDep, user: CurrentUser, activity_id: IdPath, body: ParticipantIn
) -> Any:
    """Add a participant (coordinators only: they decide who takes part)."""
    participant = activities.add_participant_as(
        session=session, user=user, activity_id=activity_id, data=body
    )
    session.commit()
    return participant


def _check(
    services: Services, session: Session, user: Person, activity_id: int, as_of: date | None
) -> ConflictCheck | ConflictCheckFacilitatorView:
    return conflict_views.conflict_check_for(
        session=session,
        activity_id=activity_id,
        viewer=user,
        cooling_off_years=services.settings.cooling_off_years,
        as_of=as_of,
    )


@router.get("/{activity_id}/conflicts", response_model=conflict_views.ConflictCheckView)
def check_conflicts(
    services: ServicesDep,
    session: SessionDep,
    user: CurrentUser,
    activity_id: IdPath,
    as_of: AsOf = None,
) -> Any:
    """Who is touched by which interest, how much, and what to do.

    Coordinators get the whole check (`view: full`, with evidence). The activity's
    facilitator gets `view: facilitator`: severity, recommended action, the coordinator's
    decision and the public summary of publishable interests, never a private interest.
    """
    return _check(services, session, user, activity_id, as_of)


@router.get(
    "/{activity_id}/conflicts/minutes",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/markdown": {}}}},
)
def conflict_minutes(
    services: ServicesDep,
    session: SessionDep,
    user: CurrentUser,
    activity_id: IdPath,
    as_of: AsOf = None,
) -> PlainTextResponse:
    """The conflict check as minutes, naming the date it was made as of."""
    report = _check(services, session, user, activity_id, as_of)
    return PlainTextResponse(report.minutes_markdown(), media_type="text/markdown")
