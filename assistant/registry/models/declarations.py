"""Declarations, interests, reviews and snapshots: tables and their input and output schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import field_validator, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, String, Text
from sqlmodel import Field, SQLModel

from assistant.registry.models.base import MAX_ID, CleanInput, UtcDateTime, check_topics, utcnow
from assistant.registry.models.enums import (
    Category,
    Decision,
    Outcome,
    Status,
    ValueBand,
    Whose,
)


class InterestBase(SQLModel):
    whose: Whose = Field(default=Whose.self, sa_type=String(30))
    organisation_id: int | None = Field(
        default=None, foreign_key="organisation.id", description="The counterpart organisation."
    )
    position: str | None = Field(
        default=None, max_length=200, description="Role at the counterpart, e.g. board member."
    )
    category: Category = Field(sa_type=String(40))
    topics: list[str] = Field(default_factory=list, sa_type=JSON, description="Keywords.")
    description: str = Field(default="", max_length=2000, sa_type=Text)
    value_band: ValueBand = Field(default=ValueBand.none, sa_type=String(20))
    starts_on: date | None = None
    ends_on: date | None = None
    publishable: bool = Field(default=False, description="May other partners see a summary.")


class InterestCreate(CleanInput, InterestBase):
    organisation_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    topics: list[str] = Field(default_factory=list, max_length=30)
    starts_on: date | None = Field(default=None, ge=date(1900, 1, 1), le=date(2200, 1, 1))
    ends_on: date | None = Field(default=None, ge=date(1900, 1, 1), le=date(2200, 1, 1))

    @field_validator("topics")
    @classmethod
    def _topics(cls, value: list[str]) -> list[str]:
        return check_topics(value)

    @model_validator(mode="after")
    def _dates_in_order(self) -> InterestCreate:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            # Its own error type, so a surface can word it in the user's language.
            raise PydanticCustomError("date_order", "ends_on must not be before starts_on")
        return self


class DeclaredInterest(InterestCreate):
    """An interest as declared: the counterpart by id, or by reference (#id, number, name)."""

    organisation: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The counterpart by #id, organisation number, name or alias; "
        "instead of organisation_id.",
    )

    @model_validator(mode="after")
    def _one_counterpart(self) -> DeclaredInterest:
        if self.organisation is not None and self.organisation_id is not None:
            raise ValueError("give organisation or organisation_id, not both")
        return self


class InterestUpdate(CleanInput):
    whose: Whose | None = None
    organisation_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    position: str | None = Field(default=None, max_length=200)
    category: Category | None = None
    topics: list[str] | None = Field(default=None, max_length=30)
    description: str | None = Field(default=None, max_length=2000)
    value_band: ValueBand | None = None
    starts_on: date | None = Field(default=None, ge=date(1900, 1, 1), le=date(2200, 1, 1))
    ends_on: date | None = Field(default=None, ge=date(1900, 1, 1), le=date(2200, 1, 1))
    publishable: bool | None = None
    version: int | None = Field(default=None, ge=1, le=MAX_ID, description="Version you read.")
    organisation: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The counterpart by #id, organisation number, name or alias; "
        "instead of organisation_id.",
    )

    @field_validator("topics")
    @classmethod
    def _topics(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else check_topics(value)

    @model_validator(mode="after")
    def _one_counterpart(self) -> InterestUpdate:
        if self.organisation is not None and self.organisation_id is not None:
            raise ValueError("give organisation or organisation_id, not both")
        return self


class Interest(InterestBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    declaration_id: int = Field(foreign_key="declaration.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class InterestPublic(InterestBase):
    id: int
    declaration_id: int


class PublicInterestSummary(SQLModel):
    """What partners may see of others' approved, publishable interests: never amounts."""

    person_id: int
    person_name: str
    organisation_id: int | None
    organisation_name: str | None
    position: str | None
    category: Category


class Declaration(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    status: Status = Field(default=Status.draft, sa_type=String(20), index=True)
    # Optimistic lock: every change bumps it in a conditional UPDATE.
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    approved_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class DeclarationCreate(CleanInput):
    person_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Coordinators may declare for someone."
    )
    interests: list[DeclaredInterest] = Field(default_factory=list, max_length=100)


class DeclarationPublic(SQLModel):
    id: int
    person_id: int
    status: Status
    version: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    approved_at: datetime | None
    expires_at: datetime | None
    closed_at: datetime | None


class VersionIn(CleanInput):
    version: int | None = Field(default=None, ge=1, le=MAX_ID, description="Version you read.")


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    declaration_id: int = Field(foreign_key="declaration.id", index=True)
    reviewer_id: int = Field(foreign_key="person.id")
    outcome: Outcome = Field(sa_type=String(20))
    decision: Decision | None = Field(default=None, sa_type=String(40))
    reasoning: str = Field(sa_type=Text)
    conditions: str = Field(default="", sa_type=Text)
    recused_items: list[str] = Field(default_factory=list, sa_type=JSON)
    activity_id: int | None = Field(default=None, foreign_key="activity.id")
    declaration_version: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class ReviewCreate(CleanInput):
    version: int = Field(ge=1, le=MAX_ID, description="The declaration version you reviewed.")
    outcome: Outcome
    decision: Decision | None = None
    reasoning: str = Field(min_length=1, max_length=4000)
    conditions: str = Field(default="", max_length=4000)
    recused_items: list[str] = Field(default_factory=list, max_length=50)
    activity_id: int | None = Field(default=None, ge=1, le=MAX_ID)

    @model_validator(mode="after")
    def _consistent(self) -> ReviewCreate:
        if not self.reasoning.strip():
            raise ValueError("reasoning must not be blank")
        if self.outcome == Outcome.approved and self.decision is None:
            raise ValueError("an approval needs a decision")
        if self.decision == Decision.management_plan and not self.conditions.strip():
            raise ValueError("a management plan needs its conditions")
        if self.decision == Decision.recused_from_items and not self.recused_items:
            raise ValueError("recusal needs the agenda items it covers")
        if any(len(item) > 200 or not item.strip() for item in self.recused_items):
            raise ValueError("each recused item must be 1 to 200 characters")
        return self


class ReviewPublic(SQLModel):
    id: int
    declaration_id: int
    reviewer_id: int
    outcome: Outcome
    decision: Decision | None
    reasoning: str
    conditions: str
    recused_items: list[str]
    activity_id: int | None
    declaration_version: int
    created_at: datetime


class DeclarationSnapshot(SQLModel, table=True):
    """The declaration as approved, frozen: what was known when the decision was made."""

    id: int | None = Field(default=None, primary_key=True)
    declaration_id: int = Field(foreign_key="declaration.id", index=True)
    review_id: int = Field(foreign_key="review.id")
    declaration_version: int
    approved_at: datetime = Field(sa_type=UtcDateTime)
    content: str = Field(sa_type=Text)
    content_hash: str = Field(max_length=64)


class SnapshotPublic(SQLModel):
    id: int
    declaration_id: int
    review_id: int
    declaration_version: int
    approved_at: datetime
    content: dict[str, Any]
    content_hash: str


class DeclarationDetail(DeclarationPublic):
    interests: list[InterestPublic]
    reviews: list[ReviewPublic]
