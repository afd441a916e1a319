"""Declaring one's own interests step by step: where it stands, each field checked, remove one.

The guided flow in the chat (and any form) calls these with the signed-in person; adding an
interest and submitting stay `declarations.declare` and `declarations.submit_declaration`, the
CLI's and the API's. Every check is the model's or the workflow's. The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session

from assistant.registry import audit, declaration_views, declarations
from assistant.registry.errors import InterestFieldError, InvalidInputError, NotFoundError
from assistant.registry.models import (
    Declaration,
    DeclaredInterest,
    Interest,
    InterestUpdate,
    Person,
)
from assistant.registry.workflow import Step, allowed_steps, next_status

# What an interest holds, as a declarant gives it: the counterpart by reference, never by id.
INTEREST_FIELDS = (
    "category",
    "whose",
    "organisation",
    "position",
    "topics",
    "value_band",
    "publishable",
    "description",
    "starts_on",
    "ends_on",
)


@dataclass(frozen=True)
class OwnDeclaration:
    """A person's open declaration (None: they have none) as they may act on it now."""

    declaration: Declaration | None
    interests: list[Interest]
    steps: frozenset[Step]  # what the workflow allows from its status

    def allows(self, step: Step) -> bool:
        """May this step be taken now? Without a declaration, only starting one (a change)."""
        if self.declaration is None:
            return step in (Step.change, Step.submit)
        return step in self.steps


def own_declaration(
    *, session: Session, viewer: Person, declaration_id: int | None = None
) -> OwnDeclaration:
    """The viewer's open declaration (or the one named, which must be theirs to see), read with
    today's status: an approval past its validity has expired and is no longer open."""
    if declaration_id is None:
        declarations.expire_overdue(session=session)
        found = declarations.open_declaration(session=session, person_id=viewer.id)  # type: ignore[arg-type]
    else:
        found = declaration_views.read_declaration(
            session=session, viewer=viewer, declaration_id=declaration_id
        )
    if found is None:
        return OwnDeclaration(None, [], frozenset())
    interests = declarations.interests_of(session=session, declaration_id=found.id)  # type: ignore[arg-type]
    return OwnDeclaration(found, interests, frozenset(Step(s) for s in allowed_steps(found.status)))


def check_interest_field(name: str, value: Any) -> Any:
    """One field of an interest by the model's own rules: its clean value, or an
    InvalidInputError naming what is wrong. The counterpart is checked against the registry
    when the interest is added (`declarations.declare`); here only its form."""
    if name not in INTEREST_FIELDS:
        raise InvalidInputError(f"An interest has no field '{name}'")
    data = {"category": value} if name == "category" else {"category": "other", name: value}
    try:
        checked = DeclaredInterest.model_validate(data)
    except ValidationError as exc:
        raise InterestFieldError(exc) from None
    return getattr(checked, name)


def interest_from(values: dict[str, Any]) -> DeclaredInterest:
    """A whole interest from its fields, checked together (an end before its start is refused)."""
    try:
        return DeclaredInterest.model_validate(values)
    except ValidationError as exc:
        raise InterestFieldError(exc) from None


def remove_interest(
    *,
    session: Session,
    viewer: Person,
    declaration_id: int,
    interest_id: int,
    expected_version: int | None = None,
) -> Declaration:
    """Remove an interest from a declaration the viewer may act on, in one version step.

    A change as the workflow sees it: allowed on a draft, a returned or an approved declaration
    (which then needs review again), never while it awaits review or once it is closed. The
    audit log keeps the interest as it was; an approval's snapshot keeps what was approved.
    """
    declaration = declaration_views.declaration_for(
        session=session, viewer=viewer, declaration_id=declaration_id
    )
    interest = session.get(Interest, interest_id)
    if interest is None or interest.declaration_id != declaration_id:
        raise NotFoundError(f"Declaration {declaration_id} has no interest {interest_id}")
    declarations.check_version(declaration, expected_version)
    status = next_status(declaration.status, Step.change, declaration.id)
    before = audit.record_of(declaration)
    declarations.bump_version(session, declaration, expected_version, status=status)
    declarations.log_status_change(session, declaration, before, viewer.email)
    audit.append_event(
        session,
        actor=viewer.email,
        action="interest.delete",
        entity="interest",
        entity_id=interest.id,
        before=audit.record_of(interest),
    )
    session.delete(interest)
    session.flush()
    return declaration


def change_interest(
    *,
    session: Session,
    viewer: Person,
    declaration_id: int,
    interest_id: int,
    field: str,
    value: Any,
    expected_version: int | None = None,
) -> Interest:
    """Change one field of an interest of a declaration the viewer may act on: the API's
    access check, then `declarations.update_interest` (its version check and workflow step:
    an approved declaration needs review again). The counterpart is given by reference, and
    None clears it."""
    declaration_views.declaration_for(session=session, viewer=viewer, declaration_id=declaration_id)
    if field not in INTEREST_FIELDS:
        raise InvalidInputError(f"An interest has no field '{field}'")
    change: dict[str, Any] = {field: value}
    if field == "organisation" and value is None:
        change = {"organisation_id": None}  # set, so the update clears it
    try:
        data = InterestUpdate.model_validate({**change, "version": expected_version})
    except ValidationError as exc:
        raise InterestFieldError(exc) from None
    return declarations.update_interest(
        session=session,
        declaration_id=declaration_id,
        interest_id=interest_id,
        data=data,
        actor=viewer.email,
    )
