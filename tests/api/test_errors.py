"""Our exceptions become the same HTTP answers wherever a route or dependency raises them."""

from __future__ import annotations

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError

from assistant.api.errors import CONFLICT_DETAIL, add_error_handlers
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
