"""The challenge brief as data: what a facilitator puts in, and the brief, checks and sources out.

The brief is a pydantic model first; Markdown, Word and JSON are renderings of it. Section ids
are stable (findings name them: `missing-section:<id>`), titles are in the brief's language.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.i18n import Language

# A need is a few sentences; a whole report pasted in is a mistake, refused before anything runs.
MAX_NEED_CHARS = 4000
MAX_FIELD_CHARS = 4000
MAX_TITLE_CHARS = 200


class BriefKind(StrEnum):
    """The activity a brief launches; the registry's activity kinds, spelled for people."""

    co_creation = "co-creation"
    advisory = "advisory"
    evaluation = "evaluation"
    selection = "selection"
    procurement = "procurement"

    @property
    def activity_kind(self) -> str:
        """The registry's `ActivityKind` value: evaluation and selection are one kind there."""
        return {
            "co-creation": "co_creation",
            "advisory": "advisory",
            "evaluation": "evaluation_selection",
            "selection": "evaluation_selection",
            "procurement": "procurement",
        }[self.value]


class SectionId(StrEnum):
    """The sections of a brief, in the order a reader meets them."""

    summary = "summary"  # title, challenge owners, the "how might we" line
    background = "background"  # background and why now
    need = "need"  # the need from the patient's or user's side, with evidence
    stakeholders = "stakeholders"  # users and stakeholders; who helped define the need
    outcomes = "outcomes"  # desired outcomes, measurable success criteria (baseline, target)
    scope = "scope"  # in and out of scope; what has been tried before
    constraints = "constraints"  # stated as functions, not brands
    data_access = "data_access"  # none, synthetic, anonymised, real with a legal basis
    ipr = "ipr"  # ownership, IPR, buying and selling: separate agreements
    process = "process"  # process and timeline
    participation = "participation"  # rules of participation and equal treatment
    declarations = "declarations"  # declarations of interest and the conflict check
    open_questions = "open_questions"


# Left open, these sections make a brief unfit for a workshop: each gets a finding.
REQUIRED_SECTIONS: tuple[SectionId, ...] = (
    SectionId.need,
    SectionId.outcomes,
    SectionId.scope,
    SectionId.constraints,
    SectionId.data_access,
    SectionId.ipr,
    SectionId.process,
)

Origin = Literal["input", "evidence", "template", "registry"]
SectionStatus = Literal["filled", "open"]
CompassStatus = Literal["met", "warning", "missing"]
FindingSeverity = Literal["info", "warning", "blocker"]
Mode = Literal["extractive", "llm"]


def _clean(text: str) -> str:
    """Whitespace runs to one space, control characters out: input arrives from forms and CLIs."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


class BriefInput(BaseModel):
    """What the facilitator knows: the need, who is behind it and who comes to the table."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=3, max_length=MAX_TITLE_CHARS)
    need: str = Field(
        min_length=20,
        max_length=MAX_NEED_CHARS,
        description="Who struggles with what, today, in a few sentences.",
    )
    organisations: list[str] = Field(
        default_factory=list,
        max_length=30,
        description="Registry organisations behind the need: name, alias or organisation number.",
    )
    participants: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="Planned participants: registry e-mails, or free names of people not in it.",
    )
    kind: BriefKind = BriefKind.co_creation
    # `dt.date`: a field named `date` would shadow the type in its own annotation.
    date: dt.date | None = Field(default=None, ge=dt.date(2000, 1, 1), le=dt.date(2100, 1, 1))
    language: Language = "no"
    outcomes: str = Field(default="", max_length=MAX_FIELD_CHARS)
    scope: str = Field(default="", max_length=MAX_FIELD_CHARS)
    constraints: str = Field(default="", max_length=MAX_FIELD_CHARS)
    data: str = Field(default="", max_length=MAX_FIELD_CHARS)
    ipr: str = Field(default="", max_length=MAX_FIELD_CHARS)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        # "co_creation", "Co-Creation" and the registry's "evaluation_selection" all arrive.
        if isinstance(value, str):
            spelled = value.strip().lower().replace("_", "-")
            return {"evaluation-selection": "evaluation"}.get(spelled, spelled)
        return value

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"nb": "no", "nn": "no", "norsk": "no", "english": "en"}.get(
                value.strip().lower(), value.strip().lower()
            )
        return value

    @field_validator("title", "need", "outcomes", "scope", "constraints", "data", "ipr")
    @classmethod
    def _text(cls, value: str) -> str:
        return _clean(value)

    @field_validator("organisations", "participants")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        cleaned = [_clean(v) for v in value]
        if any(not v for v in cleaned):
            raise ValueError("names must not be blank")
        if any(len(v) > 200 for v in cleaned):
            raise ValueError("a name may have at most 200 characters")
        return list(dict.fromkeys(cleaned))

    @model_validator(mode="after")
    def _not_blank(self) -> BriefInput:
        if len(self.title) < 3:
            raise ValueError("title must have at least 3 characters")
        if len(self.need) < 20:
            raise ValueError("need must say in a sentence or more who struggles with what")
        return self


