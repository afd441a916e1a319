"""Reminders: who must declare, submit again or renew soon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from assistant.registry import audit
from assistant.registry.declarations import expire_overdue, open_declaration
from assistant.registry.models import Declaration, Person, Role, Status, utcnow
from assistant.registry.people import list_people


@dataclass(frozen=True)
class Reminder:
    person_id: int
    person_name: str
    email: str
    declaration_id: int | None
    status: str
    due: datetime | None
    reason: str


def reminders(
    *, session: Session, now: datetime | None = None, within_days: int = 30
) -> list[Reminder]:
    """People whose declaration is missing, expired, awaiting update or due soon."""
    now = now or utcnow()
    expire_overdue(session=session, now=now)
    horizon = now + timedelta(days=within_days)
    out: list[Reminder] = []
    for person in list_people(session=session):
        if person.role == Role.coordinator or not person.active:
            continue
        declaration = open_declaration(session=session, person_id=person.id)  # type: ignore[arg-type]
        if declaration is None:
            latest = session.exec(
                select(Declaration)
                .where(Declaration.person_id == person.id)
                .order_by(col(Declaration.id).desc())
            ).first()
            reason = "expired: declare again" if latest else "no declaration yet"
            out.append(_reminder(person, latest, reason))
            continue
        expires = audit.as_utc(declaration.expires_at) if declaration.expires_at else None
        if declaration.status == Status.update_required:
            out.append(_reminder(person, declaration, "changed since approval: submit again"))
        elif declaration.status in (Status.draft, Status.returned):
            out.append(_reminder(person, declaration, f"{declaration.status}: submit it"))
        elif declaration.status == Status.approved and expires and expires <= horizon:
            out.append(_reminder(person, declaration, f"expires {expires.date().isoformat()}"))
    return out


def _reminder(person: Person, declaration: Declaration | None, reason: str) -> Reminder:
    return Reminder(
        person_id=person.id,  # type: ignore[arg-type]
        person_name=person.name,
        email=person.email,
        declaration_id=declaration.id if declaration else None,
        status=declaration.status if declaration else "none",
        due=declaration.expires_at if declaration else None,
        reason=reason,
    )
