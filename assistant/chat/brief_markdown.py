"""The brief flow's own Markdown: the summary above a brief, the changes a revision made, my list.

The brief itself is `briefs.markdown.render_markdown`'s; every text from the user or the
registry goes through the shared escaping, so none of it can open a block, link or image.
"""

from __future__ import annotations

from assistant.briefs.markdown import render_markdown
from assistant.briefs.model import BriefInput, BriefKind, BriefRecord, Finding
from assistant.chat.markdown_safety import inert_cell, inert_markdown
from assistant.i18n import Language, say
from assistant.registry.models import BriefRow
from assistant.text.markdown import inert_line

NONE = "-"  # typed for "none" in an optional list or text, and shown for an empty one


def preview(record: BriefRecord, language: Language) -> str:
    """A one-line summary of the checks above the brief itself."""
    compass = record.brief.compass
    summary = say(
        "chat_briefs_summary",
        language,
        id=record.id,
        version=record.version,
        findings=len(record.brief.findings),
        met=sum(c.status == "met" for c in compass),
        total=len(compass),
    )
    return f"{summary}\n\n---\n\n{render_markdown(record)}"


def shown_value(current: BriefInput, name: str, language: Language) -> str:
    """A field's current value on one line, for the question that replaces it."""
    value = getattr(current, name)
    if isinstance(value, list):
        value = ", ".join(value)
    elif isinstance(value, BriefKind):
        value = say(f"brief_render_kind_{value.value}", language)
    elif value is not None and not isinstance(value, str):
        value = value.isoformat()
    return inert_markdown(" ".join(str(value or "").split())[:300]) or NONE


def changes_markdown(record: BriefRecord, language: Language) -> str:
    """What re-checking the revision changed in the findings."""
    changes = record.changes
    if changes is None or not (changes.added or changes.resolved):
        return say("chat_briefs_no_changes", language, version=record.version)

    def lines(findings: list[Finding]) -> str:
        return "\n".join(f"- `{f.check}`: {inert_line(f.message)}" for f in findings)

    parts = [say("chat_briefs_changes", language, version=record.version)]
    if changes.added:
        parts.append(f"**{say('chat_briefs_added', language)}**\n\n{lines(changes.added)}")
    if changes.resolved:
        parts.append(f"**{say('chat_briefs_resolved', language)}**\n\n{lines(changes.resolved)}")
    return "\n\n".join(parts)


def list_markdown(rows: list[BriefRow], language: Language) -> str:
    """The briefs a user may open, as a table, newest first."""
    header = say("chat_briefs_table_header", language)
    table = [f"| {header} |", "|" + "---|" * (header.count("|") + 1)]
    for row in rows:
        kind = say(f"brief_render_kind_{row.kind}", language)
        updated = row.updated_at.strftime("%Y-%m-%d %H:%M")
        table.append(
            f"| {row.id} | {inert_cell(row.title)} | {kind} | {row.latest_version} | {updated} |"
        )
    return f"{say('chat_briefs_list', language, count=len(rows))}\n\n" + "\n".join(table)