class Citation(BaseModel):
    """A numbered source of the brief: the checked passage an evidence paragraph rests on."""

    n: int
    source: str
    location: str
    quote: str
    title: str = ""
    chunk_id: str = ""


class Paragraph(BaseModel):
    """One paragraph or list item; `citations` are the brief's numbers it rests on."""

    text: str
    origin: Origin
    citations: list[int] = Field(default_factory=list)


class Section(BaseModel):
    id: SectionId
    title: str
    status: SectionStatus
    paragraphs: list[Paragraph] = Field(default_factory=list)
    # Why the section is open, and what the facilitator should settle (in the brief's language).
    open_reason: str = ""

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


class CompassResult(BaseModel):
    """One commitment of the value compass, checked against the brief and its participants."""

    principle: str  # the principle's id in knowledge/verdikompass.md
    principle_name: str  # in the brief's language
    commitment: str  # the commitment's id
    text: str  # the commitment in the brief's language
    status: CompassStatus
    reason: str


class Finding(BaseModel):
    """A named check that fired: `check` is a stable id such as `names-product`."""

    check: str
    severity: FindingSeverity
    message: str


class ParticipantCheck(BaseModel):
    """One planned participant as the brief's author may see their conflict check."""

    participant: str  # the name shown in the brief
    email: str | None = None
    organisation: str | None = None
    organisation_kind: str | None = None  # the registry's OrgKind value
    registered: bool
    declaration: str  # current, none, expired, submitted, ... ("not in the registry")
    severity: str  # none, indirect, direct; "unknown" for people outside the registry
    recommended_action: str
    reviewed_decision: str | None = None


class Brief(BaseModel):
    """The whole brief: sections, checks and sources, in one language."""

    title: str
    language: Language
    kind: BriefKind
    date: dt.date | None = None
    owners: list[str] = Field(default_factory=list)  # the organisations behind the need
    how_might_we: str
    sections: list[Section]
    compass: list[CompassResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    conflicts: list[ParticipantCheck] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    mode: Mode = "extractive"
    model: str = "extractive"

    def section(self, section_id: SectionId | str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def open_sections(self) -> list[SectionId]:
        return [s.id for s in self.sections if s.status == "open"]


class TableOrganisation(BaseModel):
    """An organisation at the table: behind the need, or a participant's employer."""

    name: str
    kind: str  # the registry's OrgKind value
    owner: bool  # behind the need (a challenge owner), not only there through a participant


class BriefFacts(BaseModel):
    """What the checks read besides the brief: the input and the registry's view of the table."""

    input: BriefInput
    organisations: list[TableOrganisation] = Field(default_factory=list)
    # Words the registry knows as vendors (company organisations' names and aliases): a need
    # that names one names a product or vendor.
    vendor_names: list[str] = Field(default_factory=list)


class FindingChange(BaseModel):
    """What re-checking a revision changed: findings that appeared, and those that went away."""

    added: list[Finding] = Field(default_factory=list)
    resolved: list[Finding] = Field(default_factory=list)


class BriefSummary(BaseModel):
    """A saved brief in a list: what it is and its newest version, without its content."""

    id: int
    title: str
    version: int
    language: Language
    kind: BriefKind
    author: str
    updated_at: dt.datetime


class BriefRecord(BaseModel):
    """A saved brief at one version, as every surface returns it."""

    id: int
    version: int
    author: str
    created_at: str
    input: BriefInput
    brief: Brief
    changes: FindingChange | None = None  # against the previous version, from version 2 on

    def as_json(self) -> dict[str, Any]:
        """The CLI's `--format json` and the API's shape."""
        brief = self.brief
        return {
            "id": self.id,
            "version": self.version,
            "language": brief.language,
            "title": brief.title,
            "kind": brief.kind.value,
            "date": brief.date.isoformat() if brief.date else None,
            "mode": brief.mode,
            "author": self.author,
            "created_at": self.created_at,
            "brief": {
                "title": brief.title,
                "owners": brief.owners,
                "how_might_we": brief.how_might_we,
                "sections": {
                    s.id.value: s.model_dump(mode="json", exclude={"id"}) for s in brief.sections
                },
            },
            "compass": [c.model_dump(mode="json") for c in brief.compass],
            "findings": [f.model_dump(mode="json") for f in brief.findings],
            "conflicts": [c.model_dump(mode="json") for c in brief.conflicts],
            "citations": [
                c.model_dump(mode="json", include={"n", "source", "location", "quote"})
                for c in brief.citations
            ],
            "changes": self.changes.model_dump(mode="json") if self.changes else None,
        }
