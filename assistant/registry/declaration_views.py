"""Declarations as a signed-in user may read them: expiry applied first, own or all.

The surfaces call these instead of deciding themselves: coordinators see every declaration,
everyone else only their own, and a declaration read is read with today's status (an
approval past its validity shows as expired). The caller commits, as everywhere.
"""

from __future__ import annotations

from sqlmodel import Session

from assistant.registry import access, declarations, reviews
from assistant.registry.models import (
    Declaration,
    DeclarationDetail,
    DeclarationPublic,
    InterestPublic,
    Person,
    ReviewPublic,
    Status,
)


def declaration_for(*, session: Session, viewer: Person, declaration_id: int) -> Declaration:
    """A declaration the viewer may see and act on: their own, or any for coordinators."""
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    access.require_declaration_access(viewer, declaration)
    return declaration


def read_declaration(*, session: Session, viewer: Person, declaration_id: int) -> Declaration:
    """As `declaration_for`, with expiry applied first so the status is today's."""
    declarations.expire_overdue(session=session)
    return declaration_for(session=session, viewer=viewer, declaration_id=declaration_id)


def declarations_for(
    *, session: Session, viewer: Person, status: Status | None = None
) -> list[Declaration]:
    """With expiry applied: every declaration for coordinators, one's own for everyone else."""
    declarations.expire_overdue(session=session)
    person_id = None if access.is_coordinator(viewer) else viewer.id
    return declarations.list_declarations(session=session, person_id=person_id, status=status)


def declaration_detail(*, session: Session, declaration: Declaration) -> DeclarationDetail:
    """A declaration with its interests and reviews."""
    declaration_id: int = declaration.id  # type: ignore[assignment]
    return DeclarationDetail(
        **DeclarationPublic.model_validate(declaration, from_attributes=True).model_dump(),
        interests=[
            InterestPublic.model_validate(i, from_attributes=True)
            for i in declarations.interests_of(session=session, declaration_id=declaration_id)
        ],
        reviews=[
            ReviewPublic.model_validate(r, from_attributes=True)
            for r in reviews.reviews_of(session=session, declaration_id=declaration_id)
        ],
    )
