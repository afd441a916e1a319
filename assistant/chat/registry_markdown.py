"""Markdown the chat shows for the registry: tables of declarations, reviews and conflict checks.

Pure functions: records in, Markdown out. Fetching the records (and every access check) is
`registry_replies`'s job; every word a user reads comes from `CHAT_STRINGS` via `say`. What
users typed into the registry (names, positions, reasoning) goes through `inert_markdown`,
so a coordinator's screen loads no image and runs no HTML from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from assistant.chat.markdown_safety import inert_cell, inert_markdown
from assistant.i18n import Language, say
from assistant.registry.models import Decision, Outcome

if TYPE_CHECKING:
    from assistant.registry.conflict_views import ConflictCheck, ConflictCheckFacilitatorView
    from assistant.registry.models import Declaration, Interest, Review


def headers(table: str, language: Language) -> list[str]:
    """The column names of one of our tables (`chat_columns_<table>`, separated by ' | ')."""
    return [name.strip() for name in say(f"chat_columns_{table}", language).split("|")]


def _cell(value: Any) -> str:
    """One table cell: empty for None, inert, no pipes or line breaks to break the table."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return inert_cell(str(value))


def markdown_table(headers: list[str], rows: Iterable[list[Any]]) -> str:
    """A GitHub-flavoured Markdown table, as the chat renders it."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def sorry(exc: Exception, language: Language) -> str:
    """An error as one polite line; our errors already say what to do next."""
    return say("chat_sorry", language, error=" ".join(inert_markdown(str(exc)).split()))


def waiting_markdown(
    waiting: list[Declaration], names: dict[int | None, str], language: Language
) -> str:
    """A coordinator's list of declarations awaiting review; `names` maps person id to name."""
    if not waiting:
        return say("chat_none_waiting", language)
    rows = [[d.id, names[d.person_id], d.status, d.version, d.submitted_at] for d in waiting]
    table = markdown_table(headers("waiting", language), rows)
    return f"{say('chat_waiting', language)}\n\n{table}\n\n{say('chat_open_with', language)}"


def own_declarations_markdown(
    own: list[Declaration],
    current: Declaration | None,
    interests: str,
    can_submit: bool,
    language: Language,
) -> str:
    """Someone's own declarations, then the interests of the open one (`interests`, a table)."""
    if not own:
        return say("chat_no_own", language)
    rows = [[d.id, d.status, d.version, d.approved_at, d.expires_at] for d in own]
    parts = [say("chat_own", language), markdown_table(headers("own", language), rows)]
    if current is not None:
        parts.append(say("chat_current", language, id=current.id, status=current.status))
        parts.append(interests)
        if can_submit:
            parts.append(say("chat_submit_hint", language, id=current.id))
    return "\n\n".join(parts)


def interests_markdown(
    interests: list[Interest], organisations: dict[int | None, str], language: Language
) -> str:
    """A declaration's interests, amounts included (only the owner and coordinators see it)."""
    if not interests:
        return say("chat_no_interests", language)
    rows = [
        [
            i.category,
            i.whose,
            organisations.get(i.organisation_id),
            i.position,
            i.topics,
            i.value_band,
            i.starts_on,
            i.ends_on,
            i.publishable,
        ]
        for i in interests
    ]
    return markdown_table(headers("interests", language), rows)


def declaration_markdown(
    declaration: Declaration,
    person_name: str,
    organisation: str | None,
    interests: str,
    reviews: list[Review],
    language: Language,
) -> list[str]:
    """The parts of a declaration in full: heading, state, interests and earlier reviews."""
    org = f", {inert_markdown(organisation)}" if organisation is not None else ""
    parts = [
        say("chat_declaration", language, id=declaration.id, name=inert_markdown(person_name)),
        say(
            "chat_state", language, status=declaration.status, version=declaration.version, org=org
        ),
        interests,
    ]
    if reviews:
        rows = [[r.created_at, r.outcome, r.decision, r.reasoning] for r in reviews]
        parts += [say("chat_reviews", language), markdown_table(headers("reviews", language), rows)]
    return parts


def check_markdown(report: ConflictCheck | ConflictCheckFacilitatorView, language: Language) -> str:
    """A conflict check in the view the viewer may see: findings, then minutes per item."""
    title = say(
        "chat_check",
        language,
        activity=inert_markdown(report.activity),
        kind=report.kind,
        date=report.as_of,
    )
    findings = [
        [
            f.name,
            f.participant_role,
            f"{f.declaration_id} ({f.declaration_status})" if f.declaration_id else None,
            f.severity,
            "; ".join(f.grounds()),
            f.recommended_action,
        ]
        for f in report.participants
    ]
    parts = [title, markdown_table(headers("findings", language), findings)]
    for item in report.minutes:
        suffix = say("chat_decision_item", language) if item.decision else ""
        parts.append(
            say(
                "chat_item",
                language,
                position=item.position,
                title=inert_markdown(item.title),
                decision=suffix,
            )
        )
        rows = [[r.name, r.verdict, r.reason] for r in item.rulings]
        parts.append(markdown_table(headers("rulings", language), rows))
    return "\n\n".join(parts)


def activities_markdown(rows: list[list[Any]], language: Language) -> str:
    """The activities one may check: id, name, kind, participants and agenda items."""
    if not rows:
        return say("chat_no_activities", language)
    table = markdown_table(headers("activities", language), rows)
    return f"{say('chat_activities', language)}\n\n{table}\n\n{say('chat_check_with', language)}"


def public_markdown(rows: list[list[Any]], language: Language) -> str:
    """Approved, publishable interests: person, organisation, position, category."""
    if not rows:
        return say("chat_no_public", language)
    return f"{say('chat_public', language)}\n\n{markdown_table(headers('public', language), rows)}"


def help_markdown(coordinator: bool, may_check: bool, language: Language) -> str:
    """The commands a role can use: everyone lists and submits, some check, coordinators review."""
    lines = [
        say(
            "chat_help_declarations_coordinator" if coordinator else "chat_help_declarations",
            language,
        ),
        say("chat_help_public", language),
    ]
    if may_check:
        lines.append(say("chat_help_check", language))
    if coordinator:
        lines.append(say("chat_help_review", language))
    lines.append(say("chat_help_submit", language))
    body = "\n".join(f"- {line}" for line in lines)
    return f"{say('chat_help', language)}{body}\n\n{say('chat_help_other_language', language)}"


def decision_label(outcome: Outcome, decision: Decision | None, language: Language) -> str:
    """The label of a decision button and of the recorded choice."""
    if outcome == Outcome.returned:
        return say("chat_return", language)
    return say("chat_approve", language, decision=(decision or Decision.no_conflict).value)
