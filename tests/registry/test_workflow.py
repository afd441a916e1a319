"""Declaration workflow on both databases: transitions, expiry, update required, snapshots."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import Session

from assistant.registry import audit, declarations, people, reminders, reviews
from assistant.registry.errors import (
    AlreadyExistsError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StaleVersionError,
    TransitionError,
)
from assistant.registry.models import (
    Category,
    Decision,
    InterestCreate,
    InterestUpdate,
    Outcome,
    ReviewCreate,
    Status,
    utcnow,
)
from assistant.registry.workflow import TRANSITIONS, Step, next_status
from tests.registry.conftest import World


def board_seat(organisation_id: int) -> InterestCreate:
    return InterestCreate(
        category=Category.board_or_leading_position,
        organisation_id=organisation_id,
        position="board member",
        topics=["sensors"],
        value_band="10k_to_100k",
        publishable=True,
    )


def approve(session: Session, world: World, declaration_id: int, reviewer: int | None = None):
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    person = people.get_person(session=session, person_id=reviewer or world.coordinator)
    review = reviews.review_declaration(
        session=session,
        declaration_id=declaration_id,
        reviewer=person,
        data=ReviewCreate(
            version=declaration.version,
            outcome=Outcome.approved,
            decision=Decision.disclose_only,
            reasoning="Declared and disclosed.",
        ),
        valid_months=12,
    )
    session.commit()
    return review


def submitted(session: Session, world: World) -> int:
    declaration = declarations.create_declaration(
        session=session, person_id=world.partner, interests=[board_seat(world.medtek)], actor="t"
    )
    declarations.submit_declaration(session=session, declaration_id=declaration.id, actor="t")
    session.commit()
    return declaration.id  # type: ignore[return-value]


def test_draft_submit_approve(session: Session, world: World) -> None:
    declaration_id = submitted(session, world)
    review = approve(session, world, declaration_id)
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    assert declaration.status == Status.approved
    assert review.declaration_version == declaration.version
    assert declaration.expires_at is not None
    assert declaration.approved_at is not None
    assert (declaration.expires_at - declaration.approved_at).days in range(365, 367)


def test_return_then_resubmit_then_approve(session: Session, world: World) -> None:
    declaration_id = submitted(session, world)
    coordinator = people.get_person(session=session, person_id=world.coordinator)
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    reviews.review_declaration(
        session=session,
        declaration_id=declaration_id,
        reviewer=coordinator,
        data=ReviewCreate(
            version=declaration.version, outcome=Outcome.returned, reasoning="Add the value."
        ),
        valid_months=12,
    )
    session.commit()
    assert declarations.get_declaration(session=session, declaration_id=declaration_id).status == (
        Status.returned
    )
    declarations.add_interest(
        session=session,
        declaration_id=declaration_id,
        data=InterestCreate(category=Category.consulting, organisation_id=world.medtek),
        actor="t",
    )
    declaration = declarations.submit_declaration(
        session=session, declaration_id=declaration_id, actor="t"
    )
    session.commit()
    assert declaration.status == Status.resubmitted
    approve(session, world, declaration_id)
    assert len(reviews.reviews_of(session=session, declaration_id=declaration_id)) == 2


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (Status.draft, Step.approve),
        (Status.draft, Step.return_),
        (Status.submitted, Step.submit),
        (Status.submitted, Step.change),
        (Status.approved, Step.submit),
        (Status.approved, Step.approve),
        (Status.withdrawn, Step.submit),
        (Status.withdrawn, Step.change),
        (Status.expired, Step.withdraw),
        (Status.returned, Step.approve),
    ],
)
def test_illegal_steps_name_what_is_allowed(status: Status, step: Step) -> None:
    with pytest.raises(TransitionError, match=rf"is {status.value}: cannot {step.value}.*allowed"):
        next_status(status, step, 7)


def test_every_open_status_can_be_withdrawn_and_closed_ones_cannot() -> None:
    for status in Status:
        closed = status in (Status.withdrawn, Status.expired)
        assert ((Step.withdraw, status) in TRANSITIONS) is not closed


def test_approve_a_draft_is_refused_and_nothing_written(session: Session, world: World) -> None:
    declaration = declarations.create_declaration(
        session=session, person_id=world.partner, actor="t"
    )
    session.commit()
    events_before = audit.count_events(session=session)
    with pytest.raises(TransitionError, match="is draft: cannot approve"):
        approve(session, world, declaration.id)  # type: ignore[arg-type]
    session.rollback()
    assert reviews.reviews_of(session=session, declaration_id=declaration.id) == []  # type: ignore[arg-type]
    assert audit.count_events(session=session) == events_before


def test_changing_an_approved_declaration_requires_update(session: Session, world: World) -> None:
    declaration_id = submitted(session, world)
    approve(session, world, declaration_id)
    interest = declarations.interests_of(session=session, declaration_id=declaration_id)[0]
    declarations.update_interest(
        session=session,
        declaration_id=declaration_id,
        interest_id=interest.id,  # type: ignore[arg-type]
        data=InterestUpdate(ends_on=date.today()),
        actor="t",
    )
    session.commit()
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    assert declaration.status == Status.update_required
    resubmitted = declarations.submit_declaration(
        session=session, declaration_id=declaration_id, actor="t"
    )
    assert resubmitted.status == Status.resubmitted


def test_snapshot_is_frozen_at_approval(session: Session, world: World) -> None:
    declaration_id = submitted(session, world)
    approve(session, world, declaration_id)
    declarations.add_interest(
        session=session,
        declaration_id=declaration_id,
        data=InterestCreate(category=Category.ownership, organisation_id=world.medtek),
        actor="t",
    )
    session.commit()
    [snapshot] = reviews.snapshots_of(session=session, declaration_id=declaration_id)
    content = json.loads(snapshot.content)
    assert [i["category"] for i in content["interests"]] == ["board_or_leading_position"]
    assert content["declaration"]["status"] == "approved"
    assert len(declarations.interests_of(session=session, declaration_id=declaration_id)) == 2
    declarations.submit_declaration(session=session, declaration_id=declaration_id, actor="t")
    session.commit()
    approve(session, world, declaration_id)
    snapshots = reviews.snapshots_of(session=session, declaration_id=declaration_id)
    assert [len(json.loads(s.content)["interests"]) for s in snapshots] == [1, 2]


def test_expiry_after_valid_months(session: Session, world: World) -> None:
    declaration_id = submitted(session, world)
    approve(session, world, declaration_id)
    assert declarations.expire_overdue(session=session, now=utcnow() + timedelta(days=300)) == []
    expired = declarations.expire_overdue(session=session, now=utcnow() + timedelta(days=367))
    session.commit()
    assert [d.id for d in expired] == [declaration_id]
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    assert declaration.status == Status.expired
    # The annual re-declaration is a new declaration; the expired one stays on record.
    renewed = declarations.create_declaration(session=session, person_id=world.partner, actor="t")
    assert renewed.id != declaration_id


def test_reviewer_cannot_be_declarant(session: Session, world: World) -> None:
    declaration = declarations.create_declaration(
        session=session, person_id=world.coordinator, actor="t"
    )
    declarations.submit_declaration(session=session, declaration_id=declaration.id, actor="t")  # type: ignore[arg-type]
    session.commit()
    with pytest.raises(PermissionDeniedError, match="own declaration"):
        approve(session, world, declaration.id)  # type: ignore[arg-type]
    session.rollback()
    approve(session, world, declaration.id, reviewer=world.coordinator2)  # type: ignore[arg-type]


def test_only_coordinators_review(session: Session, world: World) -> None:
    declaration_id = submitted(session, world)
    with pytest.raises(PermissionDeniedError, match="Only coordinators"):
        approve(session, world, declaration_id, reviewer=world.partner2)


def test_stale_version_is_refused(session: Session, world: World) -> None:
    declaration_id = submitted(session, world)
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    old = declaration.version
    approve(session, world, declaration_id)
    coordinator = people.get_person(session=session, person_id=world.coordinator2)
    with pytest.raises(StaleVersionError, match="changed by someone else"):
        reviews.review_declaration(
            session=session,
            declaration_id=declaration_id,
            reviewer=coordinator,
            data=ReviewCreate(
                version=old, outcome=Outcome.returned, reasoning="I had not seen the approval"
            ),
            valid_months=12,
        )


def test_one_open_declaration_per_person(session: Session, world: World) -> None:
    declarations.create_declaration(session=session, person_id=world.partner, actor="t")
    with pytest.raises(AlreadyExistsError, match="already has declaration"):
        declarations.create_declaration(session=session, person_id=world.partner, actor="t")


def test_unknown_references_are_refused(session: Session, world: World) -> None:
    with pytest.raises(NotFoundError, match="No person"):
        declarations.create_declaration(session=session, person_id=9999, actor="t")
    with pytest.raises(NotFoundError, match="No organisation"):
        declarations.create_declaration(
            session=session,
            person_id=world.partner,
            interests=[InterestCreate(category=Category.employment, organisation_id=9999)],
            actor="t",
        )
    session.rollback()
    assert declarations.list_declarations(session=session) == []


def test_merged_update_is_validated(session: Session, world: World) -> None:
    declaration = declarations.create_declaration(
        session=session,
        person_id=world.partner,
        interests=[
            InterestCreate(category=Category.employment, starts_on=date(2024, 1, 1)),
        ],
        actor="t",
    )
    interest = declarations.interests_of(session=session, declaration_id=declaration.id)[0]  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="ends_on must not be before starts_on"):
        declarations.update_interest(
            session=session,
            declaration_id=declaration.id,  # type: ignore[arg-type]
            interest_id=interest.id,  # type: ignore[arg-type]
            data=InterestUpdate(ends_on=date(2023, 1, 1)),
            actor="t",
        )


def test_withdraw_keeps_the_record(session: Session, world: World) -> None:
    declaration_id = submitted(session, world)
    declarations.withdraw_declaration(session=session, declaration_id=declaration_id, actor="t")
    session.commit()
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    assert declaration.status == Status.withdrawn
    assert declaration.closed_at is not None
    with pytest.raises(TransitionError):
        declarations.submit_declaration(session=session, declaration_id=declaration_id, actor="t")


def test_reminders_list_missing_changed_and_due(session: Session, world: World) -> None:
    declaration_id = submitted(session, world)
    approve(session, world, declaration_id)
    due = reminders.reminders(session=session, now=utcnow() + timedelta(days=350))
    reasons = {r.email: r.reason for r in due}
    assert reasons["kari@ous.no"].startswith("expires ")
    assert reasons["per@baerum.kommune.no"] == "no declaration yet"
    assert "ola@arena.no" not in reasons  # coordinators are not reminded
    later = reminders.reminders(session=session, now=utcnow() + timedelta(days=400))
    assert {r.email: r.reason for r in later}["kari@ous.no"] == "expired: declare again"
