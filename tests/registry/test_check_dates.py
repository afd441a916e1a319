"""The conflict check's dates: the as-of day, cooling-off, and declarations that ran out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from assistant.registry import activities, conflicts, declarations
from assistant.registry.models import (
    ActivityCreate,
    ActivityKind,
    AgendaItemIn,
    Category,
    Declaration,
    Whose,
)
from assistant.registry.models.base import utcnow
from tests.registry.conftest import Api, World
from tests.registry.test_conflicts import ON, activity, check, declare_approved, interest, only

V1 = "/api/v1"


def test_the_check_is_made_as_of_the_activity_start_by_default(
    session: Session, world: World
) -> None:
    declare_approved(
        session,
        world,
        world.partner,
        interest(Category.consulting, world.medtek, ends_on=ON - timedelta(days=30)),
    )
    activity_id = activity(session, ActivityKind.procurement, [world.medtek], [world.partner])
    report = conflicts.check_activity(session=session, activity_id=activity_id, cooling_off_years=3)
    assert report.as_of == ON.isoformat()
    assert only(report).evidence[0].ended_on == (ON - timedelta(days=30)).isoformat()
    assert f"as of {ON.isoformat()}" in report.minutes_markdown()


def test_an_earlier_as_of_day_sees_the_interest_still_current(
    session: Session, world: World
) -> None:
    ended = ON - timedelta(days=2 * 365)
    declare_approved(
        session, world, world.partner, interest(Category.employment, world.medtek, ends_on=ended)
    )
    activity_id = activity(session, ActivityKind.procurement, [world.medtek], [world.partner])
    before_it_ended = ended - timedelta(days=1)
    report = conflicts.check_activity(
        session=session, activity_id=activity_id, cooling_off_years=3, as_of=before_it_ended
    )
    assert report.as_of == before_it_ended.isoformat()
    finding = only(report)
    assert finding.severity == "direct"
    assert finding.evidence[0].ended_on is None
    assert f"as of {before_it_ended.isoformat()}" in report.minutes_markdown()
    assert only(check(session, activity_id)).severity == "indirect"


def test_an_interest_ended_within_cooling_off_is_at_least_indirect(
    session: Session, world: World
) -> None:
    # Consulting that ended 2.2 years before an advisory meeting: the fade alone gives ~0.24.
    ended = ON - timedelta(days=round(2.2 * 365.25))
    declare_approved(
        session, world, world.partner, interest(Category.consulting, world.medtek, ends_on=ended)
    )
    report = check(
        session, activity(session, ActivityKind.advisory, [world.medtek], [world.partner])
    )
    finding = only(report)
    [evidence] = finding.evidence
    assert evidence.score < 0.25
    assert evidence.severity == "indirect"
    assert finding.severity == "indirect"
    assert evidence.reason.startswith(
        f"ended on {ended.isoformat()}, within the 3-year cooling-off"
    )
    assert finding.recommended_action.startswith("disclose the interest")


def test_the_floor_holds_to_the_last_day_of_cooling_off(session: Session, world: World) -> None:
    ended = ON - timedelta(days=3 * 365)  # under a day before the three years are out
    declare_approved(
        session, world, world.partner, interest(Category.consulting, world.medtek, ends_on=ended)
    )
    finding = only(
        check(session, activity(session, ActivityKind.co_creation, [world.medtek], [world.partner]))
    )
    assert finding.severity == "indirect"
    assert "cooling-off" in finding.evidence[0].reason


def test_an_interest_too_slight_when_current_stays_none_when_ended(
    session: Session, world: World
) -> None:
    slight = interest(
        Category.non_financial,
        world.kommune,
        whose=Whose.close_relation,
        topics=["diabetes"],
        ends_on=ON - timedelta(days=365),
    )
    declare_approved(session, world, world.partner, slight)
    finding = only(
        check(
            session,
            activity(
                session,
                ActivityKind.co_creation,
                [world.medtek],
                [world.partner],
                topics=["diabetes"],
            ),
        )
    )
    assert finding.severity == "none"


def _approve_then_let_run_out(session: Session, world: World, *, swept: bool) -> Declaration:
    declaration_id = declare_approved(
        session, world, world.partner, interest(Category.consulting, world.medtek)
    )
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    declaration.expires_at = utcnow() - timedelta(days=3)
    session.add(declaration)
    session.commit()
    if swept:
        assert declarations.expire_overdue(session=session)
        session.commit()
    return declaration


@pytest.mark.parametrize("swept", [True, False], ids=["marked expired", "not yet marked"])
def test_an_expired_declaration_is_named_expired(
    session: Session, world: World, swept: bool
) -> None:
    declaration = _approve_then_let_run_out(session, world, swept=swept)
    activity_id = activity(
        session,
        ActivityKind.advisory,
        [world.medtek],
        [world.partner],
        agenda=[AgendaItemIn(title="Advice", decision=True)],
    )
    report = check(session, activity_id)
    finding = only(report)
    day = declaration.expires_at.date().isoformat()  # type: ignore[union-attr]
    assert finding.declaration_status == "expired"
    assert finding.declaration_id == declaration.id
    assert not finding.current_declaration
    assert finding.recommended_action.startswith(f"declaration expired on {day}: may observe")
    assert "until a new declaration is approved" in finding.recommended_action
    assert "no declaration" not in finding.recommended_action
    [ruling] = report.minutes[0].rulings
    assert (ruling.verdict, ruling.reason) == (conflicts.OBSERVE, f"declaration expired on {day}")
    # Its interests are the last ones known, so the severity still tells the coordinator.
    assert finding.severity == "direct"


def test_someone_who_never_declared_still_reads_no_declaration(
    session: Session, world: World
) -> None:
    finding = only(
        check(session, activity(session, ActivityKind.advisory, [world.medtek], [world.partner2]))
    )
    assert finding.recommended_action.startswith("no declaration: may observe")
    assert finding.declaration_expired_on is None


def test_without_a_start_the_check_is_as_of_today(session: Session, world: World) -> None:
    created = activities.create_activity(
        session=session,
        data=ActivityCreate(name="Undated", kind=ActivityKind.advisory),
        actor="t",
    )
    session.commit()
    report = conflicts.check_activity(session=session, activity_id=created.id, cooling_off_years=3)  # type: ignore[arg-type]
    assert report.as_of == utcnow().date().isoformat()


def test_the_api_takes_an_as_of_day_and_the_minutes_name_it(api: Api) -> None:
    created = api.client.post(
        f"{V1}/activities",
        json={
            "name": "Advice",
            "kind": "advisory",
            "starts_on": ON.isoformat(),
            "facilitator_id": api.world.facilitator,
            "participants": [{"person_id": api.world.partner}],
        },
        headers=api.as_("coordinator"),
    ).json()
    url = f"{V1}/activities/{created['id']}/conflicts"
    for who in ("coordinator", "facilitator"):
        default = api.client.get(url, headers=api.as_(who)).json()
        assert default["as_of"] == ON.isoformat()
        chosen = api.client.get(url, params={"as_of": "2025-12-24"}, headers=api.as_(who))
        assert chosen.json()["as_of"] == "2025-12-24"
        minutes = api.client.get(
            f"{url}/minutes", params={"as_of": "2025-12-24"}, headers=api.as_(who)
        ).text
        assert minutes.startswith("# Conflict check: Advice (advisory), as of 2025-12-24")
        assert "Kari Partner (participant): none; no declaration: may observe" in minutes
    bad = api.client.get(url, params={"as_of": "24.12.2025"}, headers=api.as_("coordinator"))
    assert bad.status_code == 422
