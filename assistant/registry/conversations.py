"""Stored chat conversations read back from the registry database, and who may read them.

The chat keeps its conversations through Chainlit's SQLAlchemy data layer in tables the
registry's migration 0004 owns (`users`, `threads`, `steps`, `elements`, `feedbacks`; columns
camelCase and quoted, lists and dictionaries as JSON text). This module reads them with plain
SQL on the registry's session, on SQLite and PostgreSQL alike, and never writes.

An answer's message carries `metadata.arena_turn`: the question and the answer's text, and
since the knowledge-gaps work also whether it abstained, its mode and model, the reason for an
abstention, and its sources (the cited passages, or the closest ones when it abstained). Rows
written before then have only the question and the text: whether they abstained is read from
the message's author (the chat names an abstention's author "Not covered"), and their sources
from the answer's sources panel (its element's props).

Coordinators read every conversation; anyone else only their own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import text
from sqlmodel import Session

from assistant.i18n import say
from assistant.registry.access import is_coordinator
from assistant.registry.errors import NotFoundError, PermissionDeniedError
from assistant.registry.models import Person
from assistant.registry.people import get_person_by_email

TURN = "arena_turn"  # the step metadata key of an answered turn (assistant.chat.data_layer)
SOURCES_ELEMENT = "Sources"  # the answer's sources panel (assistant.chat.answer_markdown)
USER, ASSISTANT = "user_message", "assistant_message"
# The author the chat gives an abstention, in either language: how rows written before the
# turn recorded `abstained` are recognised.
NOT_COVERED = frozenset(say("chat_not_covered", language) for language in ("no", "en"))
MAX_THREAD_ID = 100  # Chainlit's ids are uuids; anything much longer is not one


@dataclass(frozen=True)
class Source:
    """A passage an answer cited, or (when it abstained) one of the closest it found."""

    kind: Literal["cited", "closest"]
    source: str
    location: str = ""
    title: str = ""
    quote: str = ""
    passage: str = ""
    n: int | None = None


@dataclass(frozen=True)
class Rating:
    """A thumbs up (1) or down (0) on a message, with the rater's comment."""

    value: int
    comment: str = ""

    @property
    def label(self) -> Literal["up", "down"]:
        return "up" if self.value else "down"


@dataclass
class Message:
    """One message of a conversation: a user's, or the assistant's (an answer or a reply)."""

    step_id: str
    role: Literal["user", "assistant"]
    text: str
    at: str
    author: str = ""
    answer: bool = False  # an answer from the knowledge base (it carries a turn)
    question: str = ""
    abstained: bool = False
    mode: str = ""
    model: str = ""
    reason: str = ""
    sources: list[Source] = field(default_factory=list)
    rating: Rating | None = None


@dataclass
class Conversation:
    """A stored thread: its name, owner, and its messages in the order they were written."""

    thread_id: str
    name: str
    user: str
    created_at: str
    messages: list[Message] = field(default_factory=list)


# Who may read ---------------------------------------------------------------------------------


def reader(session: Session, email: str | None, *, operator: bool = False) -> Person | None:
    """The person reading stored conversations; None only for the server's operator.

    `operator` is the command line run on the server without `--as`: whoever runs it already
    holds the database. Every other caller names the signed-in person, who must be active.
    """
    if operator:
        return None
    if not email:
        raise PermissionDeniedError("Sign in to read stored conversations")
    person = get_person_by_email(session=session, email=email)
    if not person.active:
        raise PermissionDeniedError(f"{person.email} is deactivated")
    return person


def require_coordinator(person: Person | None) -> None:
    """Knowledge gaps span everyone's conversations: coordinators (and the operator) only."""
    if person is not None and not is_coordinator(person):
        raise PermissionDeniedError(
            f"Only coordinators see knowledge gaps and others' conversations; you are {person.role}"
        )


def require_conversation_access(person: Person | None, conversation: Conversation) -> None:
    """Coordinators read every conversation; anyone else only their own."""
    if person is None or is_coordinator(person):
        return
    if conversation.user.strip().lower() != person.email.strip().lower():
        raise PermissionDeniedError(
            f"Conversation {conversation.thread_id} is not yours: only coordinators read others'"
        )


def read_conversation(
    *, session: Session, thread_id: str, email: str | None, operator: bool = False
) -> Conversation:
    """A stored conversation, for its owner, a coordinator or the operator."""
    person = reader(session, email, operator=operator)
    conversation = load_conversation(session, thread_id)
    require_conversation_access(person, conversation)
    return conversation


def may_read(*, session: Session, thread_id: str, email: str | None) -> bool:
    """Whether the signed-in `email` may read the conversation (a read-only view's check)."""
    try:
        read_conversation(session=session, thread_id=thread_id, email=email)
    except (NotFoundError, PermissionDeniedError):
        return False
    return True


# Reading --------------------------------------------------------------------------------------


