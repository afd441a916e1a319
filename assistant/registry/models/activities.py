"""Activities, their organisations, participants and agenda: tables and schemas."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import field_validator, model_validator
from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from assistant.registry.models.base import (
    MAX_ID,
    CleanInput,
    UtcDateTime,
    check_topics,
    clean_words,
    utcnow,
)
from assistant.registry.models.enums import ActivityKind, ParticipantRole


class Activity(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: ActivityKind = Field(sa_type=String(30))
    facilitator_id: int | None = Field(default=None, foreign_key="person.id")
    topics: list[str] = Field(default_factory=list, sa_type=JSON)
    starts_on: date | None = None
    ends_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class ActivityOrganisation(SQLModel, table=True):
    activity_id: int = Field(foreign_key="activity.id", primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)


class ActivityParticipant(SQLModel, table=True):
    activity_id: int = Field(foreign_key="activity.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True)
    role: ParticipantRole = Field(default=ParticipantRole.participant, sa_type=String(20))


class AgendaItem(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    position: int
    title: str = Field(max_length=200)
    decision: bool = False
    topics: list[str] = Field(default_factory=list, sa_type=JSON)
    organisation_ids: list[int] = Field(default_factory=list, sa_type=JSON)


class TopicsAndOrganisationsIn(CleanInput):
    """What an activity and each of its agenda items may name: topics and organisations."""

    topics: list[str] = Field(default_factory=list, max_length=30)
    organisation_ids: list[int] = Field(default_factory=list, max_length=50)
    organisations: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Organisations by #id, organisation number, name or alias; "
        "joined to organisation_ids.",
    )

    @field_validator("topics")
    @classmethod
    def _topics(cls, value: list[str]) -> list[str]:
        return check_topics(value)

    @field_validator("organisation_ids")
    @classmethod
    def _ids(cls, value: list[int]) -> list[int]:
        if any(not 1 <= v <= MAX_ID for v in value):
            raise ValueError("organisation ids must be positive integers")
        return list(dict.fromkeys(value))

    @field_validator("organisations")
    @classmethod
    def _references(cls, value: list[str]) -> list[str]:
        if any(len(reference) > 200 for reference in value):
            raise ValueError("an organisation reference may have at most 200 characters")
        return clean_words(value, "an organisation reference")


class AgendaItemIn(TopicsAndOrganisationsIn):
    title: str = Field(min_length=1, max_length=200)
    decision: bool = Field(default=False, description="Whether the item ends in a decision.")


class ParticipantIn(CleanInput):
    person_id: int = Field(ge=1, le=MAX_ID)
    role: ParticipantRole = ParticipantRole.participant


class ActivityCreate(TopicsAndOrganisationsIn):
    name: str = Field(min_length=2, max_length=200)
    kind: ActivityKind
    facilitator_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    starts_on: date | None = Field(default=None, ge=date(1900, 1, 1), le=date(2200, 1, 1))
    ends_on: date | None = Field(default=None, ge=date(1900, 1, 1), le=date(2200, 1, 1))
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=200)
    agenda: list[AgendaItemIn] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _dates_in_order(self) -> ActivityCreate:
        if not self.name.strip():
            raise ValueError("name must not be blank")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        people = [p.person_id for p in self.participants]
        if len(people) != len(set(people)):
            raise ValueError("a person may be listed only once as participant")
        return self


class AgendaItemPublic(SQLModel):
    id: int
    position: int
    title: str
    decision: bool
    topics: list[str]
    organisation_ids: list[int]


class ParticipantPublic(SQLModel):
    person_id: int
    role: ParticipantRole


class ActivityPublic(SQLModel):
    id: int
    name: str
    kind: ActivityKind
    facilitator_id: int | None
    topics: list[str]
    starts_on: date | None
    ends_on: date | None
    organisation_ids: list[int]
    participants: list[ParticipantPublic]
    agenda: list[AgendaItemPublic]
