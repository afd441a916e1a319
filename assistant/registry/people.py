"""People (the app's users): accounts, passwords, API tokens, sign-in and deactivation."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.registry import access, audit
from assistant.registry.auth import (
    MAX_PASSWORD,
    MIN_PASSWORD,
    dummy_password_hash,
    hash_password,
    new_token,
    token_digest,
    verify_password,
)
from assistant.registry.db import hold_transaction_lock, open_session
from assistant.registry.errors import (
    AlreadyExistsError,
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
    first_error,
)
from assistant.registry.models import ApiToken, Person, PersonCreate, Role, utcnow
from assistant.registry.models.base import check_field
from assistant.registry.organisations import get_organisation, resolve_organisation


def create_person(
    *, session: Session, data: PersonCreate, actor: str, password: str | None = None
) -> Person:
    email = data.email.lower()
    if session.exec(select(Person).where(Person.email == email)).first():
        raise AlreadyExistsError(f"A user with e-mail {email} already exists")
    organisation_id = data.organisation_id
    if data.organisation is not None:
        # The same references the CLI's --org takes: #id, number, name or alias.
        organisation_id = resolve_organisation(session=session, reference=data.organisation).id
    elif organisation_id is not None:
        get_organisation(session=session, organisation_id=organisation_id)
    person = Person(
        name=data.name.strip(), email=email, role=data.role, organisation_id=organisation_id
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


def require_people_admin(user: Person) -> None:
    """Only coordinators add users: a user's role decides what they may see and decide."""
    access.require_role(user, Role.coordinator)


def create_person_as(
    *, session: Session, user: Person, data: PersonCreate, password: str | None = None
) -> Person:
    """Add a user as a signed-in coordinator (the API and the chat): anyone else is refused."""
    require_people_admin(user)
    return create_person(session=session, data=data, actor=user.email, password=password)


def check_person_name(name: str) -> str:
    """A new user's name as `PersonCreate` takes it, checked on its own (a form asks it alone)."""
    return str(check_field(PersonCreate, "name", name))


def check_new_email(*, session: Session, email: str) -> str:
    """A new user's e-mail: well-formed and nobody's yet; returned as it would be stored."""
    checked = str(check_field(PersonCreate, "email", email)).lower()
    if session.exec(select(Person).where(Person.email == checked)).first():
        raise AlreadyExistsError(f"A user with e-mail {checked} already exists")
    return checked


def _checked_password_hash(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidInputError(f"A password must have {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    return hash_password(password)


def set_password(*, session: Session, person: Person, password: str, actor: str) -> None:
    """Give a user a new password (argon2); the audit log records that it changed, not it."""
    person.password_hash = _checked_password_hash(password)
    session.add(person)
    session.flush()
    audit.append_event(
        session,
        actor=actor,
        action="person.set_password",
        entity="person",
        entity_id=person.id,
        after={"email": person.email},
    )


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


def active_person(*, session: Session, email: str) -> Person:
    """The active user with this e-mail, read afresh: a signed-in session holds only while it is.

    A deactivated or unknown user is an AuthenticationError, so every surface that keeps a
    sign-in (the chat's token) ends it the moment an administrator deactivates the user.
    """
    person = session.exec(select(Person).where(Person.email == email.strip().lower())).first()
    if person is None or not person.active:
        raise AuthenticationError(f"{email} is not an active user: the sign-in has ended")
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


# The first coordinator ----------------------------------------------------------------------

FIRST_COORDINATOR_NAME = "Arena Coordinator"
FIRST_COORDINATOR_ACTOR = "first start"
_FIRST_COORDINATOR_LOCK = 0x4172656E6131  # any constant shared by every worker and host


@dataclass(frozen=True)
class FirstCoordinator:
    """The coordinator made on an empty registry, and the password made for them, if any.

    `generated_password` is the only copy there is (the database keeps its argon2 hash): the
    caller shows it once and keeps it nowhere.
    """

    email: str
    generated_password: str | None


def new_password() -> str:
    """A strong random password: 24 URL-safe characters (144 bits)."""
    return secrets.token_urlsafe(18)


def create_first_coordinator(
    engine: Engine, email: str, password: str | None
) -> FirstCoordinator | None:
    """On a registry without users, add the first coordinator; None when there are users.

    Without `password` a strong one is generated and returned once. Several workers or hosts
    starting together create one coordinator: on PostgreSQL they take turns under an advisory
    lock and the later ones find a user; on SQLite the unique e-mail refuses the second insert.
    """
    try:
        data = PersonCreate(name=FIRST_COORDINATOR_NAME, email=email, role=Role.coordinator)
    except ValidationError as exc:
        raise InvalidInputError(f"The first coordinator's e-mail: {first_error(exc)}") from None
    generated = None if password is not None else new_password()
    try:
        with open_session(engine) as session:
            hold_transaction_lock(session, _FIRST_COORDINATOR_LOCK)
            if session.exec(select(Person.id).limit(1)).first() is not None:
                return None
            person = create_person(
                session=session,
                data=data,
                actor=FIRST_COORDINATOR_ACTOR,
                password=password if password is not None else generated,
            )
            session.commit()
    except AlreadyExistsError:  # another worker's insert won on SQLite
        return None
    return FirstCoordinator(person.email, generated)
