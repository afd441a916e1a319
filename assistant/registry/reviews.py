"""Reviews: a coordinator's decision, the snapshot an approval freezes, decision lookups."""

from __future__ import annotations

import calendar
import hashlib
import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from assistant.registry import audit
from assistant.registry.declarations import (
    bump_version,
    check_version,
    get_declaration,
    interests_of,
)
from assistant.registry.errors import NotFoundError, PermissionDeniedError
from assistant.registry.models import (
    Activity,
    Declaration,
    DeclarationSnapshot,
    Organisation,
    Outcome,
    Person,
    Review,
    ReviewCreate,
    Role,
    Status,
    utcnow,
)
from assistant.registry.people import get_person
from assistant.registry.workflow import Step, next_status


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def reviews_of(*, session: Session, declaration_id: int) -> list[Review]:
    return list(
        session.exec(
            select(Review).where(Review.declaration_id == declaration_id).order_by(col(Review.id))
        )
    )


def snapshots_of(*, session: Session, declaration_id: int) -> list[DeclarationSnapshot]:
    return list(
        session.exec(
            select(DeclarationSnapshot)
            .where(DeclarationSnapshot.declaration_id == declaration_id)
            .order_by(col(DeclarationSnapshot.id))
        )
    )


def review_declaration(
    *,
    session: Session,
    declaration_id: int,
    reviewer: Person,
    data: ReviewCreate,
    valid_months: int,
) -> Review:
    """Record a coordinator's decision; an approval freezes the declaration as a snapshot."""
    declaration = get_declaration(session=session, declaration_id=declaration_id)
    if reviewer.role != Role.coordinator:
        raise PermissionDeniedError("Only coordinators may review declarations")
    if reviewer.id == declaration.person_id:
        raise PermissionDeniedError("A reviewer cannot review their own declaration")
    check_version(declaration, data.version)
    step = Step.approve if data.outcome == Outcome.approved else Step.return_
    status = next_status(declaration.status, step, declaration.id)
    if data.activity_id is not None and session.get(Activity, data.activity_id) is None:
        raise NotFoundError(f"No activity with id {data.activity_id}")
    before = audit.record_of(declaration)
    now = utcnow()
    values: dict[str, Any] = {"status": status}
    if status == Status.approved:
        values |= {
            "approved_at": now,
            "expires_at": add_months(now, valid_months),
        }
    bump_version(session, declaration, data.version, **values)
    review = Review(
        declaration_id=declaration.id,  # type: ignore[arg-type]
        reviewer_id=reviewer.id,  # type: ignore[arg-type]
        outcome=data.outcome,
        decision=data.decision,
        reasoning=data.reasoning.strip(),
        conditions=data.conditions.strip(),
        recused_items=[item.strip() for item in data.recused_items],
        activity_id=data.activity_id,
        declaration_version=declaration.version,
        created_at=now,
    )
    session.add(review)
    session.flush()
    audit.append_event(
        session,
        actor=reviewer.email,
        action=f"declaration.review.{data.outcome}",
        entity="declaration",
        entity_id=declaration.id,
        before=before,
        after={"declaration": audit.record_of(declaration), "review": audit.record_of(review)},
    )
    if status == Status.approved:
        _freeze(session, declaration, review, reviewer.email)
    return review


def snapshot_content(*, session: Session, declaration: Declaration) -> dict[str, Any]:
    person = get_person(session=session, person_id=declaration.person_id)
    interests = []
    for interest in interests_of(session=session, declaration_id=declaration.id):  # type: ignore[arg-type]
        record = audit.record_of(interest)
        if interest.organisation_id is not None:
            organisation = session.get(Organisation, interest.organisation_id)
            record["organisation_name"] = organisation.name if organisation else None
        interests.append(record)
    return {
        "declaration": audit.record_of(declaration),
        "person": {"id": person.id, "name": person.name, "email": person.email},
        "interests": interests,
    }


def _freeze(session: Session, declaration: Declaration, review: Review, actor: str) -> None:
    content = audit.canonical_json(snapshot_content(session=session, declaration=declaration))
    snapshot = DeclarationSnapshot(
        declaration_id=declaration.id,  # type: ignore[arg-type]
        review_id=review.id,  # type: ignore[arg-type]
        declaration_version=declaration.version,
        approved_at=declaration.approved_at,  # type: ignore[arg-type]
        content=content,
        content_hash=hashlib.sha256(content.encode()).hexdigest(),
    )
    session.add(snapshot)
    session.flush()
    audit.append_event(
        session,
        actor=actor,
        action="snapshot.create",
        entity="snapshot",
        entity_id=snapshot.id,
        after={"declaration_id": declaration.id, "content_hash": snapshot.content_hash},
    )


def snapshot_dict(snapshot: DeclarationSnapshot) -> dict[str, Any]:
    return json.loads(snapshot.content)


def decision_of_latest_approval(
    *, session: Session, declaration_id: int, activity_id: int | None = None
) -> Review | None:
    """The approving review that governs an activity: one naming it, else the latest."""
    approvals = [
        r
        for r in reviews_of(session=session, declaration_id=declaration_id)
        if r.outcome == Outcome.approved
    ]
    named = [r for r in approvals if activity_id is not None and r.activity_id == activity_id]
    chosen = (named or [r for r in approvals if r.activity_id is None] or [None])[-1]
    return chosen
