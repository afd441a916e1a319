"""Registry data model: Base / Create / Update / Public layers beside each `table=True` class."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from pydantic import EmailStr, field_validator, model_validator
from sqlalchemy import JSON, DateTime, String, Text, TypeDecorator
from sqlmodel import Field, SQLModel

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


class OrgKind(StrEnum):
    hospital_trust = "hospital_trust"
    municipality = "municipality"
    university = "university"
    company = "company"
    public_agency = "public_agency"
    patient_organisation = "patient_organisation"
    other = "other"


class Role(StrEnum):
    partner = "partner"
    facilitator = "facilitator"
    coordinator = "coordinator"


class Whose(StrEnum):
    self = "self"
    spouse_or_partner = "spouse_or_partner"
    child = "child"
    close_relation = "close_relation"


class Category(StrEnum):
    employment = "employment"
    consulting = "consulting"
    board_or_leading_position = "board_or_leading_position"
    ownership = "ownership"
    paid_activity = "paid_activity"
    intellectual_property = "intellectual_property"
    research_funding = "research_funding"
    travel_or_gifts = "travel_or_gifts"
    secondary_employment = "secondary_employment"
    non_financial = "non_financial"
    personal_relationship = "personal_relationship"
    other = "other"


class ValueBand(StrEnum):
    none = "none"
    up_to_10k = "up_to_10k"
    from_10k_to_100k = "10k_to_100k"
    from_100k_to_1m = "100k_to_1m"
    over_1m = "over_1m"
    unknown = "unknown"


class Status(StrEnum):
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    resubmitted = "resubmitted"
    approved = "approved"
    update_required = "update_required"
    expired = "expired"
    withdrawn = "withdrawn"


class Outcome(StrEnum):
    approved = "approved"
    returned = "returned"


class Decision(StrEnum):
    no_conflict = "no_conflict"
    disclose_only = "disclose_only"
    discussion_not_decision = "discussion_not_decision"
    recused_from_items = "recused_from_items"
    excluded = "excluded"
    management_plan = "management_plan"
    divest_or_end = "divest_or_end"


class ActivityKind(StrEnum):
    co_creation = "co_creation"
    advisory = "advisory"
    evaluation_selection = "evaluation_selection"
    procurement = "procurement"


class ParticipantRole(StrEnum):
    participant = "participant"
    advisor = "advisor"
    decision_maker = "decision_maker"


class Severity(StrEnum):
    none = "none"
    indirect = "indirect"
    direct = "direct"


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


def _clean_words(values: list[str], what: str) -> list[str]:
    cleaned: list[str] = []
    for value in values:
        word = value.strip()
        if not word:
            raise ValueError(f"{what} must not be blank")
        if word.lower() not in (c.lower() for c in cleaned):
            cleaned.append(word)
    return cleaned


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
        return _clean_words(value, "an alias")


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
        return _clean_words(value, "an alias")


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


# Declarations and interests ----------------------------------------------------------------


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


def _check_topics(value: list[str]) -> list[str]:
    if any(len(topic) > 80 for topic in value):
        raise ValueError("a topic may have at most 80 characters")
    return _clean_words(value, "a topic")


class InterestCreate(CleanInput, InterestBase):
    organisation_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    topics: list[str] = Field(default_factory=list, max_length=30)
    starts_on: date | None = Field(default=None, ge=date(1900, 1, 1), le=date(2200, 1, 1))
    ends_on: date | None = Field(default=None, ge=date(1900, 1, 1), le=date(2200, 1, 1))

    @field_validator("topics")
    @classmethod
    def _topics(cls, value: list[str]) -> list[str]:
        return _check_topics(value)

    @model_validator(mode="after")
    def _dates_in_order(self) -> InterestCreate:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
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

    @field_validator("topics")
    @classmethod
    def _topics(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _check_topics(value)


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
    interests: list[InterestCreate] = Field(default_factory=list, max_length=100)


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


# Activities ------------------------------------------------------------------------------


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

    @field_validator("topics")
    @classmethod
    def _topics(cls, value: list[str]) -> list[str]:
        return _check_topics(value)

    @field_validator("organisation_ids")
    @classmethod
    def _ids(cls, value: list[int]) -> list[int]:
        if any(not 1 <= v <= MAX_ID for v in value):
            raise ValueError("organisation ids must be positive integers")
        return list(dict.fromkeys(value))


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


# Audit -----------------------------------------------------------------------------------


class AuditEvent(SQLModel, table=True):
    """One append-only event; `hash` chains it to the event before it."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True, index=True)
    at: datetime = Field(sa_type=UtcDateTime)
    actor: str = Field(max_length=300)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=40)
    entity_id: int | None = None
    before: str | None = Field(default=None, sa_type=Text)
    after: str | None = Field(default=None, sa_type=Text)
    # The payload digest enters the chain, so a retention purge may blank the payload of
    # personal data and the chain still verifies; the purge event lists what it blanked.
    payload_hash: str = Field(max_length=64)
    redacted: bool = False
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """The last event's number and hash; catches a truncated tail of the log."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(default="", max_length=64)


class AuditEventPublic(SQLModel):
    seq: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    redacted: bool


# Other parts of the app may share SQLModel's metadata; these tables are the registry's.
REGISTRY_TABLES = frozenset(
    model.__tablename__  # type: ignore[attr-defined]
    for model in (
        Organisation,
        Person,
        ApiToken,
        Declaration,
        Interest,
        Review,
        DeclarationSnapshot,
        Activity,
        ActivityOrganisation,
        ActivityParticipant,
        AgendaItem,
        AuditEvent,
        AuditHead,
    )
)
