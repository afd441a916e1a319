"""Read-only views across declarations: the CSV/JSON export and the public summary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from assistant.registry import audit
from assistant.registry.declarations import interests_of, list_declarations
from assistant.registry.models import (
    Declaration,
    Interest,
    Person,
    PublicInterestSummary,
    Status,
    utcnow,
)
from assistant.registry.organisations import list_organisations
from assistant.registry.people import list_people

EXPORT_COLUMNS = [
    "declaration_id",
    "person",
    "email",
    "status",
    "version",
    "approved_at",
    "expires_at",
    "interest_id",
    "whose",
    "organisation",
    "org_number",
    "position",
    "category",
    "topics",
    "description",
    "value_band",
    "starts_on",
    "ends_on",
    "publishable",
]


def export_rows(*, session: Session) -> list[dict[str, Any]]:
    """One row per interest (or per empty declaration), for CSV and JSON export."""
    organisations = {o.id: o for o in list_organisations(session=session)}
    people = {p.id: p for p in list_people(session=session)}
    rows: list[dict[str, Any]] = []
    for declaration in list_declarations(session=session):
        person = people[declaration.person_id]
        base = {
            "declaration_id": declaration.id,
            "person": person.name,
            "email": person.email,
            "status": str(declaration.status),
            "version": declaration.version,
            "approved_at": _iso(declaration.approved_at),
            "expires_at": _iso(declaration.expires_at),
        }
        interests = interests_of(session=session, declaration_id=declaration.id)  # type: ignore[arg-type]
        if not interests:
            rows.append({column: base.get(column) for column in EXPORT_COLUMNS})
        for interest in interests:
            organisation = organisations.get(interest.organisation_id)
            rows.append(
                base
                | {
                    "interest_id": interest.id,
                    "whose": str(interest.whose),
                    "organisation": organisation.name if organisation else None,
                    "org_number": organisation.org_number if organisation else None,
                    "position": interest.position,
                    "category": str(interest.category),
                    "topics": "; ".join(interest.topics or []),
                    "description": interest.description,
                    "value_band": str(interest.value_band),
                    "starts_on": _iso(interest.starts_on),
                    "ends_on": _iso(interest.ends_on),
                    "publishable": interest.publishable,
                }
            )
    return rows


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return audit.as_utc(value).isoformat()
    return value.isoformat()


def public_summary(*, session: Session, today: date | None = None) -> list[PublicInterestSummary]:
    """Others' approved, publishable, current interests: organisation, role and category only."""
    today = today or utcnow().date()
    rows = session.exec(
        select(Interest, Person)
        .join(Declaration, col(Declaration.id) == col(Interest.declaration_id))
        .join(Person, col(Person.id) == col(Declaration.person_id))
        .where(Declaration.status == Status.approved, col(Interest.publishable).is_(True))
        .order_by(col(Person.name), col(Interest.id))
    ).all()
    names = {o.id: o.name for o in list_organisations(session=session)}
    return [
        PublicInterestSummary(
            person_id=person.id,  # type: ignore[arg-type]
            person_name=person.name,
            organisation_id=interest.organisation_id,
            organisation_name=names.get(interest.organisation_id),
            position=interest.position,
            category=interest.category,
        )
        for interest, person in rows
        if interest.ends_on is None or interest.ends_on >= today
    ]
