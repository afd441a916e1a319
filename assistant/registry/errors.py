"""Registry errors; each surface maps the class to a status code or exit status once."""

from __future__ import annotations

from pydantic import ValidationError

from assistant.errors import ArenaError


class RegistryError(ArenaError):
    """Base of every registry error."""


class NotFoundError(RegistryError):
    """A person, organisation, declaration, interest or activity does not exist."""


class InvalidInputError(RegistryError):
    """A value breaks a rule (bad date range, unknown category, malformed number)."""


class InterestFieldError(InvalidInputError):
    """A value an interest refuses, with what a surface needs to word it in the user's
    language: the field ('' for the whole interest), the model's error type and its limit."""

    def __init__(self, exc: ValidationError) -> None:
        super().__init__(first_error(exc))
        error = exc.errors()[0]
        self.field = str(error["loc"][0]) if error["loc"] else ""
        self.kind = str(error["type"])
        context = error.get("ctx") or {}
        self.limit = next((context[k] for k in ("max_length", "ge", "le") if k in context), None)


class AlreadyExistsError(RegistryError):
    """A unique value (e-mail, organisation number, open declaration) is already taken."""


class TransitionError(RegistryError):
    """The workflow does not allow this step from the declaration's current status."""


class StaleVersionError(RegistryError):
    """Someone changed the declaration since it was read; reload and try again."""


class AuthenticationError(RegistryError):
    """No token, or a token that matches no active user."""


class PermissionDeniedError(RegistryError):
    """The user's role or relation to the record does not allow this."""


class AuditChainError(RegistryError):
    """The audit log was edited, deleted or reordered; names the first bad event."""


class DatabaseUnavailableError(RegistryError):
    """The registry database cannot be reached or opened."""


def first_error(exc: ValidationError) -> str:
    """A pydantic error as one readable line: 'ends_on: must not be before starts_on'."""
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message
