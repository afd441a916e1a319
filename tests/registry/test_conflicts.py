"""Conflict check: organisation matching, topics, cooling-off, activity kinds, minutes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from assistant.registry import (
    activities,
    conflict_rules,
    conflicts,
    declarations,
    organisations,
    people,
    reviews,
)
from assistant.registry.models import (
    ActivityCreate,
    ActivityKind,
    AgendaItemIn,
    Category,
    Decision,
    InterestCreate,
    InterestUpdate,
    OrganisationCreate,
    Outcome,
    ParticipantIn,
    ParticipantRole,
    ReviewCreate,
    Whose,
)
from tests.registry.conftest import World

ON = date(2026, 6, 1)


def declare_approved(
    session: Session, world: World, person_id: int, *interests: InterestCreate, **review: object
) -> int:
    declaration = declarations.create_declaration(
        session=session, person_id=person_id, interests=list(interests), actor="t"
    )
    declarations.submit_declaration(session=session, declaration_id=declaration.id, actor="t")  # type: ignore[arg-type]
    reviews.review_declaration(
        session=session,
        declaration_id=declaration.id,  # type: ignore[arg-type]
        reviewer=people.get_person(session=session, person_id=world.coordinator),
        data=ReviewCreate(
            version=declaration.version,
            outcome=Outcome.approved,
            decision=review.pop("decision", Decision.disclose_only),
            reasoning="ok",
            **review,  # type: ignore[arg-type]
        ),
        valid_months=12,
    )
    session.commit()
    return declaration.id  # type: ignore[return-value]


def activity(
    session: Session,
    kind: ActivityKind,
    organisation_ids: list[int],
    people: list[int],
    topics: list[str] | None = None,
    agenda: list[AgendaItemIn] | None = None,
) -> int:
    created = activities.create_activity(
        session=session,
        data=ActivityCreate(
            name=f"{kind} test",
            kind=kind,
            topics=topics or [],
            starts_on=ON,
            organisation_ids=organisation_ids,
            participants=[
                ParticipantIn(person_id=p, role=ParticipantRole.decision_maker) for p in people
            ],
            agenda=agenda or [],
        ),
        actor="t",
    )
    session.commit()
    return created.id  # type: ignore[return-value]


def check(session: Session, activity_id: int) -> conflicts.ConflictReport:
    return conflicts.check_activity(
        session=session, activity_id=activity_id, cooling_off_years=3, as_of=ON
    )


def only(report: conflicts.ConflictReport) -> conflicts.Finding:
    [finding] = report.participants
    return finding


def interest(category: Category, organisation_id: int | None, **extra: object) -> InterestCreate:
    return InterestCreate(category=category, organisation_id=organisation_id, **extra)  # type: ignore[arg-type]


def test_name_variant_matches_without_number(session: Session, world: World) -> None:
    ous_short = organisations.create_organisation(
        session=session, data=OrganisationCreate(name="OUS"), actor="t"
    )
    declare_approved(session, world, world.partner, interest(Category.employment, ous_short.id))
    report = check(
        session, activity(session, ActivityKind.procurement, [world.ous], [world.partner])
    )
    finding = only(report)
    assert finding.severity == "direct"
    assert any("~" in m for m in finding.evidence[0].matched_on)


def test_organisation_numbers_decide_over_names(session: Session, world: World) -> None:
    other_trust = organisations.create_organisation(
        session=session, data=OrganisationCreate(name="OUS", org_number="974760673"), actor="t"
    )
    declare_approved(session, world, world.partner, interest(Category.employment, other_trust.id))
    report = check(
        session, activity(session, ActivityKind.procurement, [world.ous], [world.partner])
    )
    assert only(report).severity == "none"
    assert only(report).evidence == []


def test_topic_overlap_alone_is_indirect(session: Session, world: World) -> None:
    declare_approved(
        session,
        world,
        world.partner,
        interest(Category.research_funding, world.kommune, topics=["diabetes"]),
    )
    activity_id = activity(
        session,
        ActivityKind.procurement,
        [world.medtek],
        [world.partner],
        topics=["Diabetesomsorg"],
    )
    finding = only(check(session, activity_id))
    assert finding.severity == "indirect"
    assert finding.recommended_decision == Decision.disclose_only
    assert finding.evidence[0].matched_on == ["topics Diabetesomsorg"]


@pytest.mark.parametrize(
    ("kind", "severity"),
    [
        (ActivityKind.co_creation, "indirect"),
        (ActivityKind.advisory, "direct"),
        (ActivityKind.evaluation_selection, "direct"),
        (ActivityKind.procurement, "direct"),
    ],
)
def test_severity_rises_with_activity_kind(
    session: Session, world: World, kind: ActivityKind, severity: str
) -> None:
    declare_approved(session, world, world.partner, interest(Category.consulting, world.medtek))
    finding = only(check(session, activity(session, kind, [world.medtek], [world.partner])))
    assert finding.severity == severity
    scores = finding.evidence[0].score
    assert scores == pytest.approx(conflict_rules.KIND_WEIGHT[kind])


@pytest.mark.parametrize(
    ("ended_days_ago", "severity"),
    [(180, "direct"), (2 * 365, "indirect"), (4 * 365, None)],
)
def test_cooling_off_weakens_with_time(
    session: Session, world: World, ended_days_ago: int, severity: str | None
) -> None:
    ended = ON - timedelta(days=ended_days_ago)
    declare_approved(
        session,
        world,
        world.partner,
        interest(Category.employment, world.medtek, starts_on=date(2010, 1, 1), ends_on=ended),
    )
    finding = only(
        check(session, activity(session, ActivityKind.procurement, [world.medtek], [world.partner]))
    )
    if severity is None:
        assert finding.evidence == []
        assert finding.severity == "none"
    else:
        assert finding.severity == severity
        assert finding.evidence[0].ended_on == ended.isoformat()


def test_board_seat_is_always_direct(session: Session, world: World) -> None:
    declare_approved(
        session,
        world,
        world.partner,
        interest(
            Category.board_or_leading_position,
            world.medtek,
            whose=Whose.close_relation,
            ends_on=ON - timedelta(days=int(2.5 * 365)),
        ),
    )
    finding = only(
        check(session, activity(session, ActivityKind.co_creation, [world.medtek], [world.partner]))
    )
    assert finding.evidence[0].score < conflict_rules.INDIRECT_AT
    assert finding.severity == "direct"
    assert finding.recommended_decision == Decision.discussion_not_decision


def test_current_board_seat_in_procurement_excludes(session: Session, world: World) -> None:
    declare_approved(
        session, world, world.partner, interest(Category.board_or_leading_position, world.medtek)
    )
    report = check(
        session,
        activity(
            session,
            ActivityKind.procurement,
            [world.medtek],
            [world.partner],
            agenda=[AgendaItemIn(title="Award", decision=True)],
        ),
    )
    assert only(report).recommended_decision == Decision.excluded
    assert report.minutes[0].rulings[0].verdict == conflicts.EXCLUDED


def test_participants_without_current_declaration_are_flagged(
    session: Session, world: World
) -> None:
    declaration_id = declare_approved(
        session, world, world.partner, interest(Category.consulting, world.kommune)
    )
    # A change after approval: awaiting update.
    first = declarations.interests_of(session=session, declaration_id=declaration_id)[0]
    declarations.update_interest(
        session=session,
        declaration_id=declaration_id,
        interest_id=first.id,  # type: ignore[arg-type]
        data=InterestUpdate(description="more hours"),
        actor="t",
    )
    session.commit()
    report = check(
        session,
        activity(
            session,
            ActivityKind.advisory,
            [world.ous],
            [world.partner, world.partner2],
            agenda=[AgendaItemIn(title="Advice", decision=True)],
        ),
    )
    by_person = {f.person_id: f for f in report.participants}
    assert by_person[world.partner].declaration_status == "update_required"
    assert by_person[world.partner2].declaration_status == "none"
    for finding in report.participants:
        assert not finding.current_declaration
        assert "no advisory or decision role" in finding.recommended_action
    assert {r.verdict for r in report.minutes[0].rulings} == {conflicts.OBSERVE}


def test_minutes_per_agenda_item(session: Session, world: World) -> None:
    declare_approved(session, world, world.partner, interest(Category.consulting, world.medtek))
    declare_approved(session, world, world.partner2, interest(Category.employment, world.kommune))
    activity_id = activity(
        session,
        ActivityKind.procurement,
        [world.ous, world.medtek],
        [world.partner, world.partner2],
        agenda=[
            AgendaItemIn(title="Needs of the wards", organisation_ids=[world.ous]),
            AgendaItemIn(title="Award to Medtek", decision=True, organisation_ids=[world.medtek]),
        ],
    )
    report = check(session, activity_id)
    verdicts = {(m.title, r.person_id): r.verdict for m in report.minutes for r in m.rulings}
    assert verdicts[("Needs of the wards", world.partner)] == conflicts.TAKE_PART
    assert verdicts[("Award to Medtek", world.partner)] == conflicts.LEAVE
    assert verdicts[("Award to Medtek", world.partner2)] == conflicts.TAKE_PART
    partner = next(f for f in report.participants if f.person_id == world.partner)
    assert partner.recommended_decision == Decision.recused_from_items
    assert partner.recommended_action.startswith("recuse from: Award to Medtek (")
    text = report.minutes_markdown()
    assert "## 2. Award to Medtek (decision)" in text
    assert "- Kari Partner: leave for this item (direct interest)" in text


def test_coordinator_recusal_is_honoured_in_minutes(session: Session, world: World) -> None:
    activity_id = activity(
        session,
        ActivityKind.co_creation,
        [world.ous],
        [world.partner],
        agenda=[AgendaItemIn(title="Budget"), AgendaItemIn(title="Ideas")],
    )
    declare_approved(
        session,
        world,
        world.partner,
        interest(Category.non_financial, world.kommune),
        decision=Decision.recused_from_items,
        recused_items=["budget"],
        activity_id=activity_id,
    )
    report = check(session, activity_id)
    rulings = {m.title: m.rulings[0] for m in report.minutes}
    assert rulings["Budget"].verdict == conflicts.LEAVE
    assert rulings["Budget"].reason == "recused by coordinator"
    assert rulings["Ideas"].verdict == conflicts.TAKE_PART
    assert only(report).reviewed_decision == Decision.recused_from_items


def test_organisation_named_only_by_an_agenda_item_counts(session: Session, world: World) -> None:
    declare_approved(session, world, world.partner, interest(Category.ownership, world.medtek))
    activity_id = activity(
        session,
        ActivityKind.evaluation_selection,
        [world.ous],
        [world.partner],
        agenda=[
            AgendaItemIn(title="Needs"),
            AgendaItemIn(title="Pick a vendor", decision=True, organisation_ids=[world.medtek]),
        ],
    )
    report = check(session, activity_id)
    finding = only(report)
    assert finding.severity == "direct"
    assert finding.recommended_decision == Decision.excluded  # current ownership of a vendor
    assert [r.verdict for m in report.minutes for r in m.rulings] == [
        conflicts.EXCLUDED,
        conflicts.EXCLUDED,
    ]
