"""Organisations: register, rename, look up and resolve them by id, number, name or alias."""

from __future__ import annotations

from pydantic import ValidationError
from sqlmodel import Session, col, select

from assistant.registry import audit
from assistant.registry.errors import (
    AlreadyExistsError,
    InvalidInputError,
    NotFoundError,
    first_error,
)
from assistant.registry.models import (
    MAX_ID,
    Organisation,
    OrganisationCreate,
    OrganisationUpdate,
)
from assistant.registry.names import any_names_match, normalise_name, validate_org_number


def create_organisation(*, session: Session, data: OrganisationCreate, actor: str) -> Organisation:
    if (
        data.org_number
        and session.exec(
            select(Organisation).where(Organisation.org_number == data.org_number)
        ).first()
    ):
        raise AlreadyExistsError(f"Organisation number {data.org_number} is already registered")
    _refuse_taken_names(session, [data.name, *data.aliases])
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


def check_new_organisation(*, session: Session, name: str) -> str:
    """A new organisation's name: as `OrganisationCreate` takes it, and nobody's name or alias."""
    try:
        checked = OrganisationCreate(name=name).name
    except ValidationError as exc:
        raise InvalidInputError(first_error(exc)) from None
    _refuse_taken_names(session, [checked])
    return checked


def check_new_number(*, session: Session, number: str) -> str:
    """A new organisation's number: nine digits with a valid check digit, not yet registered."""
    checked = validate_org_number(number)
    if session.exec(select(Organisation).where(Organisation.org_number == checked)).first():
        raise AlreadyExistsError(f"Organisation number {checked} is already registered")
    return checked


def check_new_aliases(*, session: Session, aliases: list[str]) -> list[str]:
    """Aliases for a new organisation: each as `OrganisationCreate` takes it, and nobody's."""
    try:
        checked = OrganisationUpdate(aliases=aliases).aliases or []
    except ValidationError as exc:
        raise InvalidInputError(first_error(exc)) from None
    _refuse_taken_names(session, checked)
    return checked


def _refuse_taken_names(session: Session, names: list[str], itself: int | None = None) -> None:
    """Refuse a name or alias that is already another organisation's name or alias.

    Names and aliases compare as `resolve_organisation` looks them up (case, accents and
    legal forms aside): a clash would make that reference ambiguous ever after.
    """
    mine = {normalise_name(n): n for n in names if normalise_name(n)}
    for existing in session.exec(select(Organisation).order_by(col(Organisation.id))):
        if existing.id == itself:
            continue
        theirs = {normalise_name(a): "an alias" for a in existing.aliases or []}
        theirs[normalise_name(existing.name)] = "the name"
        for key, given in mine.items():
            if key in theirs:
                raise AlreadyExistsError(
                    f"'{given}' is already {theirs[key]} of {existing.name} "
                    f"(organisation {existing.id}): use that one, or another name"
                )


def update_organisation(
    *, session: Session, organisation_id: int, data: OrganisationUpdate, actor: str
) -> Organisation:
    organisation = get_organisation(session=session, organisation_id=organisation_id)
    before = audit.record_of(organisation)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    # Only what is new is checked: a clash recorded before this rule must not block a rename.
    known = {normalise_name(n) for n in [organisation.name, *(organisation.aliases or [])]}
    new = [changes["name"]] if "name" in changes else []
    new += changes.get("aliases", [])
    _refuse_taken_names(
        session, [n for n in new if normalise_name(n) not in known], itself=organisation.id
    )
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
    number = reference[1:]
    if reference.startswith("#") and number.isascii() and number.isdigit():
        # Ids beyond the INTEGER range exist nowhere (and would overflow PostgreSQL).
        if not 1 <= int(number) <= MAX_ID:
            raise NotFoundError(f"No organisation with id {number}")
        return get_organisation(session=session, organisation_id=int(number))
    digits = reference.replace(" ", "")
    if digits.isascii() and digits.isdigit() and len(digits) == 9:
        org_number = validate_org_number(digits)
        found = session.exec(
            select(Organisation).where(Organisation.org_number == org_number)
        ).first()
        if found is None:
            raise NotFoundError(f"No organisation with number {org_number}")
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
