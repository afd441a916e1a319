"""Declarations and their interests: declare, change, submit, withdraw, expire; version lock.

Plain functions with a keyword-only `session=`. They flush but never commit: the caller
(CLI command, API request) owns the transaction, so a failure half-way leaves nothing written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import update
from sqlmodel import Session, col, select

from assistant.registry import audit
from assistant.registry.errors import (
    AlreadyExistsError,
    InterestFieldError,
    InvalidInputError,
    NotFoundError,
    StaleVersionError,
)
from assistant.registry.models import (
    Declaration,
    DeclaredInterest,
    Interest,
    InterestCreate,
    InterestUpdate,
    Person,
    Status,
    utcnow,
)
from assistant.registry.organisations import get_organisation, resolve_organisation
from assistant.registry.people import get_person
from assistant.registry.workflow import OPEN_STATUSES, Step, next_status

SYSTEM_ACTOR = "system"


def get_declaration(*, session: Session, declaration_id: int) -> Declaration:
    declaration = session.get(Declaration, declaration_id)
    if declaration is None:
        raise NotFoundError(f"No declaration with id {declaration_id}")
    return declaration


def open_declaration(*, session: Session, person_id: int) -> Declaration | None:
    """The person's declaration that is not withdrawn or expired, if any."""
    return session.exec(
        select(Declaration)
        .where(Declaration.person_id == person_id, col(Declaration.status).in_(OPEN_STATUSES))
        .order_by(col(Declaration.id).desc())
    ).first()


def list_declarations(
    *, session: Session, person_id: int | None = None, status: Status | None = None
) -> list[Declaration]:
    statement = select(Declaration).order_by(col(Declaration.id))
    if person_id is not None:
        statement = statement.where(Declaration.person_id == person_id)
    if status is not None:
        statement = statement.where(Declaration.status == status)
    return list(session.exec(statement))


def interests_of(*, session: Session, declaration_id: int) -> list[Interest]:
    return list(
        session.exec(
            select(Interest)
            .where(Interest.declaration_id == declaration_id)
            .order_by(col(Interest.id))
        )
    )


def current_declaration(*, session: Session, person_id: int) -> Declaration | None:
    """The declaration that speaks for a person now: the open one, else none."""
    return open_declaration(session=session, person_id=person_id)


def declare(
    *,
    session: Session,
    person: Person,
    interests: Sequence[InterestCreate] = (),
    actor: str,
    declaration_id: int | None = None,
    expected_version: int | None = None,
) -> Declaration:
    """Declare a person's interests: the one path of the CLI's `declare` and the API.

    Without `declaration_id` it starts a draft, refused while the person has an open
    declaration; with it, the interests join that declaration of theirs under the version
    lock. A counterpart may be given by reference (#id, number, name or alias, see
    `DeclaredInterest`). All or nothing: an unknown counterpart writes nothing.
    """
    if declaration_id is None:
        return create_declaration(
            session=session,
            person_id=person.id,  # type: ignore[arg-type]
            interests=interests,
            actor=actor,
        )
    declaration = get_declaration(session=session, declaration_id=declaration_id)
    if declaration.person_id != person.id:
        raise InvalidInputError(f"Declaration {declaration_id} is not {person.name}'s")
    add_interests(
        session=session,
        declaration_id=declaration_id,
        interests=interests,
        actor=actor,
        expected_version=expected_version,
    )
    return declaration


def create_declaration(
    *,
    session: Session,
    person_id: int,
    interests: Sequence[InterestCreate] = (),
    actor: str,
) -> Declaration:
    """A new draft for a person who has no open declaration, with its first interests."""
    person = get_person(session=session, person_id=person_id)
    existing = open_declaration(session=session, person_id=person_id)
    if existing is not None:
        raise AlreadyExistsError(
            f"{person.name} already has declaration {existing.id} ({existing.status}); "
            "change that one instead"
        )
    resolved = _with_counterparts(session, interests)
    declaration = Declaration(person_id=person_id)
    session.add(declaration)
    session.flush()
    audit.append_event(
        session,
        actor=actor,
        action="declaration.create",
        entity="declaration",
        entity_id=declaration.id,
        after=audit.record_of(declaration),
    )
    for item in resolved:
        _insert_interest(session, declaration, item, actor)
    return declaration


