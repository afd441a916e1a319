"""The retention purge of stored chat conversations, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import text
from sqlmodel import Session, col, select

from assistant.registry import audit, retention
from assistant.registry.audit import verify_chain
from assistant.registry.models import AuditEvent


def _conversation(session: Session, thread: str, *times: str) -> None:
    """A thread with one step per time given (none: a thread without messages), each rated."""
    session.execute(
        text('INSERT INTO threads ("id", "createdAt", "name") VALUES (:id, :at, :name)'),
        {"id": thread, "at": times[0] if times else "2020-01-01T08:00:00.000Z", "name": thread},
    )
    for n, at in enumerate(times):
        step = f"{thread}-s{n}"
        session.execute(
            text(
                'INSERT INTO steps ("id", "name", "type", "threadId", "createdAt", "output") '
                "VALUES (:id, 'Arena', 'assistant_message', :thread, :at, 'Et svar')"
            ),
            {"id": step, "thread": thread, "at": at},
        )
        session.execute(
            text(
                'INSERT INTO elements ("id", "threadId", "name", "forId") '
                "VALUES (:id, :thread, 'Kilder', :step)"
            ),
            {"id": f"{step}-e", "thread": thread, "step": step},
        )
        session.execute(
            text(
                'INSERT INTO feedbacks ("id", "forId", "threadId", "value", "comment") '
                "VALUES (:id, :step, :thread, 0, 'Feil kilde')"
            ),
            {"id": f"{step}-f", "step": step, "thread": thread},
        )


def _count(session: Session, table: str) -> int:
    return int(session.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def test_conversations_idle_past_the_retention_period_go_with_their_steps_and_ratings(
    session: Session,
) -> None:
    _conversation(session, "old", "2025-01-10T09:00:00.000Z", "2025-02-01T09:00:00.000Z")
    # Begun long ago, but its last message is recent: it stays.
    _conversation(session, "revived", "2024-06-01T09:00:00.000Z", "2026-11-20T09:00:00.000Z")
    _conversation(session, "recent", "2026-11-30T09:00:00.000Z")
    _conversation(session, "empty-old")
    session.commit()
    purged = retention.purge_expired_conversations(
        session=session, retention_days=365, actor="coordinator@arena.example",
        today=date(2026, 12, 1),
    )  # fmt: skip
    session.commit()
    assert purged == 2
    kept = {row[0] for row in session.execute(text('SELECT "id" FROM threads'))}
    assert kept == {"revived", "recent"}
    assert (
        _count(session, "steps"),
        _count(session, "elements"),
        _count(session, "feedbacks"),
    ) == (
        3,
        3,
        3,
    )
    event = session.exec(
        select(AuditEvent).where(col(AuditEvent.action) == audit.CHAT_PURGE_ACTION)
    ).one()
    # The audit trail records the count and the cut-off, never the conversations' content.
    assert json.loads(event.after or "") == {"cutoff": "2025-12-01", "conversations": 2}
    assert verify_chain(session).ok


def test_nothing_is_deleted_inside_the_retention_period(session: Session) -> None:
    _conversation(session, "recent", "2026-11-30T09:00:00.000Z")
    session.commit()
    purged = retention.purge_expired_conversations(
        session=session, retention_days=30, actor="t", today=date(2026, 12, 1)
    )
    assert purged == 0
    assert _count(session, "threads") == 1
