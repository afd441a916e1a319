"""Declaring step by step: where one's declaration stands, each field checked, one removed."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from assistant.registry import audit, declarations, declaring, people, reviews
from assistant.registry.errors import (
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StaleVersionError,
    TransitionError,
)
from assistant.registry.models import (
    Category,
    Decision,
    DeclaredInterest,
    Outcome,
    Person,
    ReviewCreate,
    Status,
)
from assistant.registry.workflow import Step
from tests.registry.conftest import World


def person(session: Session, person_id: int) -> Person:
    return people.get_person(session=session, person_id=person_id)


def two_interests(session: Session, world: World) -> tuple[Person, int]:
    kari = person(session, world.partner)
    declaration = declarations.declare(
        session=session,
        person=kari,
        interests=[
            DeclaredInterest(category=Category.employment, organisation="Medtek AS"),
            DeclaredInterest(category=Category.ownership, topics=["sensors"]),
        ],
        actor=kari.email,
    )
    session.commit()
    return kari, declaration.id  # type: ignore[return-value]


def test_own_declaration_says_what_may_be_done_next(session: Session, world: World) -> None:
    kari = person(session, world.partner)
    nothing = declaring.own_declaration(session=session, viewer=kari)
    assert nothing.declaration is None
    assert nothing.interests == []
    assert nothing.allows(Step.change)  # starting one
    assert not nothing.allows(Step.withdraw)

    _, declaration_id = two_interests(session, world)
    draft = declaring.own_declaration(session=session, viewer=kari)
    assert draft.declaration is not None
    assert draft.declaration.id == declaration_id
    assert [i.category for i in draft.interests] == [Category.employment, Category.ownership]
    assert draft.steps == {Step.change, Step.submit, Step.withdraw}

    declarations.submit_declaration(session=session, declaration_id=declaration_id, actor="t")
    waiting = declaring.own_declaration(session=session, viewer=kari)
    assert not waiting.allows(Step.change)
    assert not waiting.allows(Step.submit)
    assert waiting.allows(Step.withdraw)


def test_another_persons_declaration_is_not_theirs_to_read(session: Session, world: World) -> None:
    _, declaration_id = two_interests(session, world)
    per = person(session, world.partner2)
    with pytest.raises(PermissionDeniedError):
        declaring.own_declaration(session=session, viewer=per, declaration_id=declaration_id)
    assert declaring.own_declaration(session=session, viewer=per).declaration is None


def test_each_field_is_checked_by_the_models_rules() -> None:
    check = declaring.check_interest_field
    assert check("position", "  styremedlem ") == "styremedlem"
    assert check("topics", ["sensorer", "Sensorer", "KI"]) == ["sensorer", "KI"]
    assert check("starts_on", "2024-03-01").isoformat() == "2024-03-01"
    assert check("category", "ownership") == Category.ownership
    assert check("publishable", True) is True
    with pytest.raises(InvalidInputError, match="starts_on"):
        check("starts_on", "2024-02-30")
    with pytest.raises(InvalidInputError, match="position"):
        check("position", "x" * 201)
    with pytest.raises(InvalidInputError, match="category"):
        check("category", "bribery")
    with pytest.raises(InvalidInputError, match="no field 'amount'"):
        check("amount", "12")


def test_a_whole_interest_is_checked_together() -> None:
    interest = declaring.interest_from({"category": "consulting", "organisation": "OUS"})
    assert interest.organisation == "OUS"
    with pytest.raises(InvalidInputError, match="ends_on must not be before starts_on"):
        declaring.interest_from(
            {"category": "consulting", "starts_on": "2024-05-01", "ends_on": "2024-01-01"}
        )


def test_removing_an_interest_is_one_audited_version_step(session: Session, world: World) -> None:
    kari, declaration_id = two_interests(session, world)
    first, second = declarations.interests_of(session=session, declaration_id=declaration_id)
    declaration = declaring.remove_interest(
        session=session,
        viewer=kari,
        declaration_id=declaration_id,
        interest_id=first.id,  # type: ignore[arg-type]
        expected_version=1,
    )
    session.commit()
    assert declaration.version == 2
    assert declaration.status == Status.draft
    remaining = declarations.interests_of(session=session, declaration_id=declaration_id)
    assert [i.id for i in remaining] == [second.id]
    (event,) = [e for e in audit.events_for(session, "interest", first.id) if e.after is None]  # type: ignore[arg-type]
    assert event.action == "interest.delete"
    assert event.actor == kari.email
    assert event.before is not None
    assert audit.verify_chain(session).ok


def test_removing_refuses_what_the_workflow_and_access_refuse(
    session: Session, world: World
) -> None:
    kari, declaration_id = two_interests(session, world)
    first, _ = declarations.interests_of(session=session, declaration_id=declaration_id)
    per = person(session, world.partner2)

    def remove(viewer: Person, interest_id: int, version: int | None = None) -> None:
        declaring.remove_interest(
            session=session,
            viewer=viewer,
            declaration_id=declaration_id,
            interest_id=interest_id,
            expected_version=version,
        )

    with pytest.raises(PermissionDeniedError):
        remove(per, first.id)  # type: ignore[arg-type]
    with pytest.raises(NotFoundError, match="has no interest 999"):
        remove(kari, 999)
    with pytest.raises(StaleVersionError):
        remove(kari, first.id, version=7)  # type: ignore[arg-type]
    declarations.submit_declaration(session=session, declaration_id=declaration_id, actor="t")
    session.commit()
    with pytest.raises(TransitionError, match="submitted: cannot change"):
        remove(kari, first.id)  # type: ignore[arg-type]
    assert len(declarations.interests_of(session=session, declaration_id=declaration_id)) == 2


def test_removing_from_an_approved_declaration_asks_for_review_again(
    session: Session, world: World
) -> None:
    kari, declaration_id = two_interests(session, world)
    submitted = declarations.submit_declaration(
        session=session, declaration_id=declaration_id, actor="t"
    )
    reviews.review_declaration(
        session=session,
        declaration_id=declaration_id,
        reviewer=person(session, world.coordinator),
        data=ReviewCreate(
            version=submitted.version,
            outcome=Outcome.approved,
            decision=Decision.disclose_only,
            reasoning="Disclosed.",
        ),
        valid_months=12,
    )
    first, _ = declarations.interests_of(session=session, declaration_id=declaration_id)
    declaration = declaring.remove_interest(
        session=session,
        viewer=kari,
        declaration_id=declaration_id,
        interest_id=first.id,  # type: ignore[arg-type]
    )
    assert declaration.status == Status.update_required
    assert len(reviews.snapshots_of(session=session, declaration_id=declaration_id)) == 1


def test_a_refused_value_says_which_field_what_kind_and_the_limit() -> None:
    with pytest.raises(declaring.InterestFieldError) as too_long:
        declaring.check_interest_field("position", "x" * 201)
    assert (too_long.value.field, too_long.value.kind, too_long.value.limit) == (
        "position",
        "string_too_long",
        200,
    )
    with pytest.raises(declaring.InterestFieldError) as bad_date:
        declaring.check_interest_field("ends_on", "31.12.2024")
    assert bad_date.value.field == "ends_on"
    assert bad_date.value.kind.startswith("date")
    with pytest.raises(declaring.InterestFieldError) as order:
        declaring.interest_from(
            {"category": "other", "starts_on": "2024-05-01", "ends_on": "2024-01-01"}
        )
    assert (order.value.field, order.value.kind) == ("", "date_order")


def change(
    session: Session, viewer: Person, declaration_id: int, interest_id: int, **kw: object
) -> None:
    (field, value), *rest = kw.items()
    version = dict(rest).get("version")
    declaring.change_interest(
        session=session,
        viewer=viewer,
        declaration_id=declaration_id,
        interest_id=interest_id,
        field=field,
        value=value,
        expected_version=version,  # type: ignore[arg-type]
    )


def test_changing_one_field_keeps_the_rest_in_one_audited_version_step(
    session: Session, world: World
) -> None:
    kari, declaration_id = two_interests(session, world)
    first, _ = declarations.interests_of(session=session, declaration_id=declaration_id)
    change(session, kari, declaration_id, first.id, position="styreleder", version=1)  # type: ignore[arg-type]
    change(session, kari, declaration_id, first.id, organisation=None)  # type: ignore[arg-type]
    session.commit()
    session.refresh(first)
    assert (first.position, first.organisation_id) == ("styreleder", None)
    assert first.category == Category.employment  # untouched
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    assert (declaration.version, declaration.status) == (3, Status.draft)
    updates = [e for e in audit.events_for(session, "interest", first.id) if e.before]  # type: ignore[arg-type]
    assert [e.action for e in updates] == ["interest.update", "interest.update"]
    assert updates[0].actor == kari.email
    assert audit.verify_chain(session).ok


def test_changing_refuses_what_access_the_version_the_workflow_and_the_model_refuse(
    session: Session, world: World
) -> None:
    kari, declaration_id = two_interests(session, world)
    first, _ = declarations.interests_of(session=session, declaration_id=declaration_id)
    first_id: int = first.id  # type: ignore[assignment]
    with pytest.raises(PermissionDeniedError):
        change(session, person(session, world.partner2), declaration_id, first_id, position="x")
    with pytest.raises(StaleVersionError):
        change(session, kari, declaration_id, first_id, position="x", version=7)
    with pytest.raises(declaring.InterestFieldError) as too_long:
        change(session, kari, declaration_id, first_id, position="x" * 201)
    assert (too_long.value.field, too_long.value.kind) == ("position", "string_too_long")
    change(session, kari, declaration_id, first_id, starts_on="2024-05-01")
    with pytest.raises(declaring.InterestFieldError) as order:  # checked with the rest
        change(session, kari, declaration_id, first_id, ends_on="2024-01-01")
    assert order.value.kind == "date_order"
    with pytest.raises(InvalidInputError, match="no field 'id'"):
        change(session, kari, declaration_id, first_id, id=5)
    declarations.submit_declaration(session=session, declaration_id=declaration_id, actor="t")
    session.commit()
    with pytest.raises(TransitionError, match="submitted: cannot change"):
        change(session, kari, declaration_id, first_id, position="x")
    session.refresh(first)
    assert (first.position, first.ends_on) == (None, None)