def load_conversation(session: Session, thread_id: str) -> Conversation:
    """The thread `thread_id` with its messages, ratings and sources; NotFoundError if none."""
    thread_id = thread_id.strip()
    row = None
    if thread_id and len(thread_id) <= MAX_THREAD_ID:
        row = fetch_rows(
            session,
            'SELECT t."id", t."name", t."createdAt", '
            'COALESCE(t."userIdentifier", u."identifier") AS "user" FROM threads t '
            'LEFT JOIN users u ON u."id" = t."userId" WHERE t."id" = :thread',
            thread=thread_id,
        )
    if not row:
        raise NotFoundError(f"No stored conversation {thread_id!r}: check the id")
    thread = row[0]
    steps = fetch_rows(
        session,
        'SELECT "id", "name", "type", "output", "createdAt", "metadata" FROM steps '
        'WHERE "threadId" = :thread AND "type" IN (:user, :assistant) '
        'ORDER BY "createdAt", "id"',
        thread=thread_id,
        user=USER,
        assistant=ASSISTANT,
    )
    ratings = {
        r["forId"]: Rating(int(r["value"]), r["comment"] or "")
        for r in fetch_rows(
            session,
            'SELECT f."forId", f."value", f."comment" FROM feedbacks f '
            'JOIN steps s ON s."id" = f."forId" WHERE s."threadId" = :thread',
            thread=thread_id,
        )
    }
    panels = panel_sources(session, [s["id"] for s in steps if s["type"] == ASSISTANT])
    return Conversation(
        thread_id=thread["id"],
        name=thread["name"] or "",
        user=thread["user"] or "",
        created_at=thread["createdAt"] or "",
        messages=[message_of(s, ratings.get(s["id"]), panels.get(s["id"], [])) for s in steps],
    )


def message_of(step: dict[str, Any], rating: Rating | None, panel: list[Source]) -> Message:
    """A stored step as a message; an answer's turn read whatever its age."""
    role: Literal["user", "assistant"] = "user" if step["type"] == USER else "assistant"
    message = Message(
        step_id=step["id"],
        role=role,
        text=step["output"] or "",
        at=step["createdAt"] or "",
        author=step["name"] or "",
        rating=rating,
    )
    turn = turn_of(step.get("metadata"))
    if role == "assistant" and turn is not None:
        message.answer = True
        message.question = _text(turn.get("question"))
        message.text = _text(turn.get("answer")) or message.text
        recorded = turn.get("abstained")
        message.abstained = (
            recorded if isinstance(recorded, bool) else message.author in NOT_COVERED
        )
        message.mode, message.model = _text(turn.get("mode")), _text(turn.get("model"))
        message.reason = _text(turn.get("reason"))
        sources = turn.get("sources")
        message.sources = sources_of(sources, message.abstained) if sources is not None else panel
    return message


def turn_of(metadata: Any) -> dict[str, Any] | None:
    """The `arena_turn` of a step's metadata (a dictionary, or JSON text), if it has one."""
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return None
    turn = metadata.get(TURN) if isinstance(metadata, dict) else None
    return turn if isinstance(turn, dict) and isinstance(turn.get("question"), str) else None


def sources_of(items: Any, abstained: bool) -> list[Source]:
    """Sources from a turn's list (or a sources panel's items); malformed entries skipped."""
    if not isinstance(items, list):
        return []
    default = "closest" if abstained else "cited"
    sources = []
    for item in items:
        if not isinstance(item, dict) or not _text(item.get("source")):
            continue
        kind = item.get("kind") if item.get("kind") in ("cited", "closest") else default
        n = item.get("n")
        sources.append(
            Source(
                kind=kind,
                source=_text(item.get("source")),
                location=_text(item.get("location")),
                title=_text(item.get("title")),
                quote=_text(item.get("quote")),
                passage=_text(item.get("passage")),
                n=n if isinstance(n, int) and not isinstance(n, bool) else None,
            )
        )
    return sources


def panel_sources(session: Session, step_ids: list[str]) -> dict[str, list[Source]]:
    """The sources panels of these answers, by answer: the sources of turns kept before the
    turn recorded its own. An abstention's panel lists closest passages, labelled as such."""
    if not step_ids:
        return {}
    names = ", ".join(f":s{i}" for i in range(len(step_ids)))
    rows = fetch_rows(
        session,
        f'SELECT "forId", "props" FROM elements WHERE "name" = :name AND "forId" IN ({names})',
        name=SOURCES_ELEMENT,
        **{f"s{i}": step_id for i, step_id in enumerate(step_ids)},
    )
    panels: dict[str, list[Source]] = {}
    for row in rows:
        try:
            props = json.loads(row["props"]) if isinstance(row["props"], str) else row["props"]
        except ValueError:
            continue
        items = props.get("items") if isinstance(props, dict) else None
        if not isinstance(items, list):
            continue
        # Cited items are labelled "[n]"; the closest passages are not.
        abstained = not any(
            str(i.get("label", "")).startswith("[") for i in items if isinstance(i, dict)
        )
        panels[row["forId"]] = sources_of(items, abstained)
    return panels


def fetch_rows(session: Session, sql: str, **params: Any) -> list[dict[str, Any]]:
    result = session.connection().execute(text(sql), params)
    return [dict(row._mapping) for row in result]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
