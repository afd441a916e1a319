"""Declaration routes: drafts, interests, submission, review, snapshots and audit trail."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlmodel import Session

from assistant.api.deps import CurrentUser, IdPath, ServicesDep, SessionDep
from assistant.registry import (
    access,
    audit,
    declaration_views,
    declarations,
    people,
    reports,
    reviews,
)
from assistant.registry.models import (
    MAX_ID,
    AuditEventPublic,
    Declaration,
    DeclarationCreate,
    DeclarationDetail,
    DeclarationPublic,
    DeclaredInterest,
    InterestPublic,
    InterestUpdate,
    Person,
    PublicInterestSummary,
    ReviewCreate,
    ReviewPublic,
    Role,
    SnapshotPublic,
    Status,
    VersionIn,
)

router = APIRouter(tags=["registry"])


def _declaration_for(session: Session, user: Person, declaration_id: int) -> Declaration:
    return declaration_views.declaration_for(
        session=session, viewer=user, declaration_id=declaration_id
    )


def _detail(session: Session, declaration: Declaration) -> DeclarationDetail:
    return declaration_views.declaration_detail(session=session, declaration=declaration)


@router.get("/declarations", response_model=list[DeclarationPublic])
def list_declarations(
    session: SessionDep,
    user: CurrentUser,
    status_filter: Annotated[Status | None, Query(alias="status")] = None,
) -> list[Any]:
    """Declarations you may see: all for coordinators, your own for everyone else."""
    found = declaration_views.declarations_for(session=session, viewer=user, status=status_filter)
    session.commit()  # expiry found on the way is kept
    return found


@router.post("/declarations", response_model=DeclarationDetail, status_code=201)
def create_declaration(session: SessionDep, user: CurrentUser, body: DeclarationCreate) -> Any:
    """Start a declaration (a draft) with its first interests; an empty one is allowed.

    A counterpart is `organisation_id`, or `organisation`: #id, organisation number, name
    or alias. While the person has an open declaration the answer is 409: add to that one.
    """
    person_id = body.person_id or user.id
    access.require_self_or_coordinator(user, person_id)  # type: ignore[arg-type]
    declaration = declarations.declare(
        session=session,
        person=people.get_person(session=session, person_id=person_id),  # type: ignore[arg-type]
        interests=body.interests,
        actor=user.email,
    )
    session.commit()
    return _detail(session, declaration)


@router.get("/declarations/{declaration_id}", response_model=DeclarationDetail)
def get_declaration(session: SessionDep, user: CurrentUser, declaration_id: IdPath) -> Any:
    """One declaration with its interests and reviews."""
    declaration = declaration_views.read_declaration(
        session=session, viewer=user, declaration_id=declaration_id
    )
    session.commit()  # expiry found on the way is kept
    return _detail(session, declaration)


@router.post(
    "/declarations/{declaration_id}/interests", response_model=InterestPublic, status_code=201
)
def add_interest(
    session: SessionDep,
    user: CurrentUser,
    declaration_id: IdPath,
    body: DeclaredInterest,
    version: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Any:
    """Add an interest; on an approved declaration this makes it `update_required`."""
    _declaration_for(session, user, declaration_id)
    interest = declarations.add_interest(
        session=session,
        declaration_id=declaration_id,
        data=body,
        actor=user.email,
        expected_version=version,
    )
    session.commit()
    return interest


@router.patch(
    "/declarations/{declaration_id}/interests/{interest_id}", response_model=InterestPublic
)
def update_interest(
    session: SessionDep,
    user: CurrentUser,
    declaration_id: IdPath,
    interest_id: IdPath,
    body: InterestUpdate,
) -> Any:
    """Change an interest (set `ends_on` to end it: nothing is deleted).

    A new counterpart is `organisation_id`, or `organisation`: #id, number, name or alias.
    """
    _declaration_for(session, user, declaration_id)
    interest = declarations.update_interest(
        session=session,
        declaration_id=declaration_id,
        interest_id=interest_id,
        data=body,
        actor=user.email,
    )
    session.commit()
    return interest


@router.post("/declarations/{declaration_id}/submit", response_model=DeclarationPublic)
def submit_declaration(
    session: SessionDep, user: CurrentUser, declaration_id: IdPath, body: VersionIn
) -> Any:
    """Submit for review (or resubmit after return or change)."""
    _declaration_for(session, user, declaration_id)
    declaration = declarations.submit_declaration(
        session=session,
        declaration_id=declaration_id,
        actor=user.email,
        expected_version=body.version,
    )
    session.commit()
    return declaration


@router.post("/declarations/{declaration_id}/withdraw", response_model=DeclarationPublic)
def withdraw_declaration(
    session: SessionDep, user: CurrentUser, declaration_id: IdPath, body: VersionIn
) -> Any:
    """Withdraw a declaration; it stays on record."""
    _declaration_for(session, user, declaration_id)
    declaration = declarations.withdraw_declaration(
        session=session,
        declaration_id=declaration_id,
        actor=user.email,
        expected_version=body.version,
    )
    session.commit()
    return declaration


@router.post("/declarations/{declaration_id}/reviews", response_model=ReviewPublic, status_code=201)
def review_declaration(
    services: ServicesDep,
    session: SessionDep,
    user: CurrentUser,
    declaration_id: IdPath,
    body: ReviewCreate,
) -> Any:
    """Approve or return a declaration (coordinators; never your own).

    `version` must be the version you reviewed: if someone changed or reviewed the
    declaration since, the answer is 409 and nothing is written.
    """
    access.require_role(user, Role.coordinator)
    review = reviews.review_declaration(
        session=session,
        declaration_id=declaration_id,
        reviewer=user,
        data=body,
        valid_months=services.settings.declaration_valid_months,
    )
    session.commit()
    return review


@router.get("/declarations/{declaration_id}/snapshots", response_model=list[SnapshotPublic])
def list_snapshots(session: SessionDep, user: CurrentUser, declaration_id: IdPath) -> list[Any]:
    """The frozen copies made at each approval."""
    _declaration_for(session, user, declaration_id)
    return [
        SnapshotPublic(
            **s.model_dump(exclude={"content"}, warnings=False), content=reviews.snapshot_dict(s)
        )
        for s in reviews.snapshots_of(session=session, declaration_id=declaration_id)
    ]


@router.get("/declarations/{declaration_id}/audit", response_model=list[AuditEventPublic])
def declaration_audit(session: SessionDep, user: CurrentUser, declaration_id: IdPath) -> list[Any]:
    """The audit events of one declaration (coordinators)."""
    access.require_role(user, Role.coordinator)
    declarations.get_declaration(session=session, declaration_id=declaration_id)
    return [
        AuditEventPublic(
            **e.model_dump(exclude={"before", "after"}, warnings=False),
            before=None if e.before is None else _loads(e.before),
            after=None if e.after is None else _loads(e.after),
        )
        for e in audit.events_for(session, "declaration", declaration_id)
    ]


def _loads(text: str) -> dict[str, Any]:
    value = json.loads(text)
    return value if isinstance(value, dict) else {"value": value}


@router.get("/interests/public", response_model=list[PublicInterestSummary])
def public_interests(session: SessionDep, user: CurrentUser) -> list[Any]:
    """Approved, publishable interests of everyone: organisation, role and category only."""
    return reports.public_summary(session=session)
