"""The append-only audit log, chained by SHA-256 hashes, and its verification."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, SQLModel, col, select

from assistant.registry import access
from assistant.registry.models import AuditEvent, AuditHead, Person, Role, utcnow

# Secrets never enter the log, not even hashed.
_SECRET_FIELDS = frozenset({"password_hash", "token_hash"})
PURGE_ACTION = "retention.purge"
CHAT_PURGE_ACTION = "retention.chat_purge"


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def record_of(obj: SQLModel) -> dict[str, Any]:
    """A table row as JSON-ready values, without secrets: the before/after of an event."""
    data = obj.model_dump(warnings=False)
    return {k: _plain(v) for k, v in data.items() if k not in _SECRET_FIELDS}


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _stamp(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _payload_hash(before: str | None, after: str | None) -> str:
    text = f"{before if before is not None else 'null'}\n{after if after is not None else 'null'}"
    return hashlib.sha256(text.encode()).hexdigest()


def _event_hash(event: AuditEvent) -> str:
    parts = [
        str(event.seq),
        _stamp(event.at),
        event.actor,
        event.action,
        event.entity,
        "" if event.entity_id is None else str(event.entity_id),
        event.payload_hash,
        event.prev_hash,
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def append_event(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction; it commits or rolls back with the change."""
    # Moving the head first takes its row lock (PostgreSQL) or the write lock (SQLite), so
    # concurrent writers queue here instead of forking the chain.
    session.execute(update(AuditHead).where(col(AuditHead.id) == 1).values(seq=AuditHead.seq + 1))
    head = session.exec(
        select(AuditHead).where(AuditHead.id == 1).execution_options(populate_existing=True)
    ).one()
    before_text = None if before is None else canonical_json(_plain(before))
    after_text = None if after is None else canonical_json(_plain(after))
    event = AuditEvent(
        seq=head.seq,
        at=utcnow(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before_text,
        after=after_text,
        payload_hash=_payload_hash(before_text, after_text),
        prev_hash=head.hash,
        hash="",
    )
    event.hash = _event_hash(event)
    session.add(event)
    head.hash = event.hash
    session.add(head)
    session.flush()
    return event


def redact_events(session: Session, seqs: list[int]) -> None:
    """Blank the payload of events about purged records; their digests keep the chain whole."""
    if not seqs:
        return
    session.execute(
        update(AuditEvent)
        .where(col(AuditEvent.seq).in_(seqs))
        .values(before=None, after=None, redacted=True)
    )


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    events: int
    first_bad_seq: int | None = None
    problem: str = ""
    # What went wrong, as a word a surface can put in its own language: missing, reordered,
    # edited, payload_edited, blanked or truncated.
    kind: str = ""

    def message(self) -> str:
        if self.ok:
            return f"Audit chain intact: {self.events} events"
        return f"Audit chain broken at event {self.first_bad_seq}: {self.problem}"


def verify_chain(session: Session) -> VerifyReport:
    """Recompute the chain from the first event and report the first one that does not fit."""
    events = list(session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))))
    redactions_allowed = _redactions_declared(events)
    previous_hash = ""
    for expected, event in enumerate(events, start=1):
        if event.seq != expected:
            return VerifyReport(
                False,
                len(events),
                expected,
                f"event {expected} is missing (deleted)",
                "missing",
            )
        if event.prev_hash != previous_hash:
            return VerifyReport(
                False,
                len(events),
                event.seq,
                "does not follow the event before it (reordered)",
                "reordered",
            )
        if _event_hash(event) != event.hash:
            return VerifyReport(False, len(events), event.seq, "its content was edited", "edited")
        if event.redacted:
            if event.seq not in redactions_allowed or event.before or event.after:
                return VerifyReport(
                    False,
                    len(events),
                    event.seq,
                    "payload blanked outside a retention purge",
                    "blanked",
                )
        elif _payload_hash(event.before, event.after) != event.payload_hash:
            return VerifyReport(
                False, len(events), event.seq, "its before/after was edited", "payload_edited"
            )
        previous_hash = event.hash
    head = session.exec(
        select(AuditHead).where(AuditHead.id == 1).execution_options(populate_existing=True)
    ).first()
    if head is None or head.seq != len(events) or head.hash != previous_hash:
        last = head.seq if head else "?"
        return VerifyReport(
            False,
            len(events),
            len(events) + 1,
            f"the log ends early; the head records {last} events (the tail was deleted)",
            "truncated",
        )
    return VerifyReport(True, len(events))


def verify_chain_as(session: Session, user: Person) -> VerifyReport:
    """Recompute the chain for a signed-in user: coordinators only, as every surface has it."""
    access.require_role(user, Role.coordinator)
    return verify_chain(session)


def _redactions_declared(events: list[AuditEvent]) -> set[int]:
    allowed: set[int] = set()
    for event in events:
        if event.action != PURGE_ACTION or event.after is None:
            continue
        if _payload_hash(event.before, event.after) != event.payload_hash:
            continue
        # Only events older than the purge may have been blanked by it.
        allowed.update(
            seq for seq in json.loads(event.after).get("redacted_events", []) if seq < event.seq
        )
    return allowed


def events_for(session: Session, entity: str, entity_id: int) -> list[AuditEvent]:
    statement = (
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(col(AuditEvent.seq))
    )
    return list(session.exec(statement))


def count_events(*, session: Session) -> int:
    """How many events the log holds."""
    return session.exec(select(func.count()).select_from(AuditEvent)).one()
