"""Organisations: register, rename, look up and resolve them by id, number, name or alias."""

from __future__ import annotations

from sqlmodel import Session, col, select

from assistant.registry import audit
from assistant.registry.errors import AlreadyExistsError, InvalidInputError, NotFoundError
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
