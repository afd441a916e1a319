"""Two coordinators reviewing the same declaration at once: one wins, the other is told."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.engine import Engine
from sqlmodel import Session

from assistant.registry import audit, declarations, organisations, people, reviews
from assistant.registry.errors import StaleVersionError
from assistant.registry.models import Decision, Outcome, ReviewCreate, Status
from tests.registry.conftest import World
from tests.registry.test_workflow import submitted

ROUNDS = 3


def _review_at_once(
    engine: Engine,
    barrier: threading.Barrier,
    declaration_id: int,
    reviewer_id: int,
    outcome: Outcome,
) -> str:
    with Session(engine, expire_on_commit=False) as session:
        declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
        reviewer = people.get_person(session=session, person_id=reviewer_id)
        seen = declaration.version
        # Both have read the same version before either writes: a real lost-update setup.
        barrier.wait(timeout=10)
        try:
            reviews.review_declaration(
                session=session,
                declaration_id=declaration_id,
                reviewer=reviewer,
                data=ReviewCreate(
                    version=seen,
                    outcome=outcome,
                    decision=Decision.no_conflict if outcome == Outcome.approved else None,
                    reasoning=f"{reviewer.name} says {outcome}",
                ),
                valid_months=12,
            )
            session.commit()
            return "won"
        except StaleVersionError:
            session.rollback()
            return "stale"


def test_racing_reviews_never_overwrite_each_other(
    engine: Engine, session: Session, world: World
) -> None:
    for _ in range(ROUNDS):
        declaration_id = submitted(session, world)
        barrier = threading.Barrier(2)
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [
                pool.submit(
                    _review_at_once,
                    engine,
                    barrier,
                    declaration_id,
                    world.coordinator,
                    Outcome.approved,
                ),
                pool.submit(
                    _review_at_once,
                    engine,
                    barrier,
                    declaration_id,
                    world.coordinator2,
                    Outcome.returned,
                ),
            ]
            results = sorted(f.result(timeout=60) for f in futures)
        assert results == ["stale", "won"]
        session.expire_all()
        recorded = reviews.reviews_of(session=session, declaration_id=declaration_id)
        assert len(recorded) == 1
        declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
        expected = Status.approved if recorded[0].outcome == Outcome.approved else Status.returned
        assert declaration.status == expected
        assert recorded[0].declaration_version == declaration.version
        # Close it so the person may declare again in the next round.
        declarations.withdraw_declaration(session=session, declaration_id=declaration_id, actor="t")
        session.commit()
    report = audit.verify_chain(session)
    assert report.ok, report.message()


def test_concurrent_writers_keep_one_audit_chain(
    engine: Engine, session: Session, world: World
) -> None:
    """Parallel changes queue at the chain's head instead of forking it."""
    barrier = threading.Barrier(4)

    def add_org(index: int) -> None:
        from assistant.registry.models import OrganisationCreate

        with Session(engine) as own:
            barrier.wait(timeout=10)
            organisations.create_organisation(
                session=own, data=OrganisationCreate(name=f"Parallel {index} AS"), actor="t"
            )
            own.commit()

    with ThreadPoolExecutor(max_workers=4) as pool:
        for future in [pool.submit(add_org, i) for i in range(4)]:
            future.result(timeout=60)
    session.expire_all()
    report = audit.verify_chain(session)
    assert report.ok, report.message()
