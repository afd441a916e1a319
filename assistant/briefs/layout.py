"""What a rendered brief shows, in which order: one layout that Markdown and Word both write out.

The layout is a list of blocks (headings, runs of lines, tables, the source list) holding plain
text in the brief's language; each renderer only decides how a block looks, so the two files
cannot drift apart. Escaping is the renderer's job: here, text is as the brief holds it.

Order: the title; a meta block (challenge owners, kind, date, version, mode); the "how might we"
line; the summary section's own paragraphs (it *is* the document's head, so it gets no heading);
each other section under its title, the conflict check as a table in the declarations section;
the value compass as a table; the findings; what changed in them since the previous version;
the numbered sources.

A section is a bullet list when it holds items rather than prose: always for stakeholders,
rules of participation and open questions; in any other section when it has two or more
paragraphs, none longer than `SHORT_ITEM` characters and none retrieved evidence (a passage
with its citation reads as prose). Otherwise each paragraph is a paragraph of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.briefs.model import (
    Brief,
    BriefRecord,
    Citation,
    Finding,
    ParticipantCheck,
    Section,
    SectionId,
)
from assistant.i18n import Language, say
from assistant.i18n.knowledge import location_label

SHORT_ITEM = 160
LIST_SECTIONS = frozenset(
    {SectionId.stakeholders, SectionId.participation, SectionId.open_questions}
)
# Declaration states the registry reports, each with its words in `brief_render_declaration_*`.
DECLARATION_STATES = frozenset(
    {
        "current",
        "none",
        "draft",
        "submitted",
        "returned",
        "resubmitted",
        "approved",
        "update_required",
        "expired",
        "withdrawn",
    }
)
CONFLICT_SEVERITIES = frozenset({"none", "indirect", "direct", "unknown"})

LinesStyle = Literal["prose", "bullets", "meta", "lead", "note"]


@dataclass(frozen=True)
class Line:
    """One paragraph or list item; `label`, when set, is shown in bold before it with a colon."""

    text: str
    label: str = ""


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Lines:
    """Paragraphs in one style: prose, a bullet list, the meta block, the lead line or a note."""

    style: LinesStyle
    lines: list[Line]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Sources:
    """The numbered source list; each citation's `n` is the marker `[n]` in the text."""

    citations: list[Citation] = field(default_factory=list)


Block = Heading | Lines | Table | Sources


def label(key: str, language: Language, **values: object) -> str:
    """A word of the rendered brief (`brief_render_<key>`) in the brief's language."""
    return say(f"brief_render_{key}", language, **values)


def columns(table: str, language: Language) -> list[str]:
    """A table's header: `brief_render_<table>_columns`, names separated by ' | '."""
    return [name.strip() for name in label(f"{table}_columns", language).split("|")]


def is_list(section: Section) -> bool:
    """Whether the section's paragraphs are items (a bullet list) rather than prose."""
    if not section.paragraphs:
        return False
    if section.id in LIST_SECTIONS:
        return True
    return len(section.paragraphs) >= 2 and all(
        len(p.text) <= SHORT_ITEM and p.origin != "evidence" for p in section.paragraphs
    )


def layout(item: BriefRecord | Brief) -> list[Block]:
    """The blocks of a saved brief (with its version) or of a draft not saved yet."""
    record = item if isinstance(item, BriefRecord) else None
    brief = item.brief if isinstance(item, BriefRecord) else item
    language = brief.language
    blocks: list[Block] = [Heading(1, brief.title), Lines("meta", _meta(brief, record))]
    if brief.how_might_we:
        blocks.append(Lines("lead", [Line(brief.how_might_we)]))
    for section in brief.sections:
        blocks += _section(section, brief)
    if brief.conflicts and not any(s.id == SectionId.declarations for s in brief.sections):
        blocks += [Heading(2, label("conflicts", language)), _conflict_table(brief)]
    blocks += _compass(brief)
    blocks += [Heading(2, label("findings", language)), _findings(brief.findings, language)]
    if record is not None and record.changes is not None:
        blocks += _changes(record, language)
    blocks.append(Heading(2, label("sources", language)))
    if brief.citations:
        cited = sorted(brief.citations, key=lambda c: c.n)
        blocks.append(
            Sources(
                [
                    c.model_copy(update={"location": location_label(c.location, language)})
                    for c in cited
                ]
            )
        )
    else:
        blocks.append(Lines("prose", [Line(label("sources_none", language))]))
    return blocks


