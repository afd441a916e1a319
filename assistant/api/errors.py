"""Our exceptions as HTTP answers: one table and one set of handlers for every route.

Error bodies stay small whatever was sent: a validation error echoes at most `MAX_ECHO`
characters of the input, and a JSON body over `ARENA_MAX_REQUEST_KB` is refused with 413
before anything parses it.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.config import Settings
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
MAX_ECHO = 200  # characters of a request's own input an error body repeats
MAX_DETAIL = 1000  # characters of an error message: ours are one line, a value may not be
DEFAULT_MAX_REQUEST_KB: int = Settings.model_fields["max_request_kb"].default


def status_of(exc: Exception) -> int:
    return next((code for kind, code in STATUS_OF if isinstance(exc, kind)), 400)


async def arena_error_response(_request: Request, exc: Exception) -> JSONResponse:
    """Our error with a short detail; a 422 in the shape of FastAPI's own validation errors."""
    code = status_of(exc)
    message = shortened(str(exc), MAX_DETAIL)
    detail: Any = message
    if code == status.HTTP_422_UNPROCESSABLE_CONTENT:
        # The OpenAPI spec promises this shape for every 422.
        detail = [{"loc": ["body"], "msg": message, "type": "value_error"}]
    headers = {"WWW-Authenticate": "Bearer"} if code == status.HTTP_401_UNAUTHORIZED else None
    return JSONResponse({"detail": detail}, status_code=code, headers=headers)


async def integrity_error_response(_request: Request, _exc: Exception) -> JSONResponse:
    """A unique or foreign key the service did not foresee; the session rolls back on close."""
    return JSONResponse({"detail": CONFLICT_DETAIL}, status_code=status.HTTP_409_CONFLICT)


async def validation_error_response(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own 422, but each error echoes at most MAX_ECHO characters of the input."""
    assert isinstance(exc, RequestValidationError)
    errors = []
    for error in exc.errors():
        short = dict(error)
        if "input" in short:
            short["input"] = short_echo(short["input"])
        if "ctx" in short:
            short["ctx"] = {k: short_echo(v) for k, v in dict(short["ctx"]).items()}
        short["loc"] = [shortened(p, MAX_ECHO) if isinstance(p, str) else p for p in short["loc"]]
        short["msg"] = shortened(str(short.get("msg", "")), MAX_DETAIL)
        errors.append(short)
    return JSONResponse({"detail": errors}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


def shortened(text: str, limit: int) -> str:
    """`text`, or its first `limit` characters and how long it was."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def short_echo(value: Any) -> Any:
    """A value from the request as JSON, or (when long) the start of its JSON text."""
    encoded = jsonable_encoder(value)
    text = encoded if isinstance(encoded, str) else json.dumps(encoded, ensure_ascii=False)
    return encoded if len(text) <= MAX_ECHO else shortened(text, MAX_ECHO)


class JsonBodyLimit:
    """Refuse a JSON body over `ARENA_MAX_REQUEST_KB` with 413, before anything parses it.

    A body without a content type counts too (a route's model still reads it); uploads
    (multipart) and Chainlit's socket.io traffic do not. A body sent without a length is
    counted as it arrives and handed on only if it stays under the limit.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _json_or_untyped(scope):
            await self.app(scope, receive, send)
            return
        limit = _limit_kb(scope) * 1024
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(scope, receive, send)
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > limit:
                await _too_large(scope, receive, send)
                return
            if message["type"] != "http.request" or not message.get("more_body"):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


def _json_or_untyped(scope: Scope) -> bool:
    kind = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
    return not kind or kind == "application/json" or kind.endswith("+json")


def _limit_kb(scope: Scope) -> int:
    services = getattr(scope["app"].state, "services", None) if "app" in scope else None
    return services.settings.max_request_kb if services is not None else DEFAULT_MAX_REQUEST_KB


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    limit = _limit_kb(scope)
    detail = f"The request body is larger than {limit} KiB (ARENA_MAX_REQUEST_KB)"
    response = JSONResponse({"detail": detail}, status_code=status.HTTP_413_CONTENT_TOO_LARGE)
    await response(scope, receive, send)


def add_error_handlers(app: FastAPI) -> None:
    """Install the handlers and the body limit; also on Chainlit's app, where our routes are."""
    app.add_exception_handler(ArenaError, arena_error_response)
    app.add_exception_handler(IntegrityError, integrity_error_response)
    app.add_exception_handler(RequestValidationError, validation_error_response)
    if not any(m.cls is JsonBodyLimit for m in app.user_middleware):
        app.add_middleware(JsonBodyLimit)
