"""Organisation routes: list, register, read and (coordinators) change organisations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from assistant.api.deps import CurrentUser, IdPath, SessionDep
from assistant.registry import access, organisations
from assistant.registry.models import (
    OrganisationCreate,
    OrganisationPublic,
    OrganisationUpdate,
    Role,
)

router = APIRouter(prefix="/organisations", tags=["registry"])


@router.get("", response_model=list[OrganisationPublic])
def list_organisations(session: SessionDep, user: CurrentUser) -> list[Any]:
    """Every registered organisation."""
    return organisations.list_organisations(session=session)


@router.post("", response_model=OrganisationPublic, status_code=201)
def create_organisation(session: SessionDep, user: CurrentUser, body: OrganisationCreate) -> Any:
    """Register an organisation (any signed-in user: declarations need counterparts).

    A name or alias that is already another organisation's name or alias is refused (409),
    as a name differing only in case, accents or legal form is.
    """
    organisation = organisations.create_organisation(session=session, data=body, actor=user.email)
    session.commit()
    return organisation


@router.get("/{organisation_id}", response_model=OrganisationPublic)
def get_organisation(session: SessionDep, user: CurrentUser, organisation_id: IdPath) -> Any:
    return organisations.get_organisation(session=session, organisation_id=organisation_id)


@router.patch("/{organisation_id}", response_model=OrganisationPublic)
def update_organisation(
    session: SessionDep, user: CurrentUser, organisation_id: IdPath, body: OrganisationUpdate
) -> Any:
    """Rename an organisation or change its kind or aliases (coordinators)."""
    access.require_role(user, Role.coordinator)
    organisation = organisations.update_organisation(
        session=session, organisation_id=organisation_id, data=body, actor=user.email
    )
    session.commit()
    return organisation