def source_parts(citation: Citation) -> list[str]:
    """What a source line says after its number: source, location (if any) and «quote»."""
    parts = [citation.source]
    if citation.location:
        parts.append(citation.location)
    parts.append(f"«{' '.join(citation.quote.split())}»")
    return parts


def _meta(brief: Brief, record: BriefRecord | None) -> list[Line]:
    language = brief.language
    lines = [
        Line(", ".join(brief.owners) or label("not_given", language), label("owners", language)),
        Line(label(f"kind_{brief.kind.value}", language), label("kind", language)),
        Line(
            brief.date.isoformat() if brief.date else label("not_set", language),
            label("date", language),
        ),
    ]
    if record is not None:
        saved = record.created_at[:16].replace("T", " ")
        version = label(
            "version_value", language, version=record.version, saved=saved, author=record.author
        )
        lines.append(Line(version, label("version", language)))
    mode = (
        label("mode_llm", language, model=brief.model)
        if brief.mode == "llm"
        else label("mode_extractive", language)
    )
    lines.append(Line(mode, label("mode", language)))
    return lines


def _section(section: Section, brief: Brief) -> list[Block]:
    language = brief.language
    lines = [Line(p.text) for p in section.paragraphs]
    blocks: list[Block] = []
    if section.id == SectionId.summary:
        # The head already shows the title, owners and this line: the summary adds the rest.
        lines = [line for line in lines if line.text.strip() != brief.how_might_we.strip()]
    else:
        blocks.append(Heading(2, section.title))
    if lines:
        blocks.append(Lines("bullets" if is_list(section) else "prose", lines))
    if section.status == "open":
        reason = section.open_reason or label("open_no_reason", language)
        blocks.append(Lines("note", [Line(reason, label("open", language))]))
    if section.id == SectionId.declarations and brief.conflicts:
        blocks.append(_conflict_table(brief))
    return blocks


def _compass(brief: Brief) -> list[Block]:
    language = brief.language
    heading = Heading(2, label("compass", language))
    if not brief.compass:
        return [heading, Lines("prose", [Line(label("compass_none", language))])]
    rows = [
        [c.principle_name, c.text, label(f"status_{c.status}", language), c.reason]
        for c in brief.compass
    ]
    return [heading, Table(columns("compass", language), rows)]


def _findings(findings: list[Finding], language: Language) -> Lines:
    if not findings:
        return Lines("prose", [Line(label("findings_none", language))])
    return Lines("bullets", [_finding(f, language) for f in findings])


def _finding(finding: Finding, language: Language) -> Line:
    # The check's id (`missing-section:ipr`) is for programs (the JSON has it), not for readers.
    severity = label(f"severity_{finding.severity}", language)
    return Line(finding.message, severity[:1].upper() + severity[1:])


def _changes(record: BriefRecord, language: Language) -> list[Block]:
    changes = record.changes
    blocks: list[Block] = [Heading(2, label("changes", language))]
    if changes is None or not (changes.added or changes.resolved):
        return [*blocks, Lines("prose", [Line(label("changes_none", language))])]
    for key, findings in (("changes_added", changes.added), ("changes_resolved", changes.resolved)):
        if findings:
            blocks += [Heading(3, label(key, language)), _findings(findings, language)]
    return blocks


def _conflict_table(brief: Brief) -> Table:
    language = brief.language
    rows = [
        [
            check.participant,
            check.organisation or "",
            _declaration(check, language),
            _severity(check.severity, language),
            check.recommended_action,
        ]
        for check in brief.conflicts
    ]
    return Table(columns("conflict", language), rows)


def _declaration(check: ParticipantCheck, language: Language) -> str:
    if not check.registered:
        return label("not_registered", language)
    state = check.declaration.strip().lower().replace(" ", "_")
    # A state the registry may add later shows as it came rather than not at all.
    return label(f"declaration_{state}", language) if state in DECLARATION_STATES else state


def _severity(severity: str, language: Language) -> str:
    value = severity.strip().lower()
    if value in CONFLICT_SEVERITIES:
        return label(f"conflict_severity_{value}", language)
    return value