def _with_counterparts(
    session: Session, interests: Sequence[InterestCreate]
) -> list[InterestCreate]:
    """The interests with every counterpart checked, and one given by reference resolved."""
    resolved = []
    for item in interests:
        if isinstance(item, DeclaredInterest):
            values = item.model_dump(exclude={"organisation"})
            if item.organisation is not None:
                found = resolve_organisation(session=session, reference=item.organisation)
                values["organisation_id"] = found.id
            item = InterestCreate.model_validate(values)
        _check_counterpart(session, item.organisation_id)
        resolved.append(item)
    return resolved


def _check_counterpart(session: Session, organisation_id: int | None) -> None:
    if organisation_id is not None:
        get_organisation(session=session, organisation_id=organisation_id)


def _insert_interest(
    session: Session, declaration: Declaration, data: InterestCreate, actor: str
) -> Interest:
    interest = Interest(declaration_id=declaration.id, **data.model_dump())  # type: ignore[arg-type]
    session.add(interest)
    session.flush()
    audit.append_event(
        session,
        actor=actor,
        action="interest.create",
        entity="interest",
        entity_id=interest.id,
        after=audit.record_of(interest),
    )
    return interest


def bump_version(
    session: Session,
    declaration: Declaration,
    expected_version: int | None,
    **values: Any,
) -> None:
    """Write `values` only if nobody changed the declaration since `expected_version`."""
    expected = declaration.version if expected_version is None else expected_version
    now = utcnow()
    result = session.execute(
        update(Declaration)
        .where(col(Declaration.id) == declaration.id, col(Declaration.version) == expected)
        .values(version=Declaration.version + 1, updated_at=now, **values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(declaration)
        raise StaleVersionError(
            f"Declaration {declaration.id} was changed by someone else (it is now version "
            f"{declaration.version}, you had {expected}): reload it and try again"
        )
    session.refresh(declaration)


def check_version(declaration: Declaration, expected_version: int | None) -> None:
    """Fail early when the caller read an older version (the UPDATE re-checks it)."""
    if expected_version is not None and expected_version != declaration.version:
        raise StaleVersionError(
            f"Declaration {declaration.id} was changed by someone else (it is now version "
            f"{declaration.version}, you had {expected_version}): reload it and try again"
        )


def add_interests(
    *,
    session: Session,
    declaration_id: int,
    interests: Sequence[InterestCreate],
    actor: str,
    expected_version: int | None = None,
) -> list[Interest]:
    """Add interests to a declaration in one version step; an approved one needs review again."""
    if not interests:
        raise InvalidInputError(f"No interest to add to declaration {declaration_id}")
    declaration = get_declaration(session=session, declaration_id=declaration_id)
    check_version(declaration, expected_version)
    status = next_status(declaration.status, Step.change, declaration.id)
    resolved = _with_counterparts(session, interests)
    before = audit.record_of(declaration)
    bump_version(session, declaration, expected_version, status=status)
    log_status_change(session, declaration, before, actor)
    return [_insert_interest(session, declaration, item, actor) for item in resolved]


def add_interest(
    *,
    session: Session,
    declaration_id: int,
    data: InterestCreate,
    actor: str,
    expected_version: int | None = None,
) -> Interest:
    [interest] = add_interests(
        session=session,
        declaration_id=declaration_id,
        interests=[data],
        actor=actor,
        expected_version=expected_version,
    )
    return interest


def update_interest(
    *,
    session: Session,
    declaration_id: int,
    interest_id: int,
    data: InterestUpdate,
    actor: str,
) -> Interest:
    declaration = get_declaration(session=session, declaration_id=declaration_id)
    interest = session.get(Interest, interest_id)
    if interest is None or interest.declaration_id != declaration_id:
        raise NotFoundError(f"Declaration {declaration_id} has no interest {interest_id}")
    check_version(declaration, data.version)
    status = next_status(declaration.status, Step.change, declaration.id)
    changes = data.model_dump(exclude_unset=True, exclude={"version", "organisation"})
    if data.organisation is not None:
        changes["organisation_id"] = resolve_organisation(
            session=session, reference=data.organisation
        ).id
    merged = {
        **interest.model_dump(include=set(InterestCreate.model_fields), warnings=False),
        **changes,
    }
    try:
        checked = InterestCreate.model_validate(merged)
    except ValidationError as exc:  # the same line as before, with the field for a surface
        raise InterestFieldError(exc) from None
    _check_counterpart(session, checked.organisation_id)
    before_interest = audit.record_of(interest)
    before = audit.record_of(declaration)
    bump_version(session, declaration, data.version, status=status)
    log_status_change(session, declaration, before, actor)
    for key, value in checked.model_dump().items():
        setattr(interest, key, value)
    interest.updated_at = utcnow()
    session.add(interest)
    session.flush()
    audit.append_event(
        session,
        actor=actor,
        action="interest.update",
        entity="interest",
        entity_id=interest.id,
        before=before_interest,
        after=audit.record_of(interest),
    )
    return interest


def log_status_change(
    session: Session, declaration: Declaration, before: dict[str, Any], actor: str
) -> None:
    if before["status"] != declaration.status:
        audit.append_event(
            session,
            actor=actor,
            action=f"declaration.{declaration.status}",
            entity="declaration",
            entity_id=declaration.id,
            before=before,
            after=audit.record_of(declaration),
        )


def _transition(
    session: Session,
    declaration_id: int,
    actor: str,
    expected_version: int | None,
    step: Step,
    **fields: object,
) -> Declaration:
    """Move a declaration one workflow step, bump its version and audit the change."""
    declaration = get_declaration(session=session, declaration_id=declaration_id)
    check_version(declaration, expected_version)
    status = next_status(declaration.status, step, declaration.id)
    before = audit.record_of(declaration)
    bump_version(session, declaration, expected_version, status=status, **fields)
    audit.append_event(
        session,
        actor=actor,
        action=f"declaration.{step.value}",
        entity="declaration",
        entity_id=declaration.id,
        before=before,
        after=audit.record_of(declaration),
    )
    return declaration


def submit_declaration(
    *,
    session: Session,
    declaration_id: int,
    actor: str,
    expected_version: int | None = None,
) -> Declaration:
    return _transition(
        session, declaration_id, actor, expected_version, Step.submit, submitted_at=utcnow()
    )


def withdraw_declaration(
    *,
    session: Session,
    declaration_id: int,
    actor: str,
    expected_version: int | None = None,
) -> Declaration:
    return _transition(
        session, declaration_id, actor, expected_version, Step.withdraw, closed_at=utcnow()
    )


def expire_overdue(*, session: Session, now: datetime | None = None) -> list[Declaration]:
    """Move approvals older than their validity to expired: the annual re-declaration."""
    now = now or utcnow()
    overdue = session.exec(
        select(Declaration).where(
            col(Declaration.status).in_([Status.approved, Status.update_required]),
            col(Declaration.expires_at) <= now,
        )
    ).all()
    expired = []
    for declaration in overdue:
        before = audit.record_of(declaration)
        status = next_status(declaration.status, Step.expire, declaration.id)
        try:
            bump_version(session, declaration, None, status=status, closed_at=now)
        except StaleVersionError:  # another worker got there first
            continue
        audit.append_event(
            session,
            actor=SYSTEM_ACTOR,
            action="declaration.expire",
            entity="declaration",
            entity_id=declaration.id,
            before=before,
            after=audit.record_of(declaration),
        )
        expired.append(declaration)
    return expired
