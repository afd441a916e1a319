"""Markdown the chat shows for the registry: tables of declarations, reviews and conflict checks.

Pure functions: records in, Markdown out. Fetching the records (and every access check) is
`registry_replies`'s job; every word a user reads comes from `CHAT_STRINGS` via `say`. What
users typed into the registry (names, positions, reasoning) goes through `inert_markdown`,
so a coordinator's screen loads no image and runs no HTML from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from assistant.chat.markdown_safety import inert_cell, inert_markdown
from assistant.i18n import Language, say
from assistant.registry.errors import (
    DatabaseUnavailableError,
    PermissionDeniedError,
    StaleVersionError,
    TransitionError,
)
from assistant.registry.models import Decision, Outcome

if TYPE_CHECKING:
    from assistant.registry.conflict_views import (
        ConflictCheck,
        ConflictCheckFacilitatorView,
        FacilitatorFinding,
    )
    from assistant.registry.conflicts import Finding, ItemMinutes
    from assistant.registry.models import Declaration, Interest, Review


def label(kind: str, value: object, language: Language) -> str:
    """A registry value (a status, a decision, a category...) in the user's words.

    `kind` names the list (`status`, `decision`, `category`...): the key is
    `label_<kind>_<value>`. A value without words yet is shown as it is, never hidden.
    """
    if value is None:
        return ""
    text = str(value)
    word = re.sub(r"\W+", "_", text).strip("_")
    try:
        return say(f"label_{kind}_{word}", language)
    except KeyError:
        return text


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
    """An error as one polite line; our errors already say what to do next.

    The registry's messages are English: in Norwegian, an error whose kind says all a reader
    needs is told by its kind, so the reply holds no English sentence. Others (an unknown
    name, a bad value) keep their detail, which names what to correct.
    """
    error = " ".join(inert_markdown(str(exc)).split())
    if language == "en":
        return say("chat_sorry", language, error=error)
    if isinstance(exc, PermissionDeniedError):
        return say("chat_sorry_permission", language)
    if isinstance(exc, StaleVersionError):
        return say("chat_sorry_stale", language)
    if isinstance(exc, TransitionError):
        return say("chat_sorry_transition", language)
    if isinstance(exc, DatabaseUnavailableError):
        return say("chat_sorry_unavailable", language)
    return say("chat_sorry", language, error=error)


def waiting_markdown(
    waiting: list[Declaration], names: dict[int | None, str], language: Language
) -> str:
    """A coordinator's list of declarations awaiting review; `names` maps person id to name."""
    if not waiting:
        return say("chat_none_waiting", language)
    rows = [
        [d.id, names[d.person_id], label("status", d.status, language), d.version, d.submitted_at]
        for d in waiting
    ]
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
    rows = [
        [d.id, label("status", d.status, language), d.version, d.approved_at, d.expires_at]
        for d in own
    ]
    parts = [say("chat_own", language), markdown_table(headers("own", language), rows)]
    if current is not None:
        status = label("status", current.status, language)
        parts.append(say("chat_current", language, id=current.id, status=status))
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
            label("category", i.category, language),
            label("whose", i.whose, language),
            organisations.get(i.organisation_id),
            i.position,
            i.topics,
            label("value", i.value_band, language),
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
            "chat_state",
            language,
            status=label("status", declaration.status, language),
            version=declaration.version,
            org=org,
        ),
        interests,
    ]
    if reviews:
        rows = [
            [
                r.created_at,
                label("outcome", r.outcome, language),
                label("decision", r.decision, language),
                r.reasoning,
            ]
            for r in reviews
        ]
        parts += [say("chat_reviews", language), markdown_table(headers("reviews", language), rows)]
    return parts


def check_markdown(report: ConflictCheck | ConflictCheckFacilitatorView, language: Language) -> str:
    """A conflict check in the view the viewer may see, all in the user's language.

    One short table (who, how much, what to do) that fits a narrow window, the grounds per
    person as a list under it, then what each person may do on each agenda item.
    """
    title = say(
        "chat_check",
        language,
        activity=inert_markdown(report.activity),
        kind=label("kind", report.kind, language),
        date=report.as_of,
    )
    findings = [
        [
            f"{f.name} ({label('participant', f.participant_role, language)})",
            _declaration_cell(f, language),
            label("severity", f.severity, language),
            recommended_action(f, report.minutes, language),
        ]
        for f in report.participants
    ]
    parts = [title, markdown_table(headers("findings", language), findings)]
    grounds = [
        f"- **{inert_markdown(f.name)}**: {'; '.join(grounds_of(f, language))}"
        for f in report.participants
        if grounds_of(f, language)
    ]
    if grounds:
        parts.append(say("chat_grounds", language) + "\n\n" + "\n".join(grounds))
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
        rows = [
            [r.name, label("verdict", r.verdict, language), _ruling_reason(r.reason, language)]
            for r in item.rulings
        ]
        parts.append(markdown_table(headers("rulings", language), rows))
    return "\n\n".join(parts)


