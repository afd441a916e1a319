"""The retention purge: whole records deleted after their time, audited, chain kept whole.

Old registry records go after `retention_years`; stored chat conversations (Chainlit's
tables, owned by migration 0004) after `chat_retention_days` without a new message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, text, update
from sqlmodel import Session, col, select

from assistant.registry import audit
from assistant.registry.models import (
    Activity,
    ActivityOrganisation,
    ActivityParticipant,
    AgendaItem,
    AuditEvent,
    Declaration,
    DeclarationSnapshot,
    Interest,
    Review,
    Status,
    utcnow,
)


@dataclass(frozen=True)
class PurgeReport:
    activities: list[int]
    declarations: list[int]
    redacted_events: int


def purge_expired_records(
    *, session: Session, retention_years: int, actor: str, today: date | None = None
) -> PurgeReport:
    """Delete activities ended, and declarations closed, more than `retention_years` ago.

    The only delete of whole declarations and activities (a declarant removing one interest,
    `declaring.remove_interest`, is the other delete, audited as well). Audit events about the
    purged records keep their place and digest in the chain but lose their personal payload;
    the purge is audited.
    """
    today = today or utcnow().date()
    cutoff = _years_before(today, retention_years)
    cutoff_moment = datetime(cutoff.year, cutoff.month, cutoff.day, tzinfo=UTC)
    activities = list(
        session.exec(
            select(Activity).where(
                col(Activity.ends_on).is_not(None), col(Activity.ends_on) < cutoff
            )
        )
    )
    declarations = list(
        session.exec(
            select(Declaration).where(
                col(Declaration.status).in_([Status.expired, Status.withdrawn]),
                col(Declaration.closed_at) < cutoff_moment,
            )
        )
    )
    activity_ids = [a.id for a in activities]
    declaration_ids = [d.id for d in declarations]
    interest_ids = list(
        session.exec(select(Interest.id).where(col(Interest.declaration_id).in_(declaration_ids)))
    )
    review_ids = list(
        session.exec(select(Review.id).where(col(Review.declaration_id).in_(declaration_ids)))
    )
    snapshot_ids = list(
        session.exec(
            select(DeclarationSnapshot.id).where(
                col(DeclarationSnapshot.declaration_id).in_(declaration_ids)
            )
        )
    )
    seqs = _event_seqs(
        session,
        {
            "activity": activity_ids,
            "declaration": declaration_ids,
            "interest": interest_ids,
            "review": review_ids,
            "snapshot": snapshot_ids,
        },
    )
    # Reviews of surviving declarations may name a purged activity; keep the review.
    session.execute(
        update(Review).where(col(Review.activity_id).in_(activity_ids)).values(activity_id=None)
    )
    for model, column, ids in (
        (ActivityParticipant, ActivityParticipant.activity_id, activity_ids),
        (ActivityOrganisation, ActivityOrganisation.activity_id, activity_ids),
        (AgendaItem, AgendaItem.activity_id, activity_ids),
        (Activity, Activity.id, activity_ids),
        (DeclarationSnapshot, DeclarationSnapshot.declaration_id, declaration_ids),
        (Review, Review.declaration_id, declaration_ids),
        (Interest, Interest.declaration_id, declaration_ids),
        (Declaration, Declaration.id, declaration_ids),
    ):
        if ids:
            session.execute(delete(model).where(col(column).in_(ids)))
    audit.redact_events(session, seqs)
    audit.append_event(
        session,
        actor=actor,
        action=audit.PURGE_ACTION,
        entity="registry",
        entity_id=None,
        after={
            "cutoff": cutoff.isoformat(),
            "activities": activity_ids,
            "declarations": declaration_ids,
            "redacted_events": seqs,
        },
    )
    return PurgeReport(
        activities=activity_ids,  # type: ignore[arg-type]
        declarations=declaration_ids,  # type: ignore[arg-type]
        redacted_events=len(seqs),
    )


# A conversation's last activity: its newest step, or the thread itself when it has none.
# Chainlit writes times as ISO 8601 text in UTC ("2026-12-01T20:00:00.123Z"), which sort as text.
_EXPIRED_THREADS = text(
    'SELECT t."id" FROM threads t LEFT JOIN steps s ON s."threadId" = t."id" '
    'GROUP BY t."id", t."createdAt" '
    'HAVING COALESCE(MAX(s."createdAt"), t."createdAt", \'\') < :cutoff'
)
# Children first: SQLite enforces the foreign keys' ON DELETE CASCADE only when asked to.
_DELETE_CONVERSATIONS = (
    'DELETE FROM feedbacks WHERE "threadId" IN :ids '
    'OR "forId" IN (SELECT "id" FROM steps WHERE "threadId" IN :ids)',
    'DELETE FROM elements WHERE "threadId" IN :ids',
    'DELETE FROM steps WHERE "threadId" IN :ids',
    'DELETE FROM threads WHERE "id" IN :ids',
)


def purge_expired_conversations(
    *, session: Session, retention_days: int, actor: str, today: date | None = None
) -> int:
    """Delete chat conversations whose last message is older than `retention_days`.

    With their messages, citation panels and ratings. Returns how many were deleted; the
    purge is audited with the count and the cut-off only (a conversation's content is the
    personal data being removed).
    """
    today = today or utcnow().date()
    cutoff = (today - timedelta(days=retention_days)).isoformat()
    ids = [row[0] for row in session.execute(_EXPIRED_THREADS, {"cutoff": cutoff})]
    if ids:
        for statement in _DELETE_CONVERSATIONS:
            query = text(statement).bindparams(bindparam("ids", expanding=True))
            session.execute(query, {"ids": ids})
    audit.append_event(
        session,
        actor=actor,
        action=audit.CHAT_PURGE_ACTION,
        entity="chat",
        entity_id=None,
        after={"cutoff": cutoff, "conversations": len(ids)},
    )
    return len(ids)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _event_seqs(session: Session, ids_by_entity: dict[str, list[Any]]) -> list[int]:
    seqs: list[int] = []
    for entity, ids in ids_by_entity.items():
        if ids:
            seqs.extend(
                session.exec(
                    select(AuditEvent.seq).where(
                        AuditEvent.entity == entity, col(AuditEvent.entity_id).in_(ids)
                    )
                )
            )
    return sorted(seqs)
