"""Route dependencies: the app's services, a registry session and the signed-in user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from assistant.registry import people
from assistant.registry.db import ensure_reachable_schema
from assistant.registry.models import MAX_ID, Person
from assistant.services import Services


def get_app_services(request: Request) -> Services:
    """The services `create_api` or `create_app` placed on the app."""
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_app_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    """A session per request on a migrated database, rolled back unless a route commits.

    Errors raised inside become HTTP answers in `assistant.api.errors`.
    """
    ensure_reachable_schema(services.engine)
    with Session(services.engine, expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

bearer = HTTPBearer(auto_error=False, description="A token from `arena users token EMAIL`.")
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def get_current_user(session: SessionDep, credentials: BearerDep) -> Person:
    """The active person the bearer token belongs to; no or a wrong token is a 401."""
    return people.authenticate_token(
        session=session, token=credentials.credentials if credentials else None
    )


CurrentUser = Annotated[Person, Depends(get_current_user)]
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