def _declaration_cell(finding: Finding | FacilitatorFinding, language: Language) -> str:
    status = label("status", finding.declaration_status, language)
    return f"{finding.declaration_id} ({status})" if finding.declaration_id else status


def _state(finding: Finding | FacilitatorFinding, language: Language) -> str:
    """A declaration that is not current, in a few words: none, expired on a day, or its status."""
    expired_on = getattr(finding, "declaration_expired_on", None)
    if expired_on:
        return say("state_expired_on", language, date=expired_on)
    if finding.declaration_status == "none":
        return label("status", "none", language)
    return say(
        "state_status", language, status=label("status", finding.declaration_status, language)
    )


def recommended_action(
    finding: Finding | FacilitatorFinding, minutes: list[ItemMinutes], language: Language
) -> str:
    """What the check recommends for a person, from its decision (the registry's text is English)."""
    decision = finding.recommended_decision
    if not finding.current_declaration:
        action = say("action_observe", language, state=_state(finding, language))
    elif decision == Decision.recused_from_items:
        items = [
            inert_markdown(item.title)
            for item in minutes
            for r in item.rulings
            if r.person_id == finding.person_id and r.reason == "direct interest"
        ]
        action = say("action_recuse", language, items="; ".join(items))
    else:
        key = {
            Decision.disclose_only: "action_disclose",
            Decision.discussion_not_decision: "action_discuss",
            Decision.excluded: "action_exclude",
        }.get(Decision(decision) if decision else Decision.no_conflict, "action_take_part")
        action = say(key, language)
    if finding.reviewed_decision:
        decided = label("decision", finding.reviewed_decision, language)
        action = say("action_decided", language, action=action, decision=decided)
    return action


def grounds_of(finding: Finding | FacilitatorFinding, language: Language) -> list[str]:
    """Why a person is flagged: each interest's category, counterpart, topics and end."""
    lines = []
    for e in getattr(finding, "evidence", []):
        category = label("category", e.category, language)
        text = category
        if e.organisation_match and e.organisation:
            text = say("ground_at", language, category=category, organisation=e.organisation)
        topics = [m.removeprefix("topics ") for m in e.matched_on if m.startswith("topics ")]
        extra = [say("ground_topics", language, topics=", ".join(topics))] if topics else []
        if e.whose != "self":
            extra.append(label("whose", e.whose, language))
        if e.ended_on:
            extra.append(say("ground_ended", language, date=e.ended_on))
        lines.append(inert_markdown(text + (f" ({', '.join(extra)})" if extra else "")))
    for note in getattr(finding, "public_interests", []):
        category = label("category", note.category, language)
        text = category
        if note.organisation_name:
            text = say(
                "ground_at", language, category=category, organisation=note.organisation_name
            )
        lines.append(inert_markdown(text + (f" ({note.position})" if note.position else "")))
    return lines


def _ruling_reason(reason: str, language: Language) -> str:
    if reason.startswith("declaration expired on "):
        return say(
            "state_expired_on", language, date=reason.removeprefix("declaration expired on ")
        )
    if reason.startswith("declaration "):
        status = label("status", reason.removeprefix("declaration "), language)
        return say("state_status", language, status=status)
    return label("reason", reason, language)


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


def people_markdown(
    users: list[list[Any]], organisations: list[list[Any]], language: Language
) -> str:
    """Every user (name, e-mail, role, organisation, active), then every organisation."""
    parts = [say("chat_people", language), markdown_table(headers("people", language), users)]
    parts.append(say("chat_organisations", language))
    if organisations:
        parts.append(markdown_table(headers("organisations", language), organisations))
    else:
        parts.append(say("chat_no_organisations", language))
    parts.append(say("chat_people_add", language))
    return "\n\n".join(parts)


def help_markdown(coordinator: bool, may_check: bool, language: Language) -> str:
    """The commands a role can use: everyone lists and submits, some check, coordinators review."""
    lines = [
        say(
            "chat_help_declarations_coordinator" if coordinator else "chat_help_declarations",
            language,
        ),
        say("chat_help_declare", language),
        say("chat_help_public", language),
    ]
    if may_check:
        lines.append(say("chat_help_check", language))
    if coordinator:
        lines.append(say("chat_help_review", language))
        lines.append(say("chat_help_people", language))
    lines.append(say("chat_help_submit", language))
    body = "\n".join(f"- {line}" for line in lines)
    return f"{say('chat_help', language)}{body}\n\n{say('chat_help_other_language', language)}"


def decision_label(outcome: Outcome, decision: Decision | None, language: Language) -> str:
    """The label of a decision button and of the recorded choice, in the user's words."""
    if outcome == Outcome.returned:
        return say("chat_return", language)
    words = label("decision", decision or Decision.no_conflict, language)
    return say("chat_approve", language, decision=words)
