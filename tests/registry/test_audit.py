"""The audit chain: intact after real work, broken by any edit, deletion or reordering."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from assistant.registry import activities, audit, declarations, retention
from assistant.registry.db import ensure_schema
from assistant.registry.models import (
    ActivityCreate,
    ActivityKind,
    AuditEvent,
    Category,
    InterestCreate,
    ParticipantIn,
    utcnow,
)
from tests.registry.conftest import World, as_superuser, seed_world
from tests.registry.test_workflow import approve, submitted


@pytest.fixture
def busy(session: Session, world: World) -> int:
    """A registry with some history; returns the number of events."""
    declaration_id = submitted(session, world)
    approve(session, world, declaration_id)
    session.commit()
    return audit.count_events(session=session)


def verify(session: Session) -> audit.VerifyReport:
    session.expire_all()
    return audit.verify_chain(session)


def test_intact_chain_verifies(session: Session, busy: int) -> None:
    report = verify(session)
    assert report.ok, report.message()
    assert report.events == busy
    assert busy >= 10  # orgs, people, declaration, interest, submit, review, snapshot


def test_every_change_is_logged_with_before_and_after(session: Session, world: World) -> None:
    declaration_id = submitted(session, world)
    events = audit.events_for(session, "declaration", declaration_id)
    assert [e.action for e in events] == ["declaration.create", "declaration.submit"]
    submit = events[-1]
    assert json.loads(submit.before)["status"] == "draft"  # type: ignore[arg-type]
    assert json.loads(submit.after)["status"] == "submitted"  # type: ignore[arg-type]
    assert submit.actor == "t"
    person_event = audit.events_for(session, "person", world.partner)[0]
    assert "password_hash" not in json.loads(person_event.after)  # type: ignore[arg-type]


def test_edited_event_is_named(session: Session, busy: int) -> None:
    as_superuser(session)
    session.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = 5"))
    session.commit()
    report = verify(session)
    assert not report.ok
    assert report.first_bad_seq == 5
    assert "edited" in report.problem
    assert report.kind == "edited"


def test_edited_payload_is_named(session: Session, busy: int) -> None:
    as_superuser(session)
    session.execute(
        text("UPDATE audit_event SET after = replace(after, 'Medtek', 'Other') WHERE seq = 2")
    )
    session.commit()
    report = verify(session)
    assert (report.ok, report.first_bad_seq) == (False, 2)
    assert "before/after was edited" in report.problem
    assert report.kind == "payload_edited"


def test_deleted_event_is_named(session: Session, busy: int) -> None:
    as_superuser(session)
    session.execute(text("DELETE FROM audit_event WHERE seq = 4"))
    session.commit()
    report = verify(session)
    assert (report.ok, report.first_bad_seq) == (False, 4)
    assert "missing" in report.problem
    assert report.kind == "missing"


def test_deleted_tail_is_detected(session: Session, busy: int) -> None:
    as_superuser(session)
    session.execute(text(f"DELETE FROM audit_event WHERE seq = {busy}"))
    session.commit()
    report = verify(session)
    assert not report.ok
    assert "tail was deleted" in report.problem
    assert report.kind == "truncated"


def test_reordered_events_are_detected(session: Session, busy: int) -> None:
    # Swap two events' places through a free number (seq is unique).
    as_superuser(session)
    session.execute(text("UPDATE audit_event SET seq = -1 WHERE seq = 3"))
    session.execute(text("UPDATE audit_event SET seq = 3 WHERE seq = 4"))
    session.execute(text("UPDATE audit_event SET seq = 4 WHERE seq = -1"))
    session.commit()
    report = verify(session)
    assert (report.ok, report.first_bad_seq) == (False, 3)
    assert "reordered" in report.problem
    assert report.kind == "reordered"


def test_blanking_a_payload_outside_a_purge_is_detected(session: Session, busy: int) -> None:
    audit.redact_events(session, [6])
    session.commit()
    report = verify(session)
    assert (report.ok, report.first_bad_seq, report.kind) == (False, 6, "blanked")


def test_retention_purge_deletes_old_records_and_keeps_the_chain(
    session: Session, world: World
) -> None:
    activity = activities.create_activity(
        session=session,
        data=ActivityCreate(
            name="Old workshop",
            kind=ActivityKind.co_creation,
            ends_on=date(2015, 6, 1),
            organisation_ids=[world.ous],
            participants=[ParticipantIn(person_id=world.partner)],
        ),
        actor="t",
    )
    recent = activities.create_activity(
        session=session,
        data=ActivityCreate(
            name="Recent", kind=ActivityKind.advisory, ends_on=date.today() + timedelta(days=800)
        ),
        actor="t",
    )
    declaration = declarations.create_declaration(
        session=session,
        person_id=world.partner2,
        interests=[InterestCreate(category=Category.employment, organisation_id=world.kommune)],
        actor="t",
    )
    declarations.withdraw_declaration(session=session, declaration_id=declaration.id, actor="t")  # type: ignore[arg-type]
    session.commit()
    today = (utcnow() + timedelta(days=6 * 366)).date()
    report = retention.purge_expired_records(
        session=session, retention_years=5, actor="coordinator", today=today
    )
    session.commit()
    assert report.activities == [activity.id]
    assert report.declarations == [declaration.id]
    assert report.redacted_events >= 3
    assert activities.list_activities(session=session) == [recent]
    assert declarations.list_declarations(session=session) == []
    result = verify(session)
    assert result.ok, result.message()
    purge = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
    assert purge is not None
    assert purge.action == audit.PURGE_ACTION
    redacted = session.exec(select(AuditEvent).where(col(AuditEvent.redacted).is_(True))).all()
    assert all(e.before is None and e.after is None for e in redacted)
    assert "Kari" not in " ".join(e.after or "" for e in redacted)


def test_purge_keeps_records_inside_the_retention_period(session: Session, world: World) -> None:
    activities.create_activity(
        session=session,
        data=ActivityCreate(name="Last year", kind=ActivityKind.advisory, ends_on=date(2025, 1, 1)),
        actor="t",
    )
    report = retention.purge_expired_records(
        session=session, retention_years=5, actor="t", today=date(2027, 1, 1)
    )
    assert report.activities == []
    assert len(activities.list_activities(session=session)) == 1


@pytest.mark.postgres
def test_postgres_refuses_edits_and_deletes_outright(pg_engine: Engine) -> None:
    ensure_schema(pg_engine)
    with Session(pg_engine) as session:
        seed_world(session)
        for statement in (
            "UPDATE audit_event SET actor = 'mallory' WHERE seq = 1",
            "DELETE FROM audit_event WHERE seq = 1",
        ):
            with pytest.raises(DBAPIError, match="append-only"):
                session.execute(text(statement))
            session.rollback()
        assert verify(session).ok
