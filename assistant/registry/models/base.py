"""Shared pieces of the registry's models: id range, UTC timestamps, input cleaning."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError, model_validator
from sqlalchemy import DateTime, TypeDecorator
from sqlmodel import SQLModel

MAX_ID = 2**31 - 1  # the INTEGER range; larger ids would overflow PostgreSQL, not 404


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC, also on SQLite (which drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _reject_control_characters(value: Any, path: str = "") -> None:
    """Refuse NUL and other control characters: PostgreSQL cannot store NUL in text."""
    if isinstance(value, str):
        # C0 and C1 controls (U+0000-U+001F, U+007F-U+009F) are never meaningful in a register.
        if any((ord(c) < 32 and c not in "\n\t\r") or 127 <= ord(c) <= 159 for c in value):
            raise ValueError(f"{path or 'text'} contains control characters")
    elif isinstance(value, dict):
        for key, item in value.items():
            _reject_control_characters(item, str(key))
    elif isinstance(value, list | tuple):
        for item in value:
            _reject_control_characters(item, path)


class CleanInput(SQLModel):
    """Input models: no control characters, surrounding blanks trimmed."""

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: Any) -> Any:
        _reject_control_characters(data)
        if isinstance(data, dict):
            # Trim before the length checks run, so "\tX" cannot pass a two-character minimum.
            return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        return data


def clean_words(values: list[str], what: str) -> list[str]:
    cleaned: list[str] = []
    for value in values:
        word = value.strip()
        if not word:
            raise ValueError(f"{what} must not be blank")
        if word.lower() not in (c.lower() for c in cleaned):
            cleaned.append(word)
    return cleaned


def check_topics(value: list[str]) -> list[str]:
    if any(len(topic) > 80 for topic in value):
        raise ValueError("a topic may have at most 80 characters")
    return clean_words(value, "a topic")


def check_field(model: type[SQLModel], name: str, value: Any) -> Any:
    """One field of an input model checked on its own, as the model would check it.

    A form that asks one question at a time refuses a bad answer at once, by the same
    rules (length, e-mail form, date) the whole model applies when it is saved.
    """
    from assistant.registry.errors import InvalidInputError, first_error

    if isinstance(value, str):
        value = value.strip()
    field = model.model_fields[name]
    try:
        _reject_control_characters(value, name)
        return TypeAdapter(Annotated[field.annotation, field]).validate_python(value)
    except ValueError as exc:  # a ValidationError is one too
        message = first_error(exc) if isinstance(exc, ValidationError) else str(exc)
        raise InvalidInputError(f"{name}: {message}") from None
