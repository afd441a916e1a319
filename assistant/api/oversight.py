"""Oversight routes for coordinators: declaration reminders and the audit chain check."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from assistant.api.deps import CurrentUser, SessionDep
from assistant.registry import access, audit
from assistant.registry.models import Role
from assistant.registry.reminders import reminders as due_reminders

router = APIRouter(tags=["registry"])


class ReminderOut(BaseModel):
    person_id: int
    person_name: str
    email: str
    declaration_id: int | None
    status: str
    reason: str


class VerifyOut(BaseModel):
    ok: bool
    events: int
    first_bad_seq: int | None
    problem: str


@router.get("/reminders", response_model=list[ReminderOut])
def reminders(
    session: SessionDep,
    user: CurrentUser,
    within_days: Annotated[int, Query(ge=0, le=366)] = 30,
) -> list[Any]:
    """Declarations missing, expired, awaiting update or due within `within_days`."""
    access.require_role(user, Role.coordinator)
    due = due_reminders(session=session, within_days=within_days)
    session.commit()
    return [ReminderOut(**r.__dict__) for r in due]


@router.get("/audit/verify", response_model=VerifyOut)
def verify_audit(session: SessionDep, user: CurrentUser) -> Any:
    """Recompute the audit chain (coordinators)."""
    report = audit.verify_chain_as(session, user)
    return VerifyOut(**report.__dict__)
