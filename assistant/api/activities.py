"""Activity routes: workshops and decisions, their participants and conflict checks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel
from sqlmodel import Session

from assistant.api.deps import CurrentUser, IdPath, ServicesDep, SessionDep
from assistant.registry import access, activities, conflicts
from assistant.registry.errors import PermissionDeniedError
from assistant.registry.models import (
    Activity,
    ActivityCreate,
    ActivityPublic,
    ParticipantIn,
    ParticipantPublic,
    Person,
    Role,
)
from assistant.services import Services

router = APIRouter(prefix="/activities", tags=["registry"])


def _visible_activity(session: Session, user: Person, activity: Activity) -> bool:
    if access.is_coordinator(user) or activity.facilitator_id == user.id:
        return True
    participants = activities.participants_of(session=session, activity_id=activity.id)  # type: ignore[arg-type]
    return any(p.person_id == user.id for p in participants)


@router.get("", response_model=list[ActivityPublic])
def list_activities(session: SessionDep, user: CurrentUser) -> list[Any]:
    """Activities you coordinate, facilitate or take part in."""
    return [
        activities.activity_public(session=session, activity=a)
        for a in activities.list_activities(session=session)
        if _visible_activity(session, user, a)
    ]


@router.post("", response_model=ActivityPublic, status_code=201)
def create_activity(session: SessionDep, user: CurrentUser, body: ActivityCreate) -> Any:
    """Create a workshop, challenge or decision with organisations, participants, agenda."""
    access.require_role(user, Role.coordinator, Role.facilitator)
    if user.role == Role.facilitator:
        if body.facilitator_id not in (None, user.id):
            raise PermissionDeniedError("Facilitators create activities they run themselves")
        body.facilitator_id = user.id
    activity = activities.create_activity(session=session, data=body, actor=user.email)
    session.commit()
    return activities.activity_public(session=session, activity=activity)


def _activity_for(session: Session, user: Person, activity_id: int) -> Activity:
    activity = activities.get_activity(session=session, activity_id=activity_id)
    if not _visible_activity(session, user, activity):
        raise PermissionDeniedError(f"Activity {activity_id} is not yours to see")
    return activity


@router.get("/{activity_id}", response_model=ActivityPublic)
def get_activity(session: SessionDep, user: CurrentUser, activity_id: IdPath) -> Any:
    return activities.activity_public(
        session=session, activity=_activity_for(session, user, activity_id)
    )


@router.post("/{activity_id}/participants", response_model=ParticipantPublic, status_code=201)
def add_participant(
    session: SessionDep, user: CurrentUser, activity_id: IdPath, body: ParticipantIn
) -> Any:
    """Add a participant (coordinators and the activity's facilitator)."""
    activity = activities.get_activity(session=session, activity_id=activity_id)
    access.require_activity_check(user, activity)
    participant = activities.add_participant(
        session=session, activity_id=activity_id, data=body, actor=user.email
    )
    session.commit()
    return participant


class ConflictCheck(BaseModel):
    """The conflict check of an activity: findings per participant and minutes per item."""

    activity_id: int
    activity: str
    kind: str
    checked_at: str
    participants: list[conflicts.Finding]
    minutes: list[conflicts.ItemMinutes]


def _report(services: Services, session: Session, user: Person, activity_id: int) -> Any:
    activity = activities.get_activity(session=session, activity_id=activity_id)
    access.require_activity_check(user, activity)
    return conflicts.check_activity(
        session=session,
        activity_id=activity_id,
        cooling_off_years=services.settings.cooling_off_years,
    )


@router.get("/{activity_id}/conflicts", response_model=ConflictCheck)
def check_conflicts(
    services: ServicesDep, session: SessionDep, user: CurrentUser, activity_id: IdPath
) -> Any:
    """Who is touched by which interest, how much, and what to do (coordinators, facilitator)."""
    return ConflictCheck(**_report(services, session, user, activity_id).as_dict())


@router.get(
    "/{activity_id}/conflicts/minutes",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/markdown": {}}}},
)
def conflict_minutes(
    services: ServicesDep, session: SessionDep, user: CurrentUser, activity_id: IdPath
) -> PlainTextResponse:
    """The conflict check as minutes: per agenda item, who may take part in what."""
    report = _report(services, session, user, activity_id)
    return PlainTextResponse(report.minutes_markdown(), media_type="text/markdown")
