"""What each viewer sees of a conflict check: coordinators all of it, facilitators what they need.

A facilitator runs the meeting, so they see each participant's severity, the recommended
action, the coordinator's decision and the rulings per agenda item, plus the public summary
(organisation, position, category) of interests the participant made publishable. Of a
private interest they see nothing: no counterpart, category, holder, value or description.
Every surface (API, chat, CLI) gets its view from `conflict_check_for`, never by itself.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field
from sqlmodel import Session

from assistant.registry import access, activities, conflicts
from assistant.registry.errors import PermissionDeniedError
from assistant.registry.models import Category, Interest, Person, Role, utcnow


class ConflictCheck(BaseModel):
    """The whole check, evidence included: for coordinators and the console's operator."""

    view: Literal["full"] = "full"
    activity_id: int
    activity: str
    kind: str
    as_of: str
    checked_at: str
    participants: list[conflicts.Finding]
    minutes: list[conflicts.ItemMinutes]

    def minutes_markdown(self) -> str:
        return conflicts.minutes_markdown(self)


class PublicInterestNote(BaseModel):
    """A publishable interest that touches the activity, as the public summary shows it."""

    organisation_id: int | None
    organisation_name: str | None
    position: str | None
    category: Category
    severity: str


class FacilitatorFinding(BaseModel):
    """One participant as the facilitator sees them: how much, what to do, what was decided."""

    person_id: int
    name: str
    participant_role: str
    declaration_id: int | None
    declaration_status: str
    current_declaration: bool
    severity: str
    recommended_decision: str | None
    recommended_action: str
    reviewed_decision: str | None
    recused_items: list[str]
    public_interests: list[PublicInterestNote]

    def grounds(self) -> list[str]:
        return [
            f"{n.category}: {n.organisation_name or '-'}"
            + (f" ({n.position})" if n.position else "")
            for n in self.public_interests
        ]


class ConflictCheckFacilitatorView(BaseModel):
    """The check for the facilitator running the activity: no private interest in it."""

    view: Literal["facilitator"] = "facilitator"
    activity_id: int
    activity: str
    kind: str
    as_of: str
    checked_at: str
    participants: list[FacilitatorFinding]
    minutes: list[conflicts.ItemMinutes]

    def minutes_markdown(self) -> str:
        return conflicts.minutes_markdown(self)


# `view` tells the two apart, for clients and for the OpenAPI schema.
ConflictCheckView = Annotated[
    ConflictCheck | ConflictCheckFacilitatorView, Field(discriminator="view")
]


def conflict_check_for(
    *,
    session: Session,
    activity_id: int,
    viewer: Person | None,
    cooling_off_years: int,
    as_of: date | None = None,
) -> ConflictCheck | ConflictCheckFacilitatorView:
    """The conflict check of an activity as `viewer` may see it.

    `viewer` None is the operator at the console, who holds the database itself: the full
    check. A coordinator gets the full check; the facilitator who runs the activity the
    facilitator view; anyone else a PermissionDeniedError.
    """
    activity = activities.get_activity(session=session, activity_id=activity_id)
    if viewer is not None:
        if not viewer.active:
            raise PermissionDeniedError(f"{viewer.email} is deactivated")
        access.require_activity_check(viewer, activity)
    report = conflicts.check_activity(
        session=session, activity_id=activity_id, cooling_off_years=cooling_off_years, as_of=as_of
    )
    # require_activity_check let nobody else through; this keeps it so if that rule widens.
    outsider = viewer is not None and activity.facilitator_id != viewer.id
    if outsider and not access.is_coordinator(viewer):  # type: ignore[arg-type]
        raise PermissionDeniedError(f"Activity {activity_id} is not yours to check")
    return _view(session, report, viewer)


def plan_check_for(
    *,
    session: Session,
    plan: conflicts.Plan,
    viewer: Person | None,
    cooling_off_years: int,
    as_of: date | None = None,
) -> ConflictCheck | ConflictCheckFacilitatorView:
    """The conflict check of a planned activity (a brief's participants) as `viewer` may see it.

    Planning is the facilitators' and coordinators' work: coordinators get the full check, a
    facilitator the facilitator view, anyone else a PermissionDeniedError.
    """
    if viewer is not None:
        if not viewer.active:
            raise PermissionDeniedError(f"{viewer.email} is deactivated")
        access.require_role(viewer, Role.coordinator, Role.facilitator)
    report = conflicts.check_plan(
        session=session, plan=plan, cooling_off_years=cooling_off_years, as_of=as_of
    )
    return _view(session, report, viewer)


def _view(
    session: Session, report: conflicts.ConflictReport, viewer: Person | None
) -> ConflictCheck | ConflictCheckFacilitatorView:
    if viewer is None or access.is_coordinator(viewer):
        return ConflictCheck(**report.as_dict())
    return ConflictCheckFacilitatorView(
        activity_id=report.activity_id,
        activity=report.activity,
        kind=report.kind,
        as_of=report.as_of,
        checked_at=report.checked_at,
        participants=[_for_facilitator(session, f) for f in report.participants],
        minutes=report.minutes,
    )


def _for_facilitator(session: Session, finding: conflicts.Finding) -> FacilitatorFinding:
    return FacilitatorFinding(
        person_id=finding.person_id,
        name=finding.name,
        participant_role=finding.participant_role,
        declaration_id=finding.declaration_id,
        declaration_status=finding.declaration_status,
        current_declaration=finding.current_declaration,
        severity=finding.severity,
        recommended_decision=finding.recommended_decision,
        recommended_action=finding.recommended_action,
        reviewed_decision=finding.reviewed_decision,
        # Conditions are the coordinator's free text and may describe a private interest.
        recused_items=finding.recused_items,
        public_interests=_public_notes(session, finding),
    )


def _public_notes(session: Session, finding: conflicts.Finding) -> list[PublicInterestNote]:
    """The evidence the public summary would show anyway: approved, publishable, current."""
    if not finding.current_declaration:
        return []
    today = utcnow().date()
    notes = []
    for evidence in finding.evidence:
        interest = session.get(Interest, evidence.interest_id)
        if interest is None or not interest.publishable:
            continue
        if interest.ends_on is not None and interest.ends_on < today:
            continue
        notes.append(
            PublicInterestNote(
                organisation_id=interest.organisation_id,
                organisation_name=evidence.organisation,
                position=interest.position,
                category=Category(interest.category),
                severity=evidence.severity,
            )
        )
    return notes
