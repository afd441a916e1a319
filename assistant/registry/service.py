"""The registry's service layer for organisations, people and declarations.

Plain functions with a keyword-only `session=`; `activities`, `retention` and `reports`
are its siblings for activities, the retention purge and exports.

Functions flush but never commit: the caller (CLI command, API request) owns the
transaction, so a failure half-way leaves nothing written.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from assistant.registry import audit
from assistant.registry.auth import (
    MAX_PASSWORD,
    MIN_PASSWORD,
    dummy_password_hash,
    hash_password,
    new_token,
    token_digest,
    verify_password,
)
from assistant.registry.errors import (
    AlreadyExistsError,
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StaleVersionError,
)
from assistant.registry.models import (
    Activity,
    ApiToken,
    AuditEvent,
    Declaration,
    DeclarationSnapshot,
    Interest,
    InterestCreate,
    InterestUpdate,
    Organisation,
    OrganisationCreate,
    OrganisationUpdate,
    Outcome,
    Person,
    PersonCreate,
    PublicInterestSummary,
    Review,
    ReviewCreate,
    Role,
    Status,
    utcnow,
)
from assistant.registry.names import (
    any_names_match,
    normalise_name,
    validate_org_number,
)
from assistant.registry.workflow import OPEN_STATUSES, Step, next_status

SYSTEM_ACTOR = "system"


def first_error(exc: ValidationError) -> str:
    """A pydantic error as one readable line: 'ends_on: must not be before starts_on'."""
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


# Organisations ---------------------------------------------------------------------------


def create_organisation(*, session: Session, data: OrganisationCreate, actor: str) -> Organisation:
    if (
        data.org_number
        and session.exec(
            select(Organisation).where(Organisation.org_number == data.org_number)
        ).first()
    ):
        raise AlreadyExistsError(f"Organisation number {data.org_number} is already registered")
    key = normalise_name(data.name)
    for existing in session.exec(select(Organisation)):
        if normalise_name(existing.name) == key:
            raise AlreadyExistsError(
                f"'{data.name}' is already registered as organisation {existing.id}"
            )
    organisation = Organisation.model_validate(data)
    session.add(organisation)
    session.flush()
    audit.append_event(
        session,
        actor=actor,
        action="organisation.create",
        entity="organisation",
        entity_id=organisation.id,
        after=audit.record_of(organisation),
    )
    return organisation


def update_organisation(
    *, session: Session, organisation_id: int, data: OrganisationUpdate, actor: str
) -> Organisation:
    organisation = get_organisation(session=session, organisation_id=organisation_id)
    before = audit.record_of(organisation)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    for key, value in changes.items():
        setattr(organisation, key, value)
    session.add(organisation)
    session.flush()
    audit.append_event(
        session,
        actor=actor,
        action="organisation.update",
        entity="organisation",
        entity_id=organisation.id,
        before=before,
        after=audit.record_of(organisation),
    )
    return organisation


def get_organisation(*, session: Session, organisation_id: int) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFoundError(f"No organisation with id {organisation_id}")
    return organisation


def list_organisations(*, session: Session) -> list[Organisation]:
    return list(session.exec(select(Organisation).order_by(col(Organisation.name))))


def resolve_organisation(*, session: Session, reference: str) -> Organisation:
    """Find an organisation by id, organisation number, name or alias (variants tolerated)."""
    reference = reference.strip()
    if reference.startswith("#") and reference[1:].isdigit():
        return get_organisation(session=session, organisation_id=int(reference[1:]))
    digits = reference.replace(" ", "")
    if digits.isdigit() and len(digits) == 9:
        number = validate_org_number(digits)
        found = session.exec(select(Organisation).where(Organisation.org_number == number)).first()
        if found is None:
            raise NotFoundError(f"No organisation with number {number}")
        return found
    organisations = list_organisations(session=session)
    key = normalise_name(reference)
    exact = [
        o
        for o in organisations
        if key and key in {normalise_name(n) for n in [o.name, *(o.aliases or [])]}
    ]
    candidates = exact or [
        o for o in organisations if any_names_match([reference], [o.name, *(o.aliases or [])])
    ]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFoundError(
            f"Unknown organisation '{reference}': add it with `arena registry organisations add`"
        )
    names = ", ".join(f"{o.name} (#{o.id})" for o in candidates[:5])
    raise InvalidInputError(f"'{reference}' matches several organisations: {names}; use #ID")


# People and access -------------------------------------------------------------------------


def create_person(
    *, session: Session, data: PersonCreate, actor: str, password: str | None = None
) -> Person:
    email = data.email.lower()
    if session.exec(select(Person).where(Person.email == email)).first():
        raise AlreadyExistsError(f"A user with e-mail {email} already exists")
    if data.organisation_id is not None:
        get_organisation(session=session, organisation_id=data.organisation_id)
    person = Person(
        name=data.name.strip(), email=email, role=data.role, organisation_id=data.organisation_id
    )
    if password is not None:
        person.password_hash = _checked_password_hash(password)
    session.add(person)
    session.flush()
    audit.append_event(
        session,
        actor=actor,
        action="person.create",
        entity="person",
        entity_id=person.id,
        after=audit.record_of(person),
    )
    return person


def _checked_password_hash(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidInputError(f"A password must have {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    return hash_password(password)


def get_person(*, session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(f"No person with id {person_id}")
    return person


def get_person_by_email(*, session: Session, email: str) -> Person:
    person = session.exec(select(Person).where(Person.email == email.strip().lower())).first()
    if person is None:
        raise NotFoundError(f"No user with e-mail {email}: add one with `arena users add`")
    return person


def list_people(*, session: Session) -> list[Person]:
    return list(session.exec(select(Person).order_by(col(Person.name))))


def issue_token(*, session: Session, person: Person, actor: str) -> str:
    """A new API token for `person`; only its hash is stored, so show it once."""
    token = new_token()
    record = ApiToken(person_id=person.id, token_hash=token_digest(token))  # type: ignore[arg-type]
    session.add(record)
    session.flush()
    audit.append_event(
        session,
        actor=actor,
        action="token.issue",
        entity="person",
        entity_id=person.id,
        after={"token_id": record.id},
    )
    return token


def deactivate_person(*, session: Session, person: Person, actor: str) -> int:
    """Stop a user signing in: mark them inactive and revoke their tokens; returns how many."""
    before = audit.record_of(person)
    person.active = False
    session.add(person)
    tokens = session.exec(
        select(ApiToken).where(ApiToken.person_id == person.id, col(ApiToken.revoked_at).is_(None))
    ).all()
    for token in tokens:
        token.revoked_at = utcnow()
        session.add(token)
    session.flush()
    audit.append_event(
        session,
        actor=actor,
        action="person.deactivate",
        entity="person",
        entity_id=person.id,
        before=before,
        after=audit.record_of(person) | {"revoked_tokens": len(tokens)},
    )
    return len(tokens)


def authenticate_token(*, session: Session, token: str | None) -> Person:
    if not token:
        raise AuthenticationError("Missing bearer token: get one with `arena users token EMAIL`")
    record = session.exec(
        select(ApiToken).where(
            ApiToken.token_hash == token_digest(token), col(ApiToken.revoked_at).is_(None)
        )
    ).first()
    person = session.get(Person, record.person_id) if record else None
    if person is None or not person.active:
        raise AuthenticationError("Invalid or revoked token")
    return person


def authenticate_password(*, session: Session, email: str, password: str) -> Person | None:
    """The user for an e-mail and password (the web login), or None."""
    person = session.exec(select(Person).where(Person.email == email.strip().lower())).first()
    if person is None or not person.active:
        # Verify anyway so a wrong e-mail takes as long as a wrong password.
        verify_password(dummy_password_hash(), password)
        return None
    return person if verify_password(person.password_hash, password) else None


# Declarations ----------------------------------------------------------------------------


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


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
    for item in interests:
        _check_counterpart(session, item.organisation_id)
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
    for item in interests:
        _insert_interest(session, declaration, item, actor)
    return declaration


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


def _bump(
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


def _check_version(declaration: Declaration, expected_version: int | None) -> None:
    """Fail early when the caller read an older version (the UPDATE re-checks it)."""
    if expected_version is not None and expected_version != declaration.version:
        raise StaleVersionError(
            f"Declaration {declaration.id} was changed by someone else (it is now version "
            f"{declaration.version}, you had {expected_version}): reload it and try again"
        )


def add_interest(
    *,
    session: Session,
    declaration_id: int,
    data: InterestCreate,
    actor: str,
    expected_version: int | None = None,
) -> Interest:
    declaration = get_declaration(session=session, declaration_id=declaration_id)
    _check_version(declaration, expected_version)
    status = next_status(declaration.status, Step.change, declaration.id)
    _check_counterpart(session, data.organisation_id)
    before = audit.record_of(declaration)
    _bump(session, declaration, expected_version, status=status)
    _log_status_change(session, declaration, before, actor)
    return _insert_interest(session, declaration, data, actor)


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
    _check_version(declaration, data.version)
    status = next_status(declaration.status, Step.change, declaration.id)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    merged = {
        **interest.model_dump(include=set(InterestCreate.model_fields), warnings=False),
        **changes,
    }
    try:
        checked = InterestCreate.model_validate(merged)
    except ValidationError as exc:
        raise InvalidInputError(first_error(exc)) from None
    _check_counterpart(session, checked.organisation_id)
    before_interest = audit.record_of(interest)
    before = audit.record_of(declaration)
    _bump(session, declaration, data.version, status=status)
    _log_status_change(session, declaration, before, actor)
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


def _log_status_change(
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
    _check_version(declaration, expected_version)
    status = next_status(declaration.status, step, declaration.id)
    before = audit.record_of(declaration)
    _bump(session, declaration, expected_version, status=status, **fields)
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
    _check_version(declaration, data.version)
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
    _bump(session, declaration, data.version, **values)
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
            _bump(session, declaration, None, status=status, closed_at=now)
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


def current_declaration(*, session: Session, person_id: int) -> Declaration | None:
    """The declaration that speaks for a person now: the open one, else none."""
    return open_declaration(session=session, person_id=person_id)


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


def count_events(*, session: Session) -> int:
    return session.exec(select(func.count()).select_from(AuditEvent)).one()
