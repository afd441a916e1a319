"""Our exceptions as HTTP answers: one table and one set of handlers for every route."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from assistant.errors import ArenaError, ConfigError, NotIndexedError
from assistant.registry.errors import (
    AlreadyExistsError,
    AuthenticationError,
    DatabaseUnavailableError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StaleVersionError,
    TransitionError,
)

# The first matching class decides; any other ArenaError is a 400.
STATUS_OF: list[tuple[type[ArenaError], int]] = [
    (NotFoundError, status.HTTP_404_NOT_FOUND),
    (InvalidInputError, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (AlreadyExistsError, status.HTTP_409_CONFLICT),
    (TransitionError, status.HTTP_409_CONFLICT),
    (StaleVersionError, status.HTTP_409_CONFLICT),
    (AuthenticationError, status.HTTP_401_UNAUTHORIZED),
    (PermissionDeniedError, status.HTTP_403_FORBIDDEN),
    (DatabaseUnavailableError, status.HTTP_503_SERVICE_UNAVAILABLE),
    (NotIndexedError, status.HTTP_503_SERVICE_UNAVAILABLE),
    # The server is set up wrong: not the caller's fault, so never a 4xx.
    (ConfigError, status.HTTP_500_INTERNAL_SERVER_ERROR),
]
CONFLICT_DETAIL = "That conflicts with an existing record"


def status_of(exc: Exception) -> int:
    return next((code for kind, code in STATUS_OF if isinstance(exc, kind)), 400)


async def arena_error_response(_request: Request, exc: Exception) -> JSONResponse:
    """Our error with a short detail; a 422 in the shape of FastAPI's own validation errors."""
    code = status_of(exc)
    detail: Any = str(exc)
    if code == status.HTTP_422_UNPROCESSABLE_CONTENT:
        # The OpenAPI spec promises this shape for every 422.
        detail = [{"loc": ["body"], "msg": str(exc), "type": "value_error"}]
    headers = {"WWW-Authenticate": "Bearer"} if code == status.HTTP_401_UNAUTHORIZED else None
    return JSONResponse({"detail": detail}, status_code=code, headers=headers)


async def integrity_error_response(_request: Request, _exc: Exception) -> JSONResponse:
    """A unique or foreign key the service did not foresee; the session rolls back on close."""
    return JSONResponse({"detail": CONFLICT_DETAIL}, status_code=status.HTTP_409_CONFLICT)


def add_error_handlers(app: FastAPI) -> None:
    """Install the handlers; also on Chainlit's app, where our routes are mounted."""
    app.add_exception_handler(ArenaError, arena_error_response)
    app.add_exception_handler(IntegrityError, integrity_error_response)
