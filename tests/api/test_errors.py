"""Our exceptions become the same HTTP answers wherever a route or dependency raises them."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field, field_validator
from sqlalchemy.exc import IntegrityError

from assistant.api.app import create_api
from assistant.api.errors import (
    CONFLICT_DETAIL,
    DEFAULT_MAX_REQUEST_KB,
    MAX_DETAIL,
    MAX_ECHO,
    add_error_handlers,
)
from assistant.config import Settings
from assistant.errors import ArenaError, ConfigError, NotIndexedError
from assistant.registry.errors import (
    AlreadyExistsError,
    AuditChainError,
    AuthenticationError,
    DatabaseUnavailableError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StaleVersionError,
    TransitionError,
)
from assistant.services import Services


def _app(exc: Exception, *, raise_server_exceptions: bool = True) -> TestClient:
    app = FastAPI()
    add_error_handlers(app)

    def failing_dependency() -> None:
        raise exc

    @app.get("/route")
    def route() -> None:
        raise exc

    @app.get("/dependency", dependencies=[Depends(failing_dependency)])
    def guarded() -> None:
        return None

    return TestClient(app, raise_server_exceptions=raise_server_exceptions)


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (NotFoundError("No person with id 7"), 404),
        (AlreadyExistsError("taken"), 409),
        (TransitionError("is draft: cannot approve"), 409),
        (StaleVersionError("changed by someone else"), 409),
        (PermissionDeniedError("not yours"), 403),
        (DatabaseUnavailableError("Cannot open the registry database"), 503),
        (NotIndexedError(), 503),
        (AuditChainError("event 3 was edited"), 400),
        (ConfigError("bad setting"), 500),
        (ArenaError("anything else"), 400),
    ],
)
@pytest.mark.parametrize("where", ["/route", "/dependency"])
def test_error_to_status_with_its_message(exc: Exception, code: int, where: str) -> None:
    response = _app(exc).get(where)
    assert response.status_code == code
    assert response.json() == {"detail": str(exc)}
    assert "www-authenticate" not in response.headers


def test_authentication_error_is_401_asking_for_a_bearer_token() -> None:
    response = _app(AuthenticationError("Sign in with a bearer token")).get("/route")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": "Sign in with a bearer token"}


def test_invalid_input_is_422_in_fastapi_validation_shape() -> None:
    response = _app(InvalidInputError("ends_on is before starts_on")).get("/route")
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"loc": ["body"], "msg": "ends_on is before starts_on", "type": "value_error"}]
    }


def test_unforeseen_integrity_error_is_409_without_database_details() -> None:
    exc = IntegrityError("INSERT INTO person ...", {"email": "x@y.no"}, Exception("UNIQUE"))
    response = _app(exc).get("/route")
    assert response.status_code == 409
    assert response.json() == {"detail": CONFLICT_DETAIL}
    assert "person" not in response.text


def test_other_exceptions_stay_server_errors() -> None:
    client = _app(RuntimeError("bug"), raise_server_exceptions=False)
    assert client.get("/route").status_code == 500


# Error bodies stay small whatever was sent ---------------------------------------------------

TWO_MB = 2 * 1024 * 1024


class Note(BaseModel):
    title: str = Field(max_length=200)
    count: int = 0

    @field_validator("count")
    @classmethod
    def _small(cls, value: int) -> int:
        if value > 10:
            raise ValueError(f"{value} is too many")
        return value


def _notes_app(max_request_kb: int | None = None) -> TestClient:
    app = FastAPI()
    if max_request_kb is not None:
        settings = Settings(_env_file=None, max_request_kb=max_request_kb)  # type: ignore[call-arg]
        app.state.services = SimpleNamespace(settings=settings)
    add_error_handlers(app)

    @app.post("/notes")
    def add_note(note: Note) -> dict[str, str]:
        return {"title": note.title}

    @app.post("/upload")
    async def upload(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    return TestClient(app)


def test_a_two_megabyte_field_is_refused_before_it_is_read() -> None:
    response = _notes_app().post("/notes", json={"title": "x" * TWO_MB})
    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The request body is larger than {DEFAULT_MAX_REQUEST_KB} KiB "
        "(ARENA_MAX_REQUEST_KB)"
    }


def test_a_body_without_a_length_is_counted_as_it_arrives() -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"title": "'
        for _ in range(64):
            yield b"x" * 32 * 1024
        yield b'"}'

    client = _notes_app()
    response = client.post("/notes", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    small = client.post(
        "/notes",
        content=iter([b'{"title": ', b'"ok"}']),
        headers={"Content-Type": "application/json"},
    )
    assert small.json() == {"title": "ok"}  # under the limit: handed on whole
    untyped = client.post("/notes", content=iter([b"x" * 32 * 1024] * 64))
    assert untyped.status_code == 413  # no content type: counted all the same


def test_the_limit_is_a_setting_and_uploads_are_not_json() -> None:
    assert (
        _notes_app(max_request_kb=4).post("/notes", json={"title": "x" * 5000}).status_code == 413
    )
    upload = _notes_app(max_request_kb=4).post(
        "/upload", content=b"x" * 10_000, headers={"Content-Type": "application/octet-stream"}
    )
    assert upload.json() == {"bytes": 10_000}


def test_a_validation_error_echoes_at_most_a_line_of_a_two_megabyte_field() -> None:
    client = _notes_app(max_request_kb=8 * 1024)
    response = client.post("/notes", json={"title": "x" * TWO_MB})
    assert response.status_code == 422
    assert len(response.content) < 2000
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "title"]
    assert error["type"] == "string_too_long"
    assert error["input"] == "x" * MAX_ECHO + f"… ({TWO_MB} characters)"


def test_a_missing_field_does_not_echo_the_whole_body() -> None:
    client = _notes_app(max_request_kb=8 * 1024)
    response = client.post("/notes", json={"other": "y" * TWO_MB, "count": 1})
    assert response.status_code == 422
    assert len(response.content) < 2000
    (error,) = response.json()["detail"]
    assert error["type"] == "missing"
    assert error["input"].startswith('{"other": "yyy')
    assert error["input"].endswith("characters)")


def test_short_validation_errors_keep_fastapis_shape() -> None:
    client = _notes_app()
    invalid = client.post("/notes", json={"title": "t", "count": 11})
    (error,) = invalid.json()["detail"]
    assert invalid.status_code == 422
    assert error["loc"] == ["body", "count"]
    assert error["input"] == 11
    assert error["msg"] == "Value error, 11 is too many"
    broken = client.post(
        "/notes", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422
    assert broken.json()["detail"][0]["type"] == "json_invalid"


def test_a_long_message_of_ours_is_cut() -> None:
    response = _app(InvalidInputError("bad name " + "z" * TWO_MB)).get("/route")
    assert response.status_code == 422
    assert len(response.content) < 2 * MAX_DETAIL


def test_the_real_api_refuses_a_two_megabyte_declaration(fake_services: Services) -> None:
    with TestClient(create_api(fake_services)) as client:
        response = client.post(
            "/api/v1/declarations",
            json={"interests": [{"category": "employment", "description": "d" * TWO_MB}]},
        )
    assert response.status_code == 413
