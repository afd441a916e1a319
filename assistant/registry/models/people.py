"""Organisations, people and API tokens: tables and their input and output schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import EmailStr, field_validator, model_validator
from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from assistant.registry.models.base import MAX_ID, CleanInput, UtcDateTime, clean_words, utcnow
from assistant.registry.models.enums import OrgKind, Role

# Organisations ---------------------------------------------------------------------------


class OrganisationBase(SQLModel):
    name: str = Field(min_length=2, max_length=200, description="Registered name.")
    org_number: str | None = Field(
        default=None,
        max_length=20,
        description="Norwegian organisation number (nine digits, MOD11 check digit).",
    )
    kind: OrgKind = Field(default=OrgKind.other, sa_type=String(30))
    aliases: list[str] = Field(
        default_factory=list, sa_type=JSON, description="Other names and acronyms, e.g. OUS."
    )


class OrganisationCreate(CleanInput, OrganisationBase):
    aliases: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("name")
    @classmethod
    def _strip_name(cls, value: str) -> str:
        value = value.strip()
        if len(value) < 2:
            raise ValueError("name must have at least two characters")
        return value

    @field_validator("org_number")
    @classmethod
    def _check_number(cls, value: str | None) -> str | None:
        from assistant.registry.errors import InvalidInputError
        from assistant.registry.names import validate_org_number

        try:
            return validate_org_number(value) if value else None
        except InvalidInputError as exc:  # pydantic reports only ValueError as a field error
            raise ValueError(str(exc)) from None

    @field_validator("aliases")
    @classmethod
    def _check_aliases(cls, value: list[str]) -> list[str]:
        if any(len(alias) > 200 for alias in value):
            raise ValueError("an alias may have at most 200 characters")
        return clean_words(value, "an alias")


class OrganisationUpdate(CleanInput):
    name: str | None = Field(default=None, min_length=2, max_length=200)
    kind: OrgKind | None = None
    aliases: list[str] | None = Field(default=None, max_length=20)

    @field_validator("aliases")
    @classmethod
    def _check_aliases(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        if any(len(alias) > 200 for alias in value):
            raise ValueError("an alias may have at most 200 characters")
        return clean_words(value, "an alias")


class Organisation(OrganisationBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    org_number: str | None = Field(default=None, max_length=20, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class OrganisationPublic(OrganisationBase):
    id: int


# People (the app's users) ------------------------------------------------------------------


class PersonBase(SQLModel):
    name: str = Field(min_length=2, max_length=200)
    email: str = Field(max_length=254)
    role: Role = Field(default=Role.partner, sa_type=String(20))
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")


class PersonCreate(CleanInput):
    name: str = Field(min_length=2, max_length=200)
    email: EmailStr = Field(max_length=254)
    role: Role = Role.partner
    organisation_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    organisation: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The organisation by #id, organisation number, name or alias; "
        "instead of organisation_id.",
    )

    @model_validator(mode="after")
    def _one_organisation(self) -> PersonCreate:
        if self.organisation is not None and self.organisation_id is not None:
            raise ValueError("give organisation or organisation_id, not both")
        return self


class Person(PersonBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str | None = Field(default=None, max_length=400)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class PersonPublic(PersonBase):
    id: int


class PersonSummary(SQLModel):
    """What every signed-in user may see of another person."""

    id: int
    name: str
    role: Role
    organisation_id: int | None


class ApiToken(SQLModel, table=True):
    """A bearer token, stored only as its SHA-256 (tokens are random, so no salt is needed)."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
