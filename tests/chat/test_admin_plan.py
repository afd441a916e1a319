"""Coordinators plan an activity and see its conflict check, and verify the audit log, in the chat."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from assistant.chat import admin, admin_plan, hooks
from assistant.i18n import say
from assistant.registry import activities
from assistant.registry.errors import PermissionDeniedError
from tests.chat.flow_fakes import Arena, Pick
from tests.chat.flow_fakes import arena as arena
from tests.chat.flow_fakes import flow_settings as flow_settings
from tests.chat.test_admin import UserMessage, press
from tests.registry.conftest import as_superuser
from tests.registry.test_workflow import approve, submitted


@pytest.fixture(autouse=True)
def admin_services(arena: Arena, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(admin, "get_services", lambda: arena.services)


def plan_answers(arena: Arena, title: str = "Innkjøp av sensorer") -> list[object]:
    world = arena.world
    return [
        title,
        "2027-02-30",  # no such day
        "2027-03-01",
        Pick("procurement"),
        Pick(str(world.medtek)),
        Pick("done"),
        Pick(str(world.partner)),
        Pick(str(world.partner2)),
        Pick("done"),
    ]


async def test_a_coordinator_plans_an_activity_and_sees_its_check_per_person(
    arena: Arena,
) -> None:
    # Kari has an approved declaration: a board seat at Medtek.
    approve(arena.session, arena.world, submitted(arena.session, arena.world))
    arena.sign_in("ola@arena.no")
    arena.chat.answers = plan_answers(arena)
    await hooks.on_message(UserMessage("/planlegg"))  # type: ignore[arg-type]

    assert arena.chat.answers == []
    (activity,) = activities.list_activities(session=arena.session)
    plan = activities.activity_public(session=arena.session, activity=activity)
    assert (plan.name, plan.kind, str(plan.starts_on)) == (
        "Innkjøp av sensorer",
        "procurement",
        "2027-03-01",
    )
    assert plan.organisation_ids == [arena.world.medtek]
    assert [p.person_id for p in plan.participants] == [arena.world.partner, arena.world.partner2]
    assert arena.chat.questions[2].startswith(say("chat_admin_bad_date", "no", value="2027-02-30"))
    (kinds,) = [m for m in arena.chat.messages if m.content.startswith(say("chat_admin_ask_activity_kind", "no"))]  # fmt: skip
    assert [a.label for a in kinds.actions] == [
        "samskaping",
        "rådgivning",
        "evaluering og utvelgelse",
        "anskaffelse",
    ]
    participants = arena.chat.messages[-3]
    assert "Valgt: Kari Partner (Oslo universitetssykehus HF)" in participants.content
    check = arena.chat.last().content
    assert check.startswith(say("chat_admin_planned", "no", id=activity.id))
    assert "| Person (rolle) | Erklæring | Interessekonflikt | Anbefalt handling |" in check
    # One row per person with the recommended action, in words; the grounds under the table.
    assert "| Kari Partner (deltaker) | 1 (godkjent) | direkte | bør ikke delta i aktiviteten" in check  # fmt: skip
    assert "| Per Partner (deltaker) | ingen erklæring | ingen | ingen erklæring: kan observere" in check  # fmt: skip
    assert "- **Kari Partner**: styreverv eller lederstilling hos Medtek AS" in check


async def test_an_english_plan_is_refused_for_a_facilitator_before_any_question(
    arena: Arena,
) -> None:
    arena.sign_in("frida@arena.no")
    await hooks.on_message(UserMessage("/plan"))  # type: ignore[arg-type]
    assert arena.chat.questions == []
    assert arena.chat.texts() == [say("chat_not_allowed", "en", role="facilitator")]


async def test_a_partner_is_refused_however_the_plan_is_reached(arena: Arena) -> None:
    arena.sign_in("kari@ous.no")
    refusal = say("chat_not_allowed", "no", role="partner")
    await admin.ACTIONS[admin.ADMIN_START](press("plan"))
    await admin_plan.plan_activity(arena.services, "kari@ous.no", "no")
    assert arena.chat.texts() == [refusal, refusal]
    assert arena.chat.task_ends == 1
    answers = {
        "language": "no",
        "title": "Innkjøp",
        "date": None,
        "kind": "procurement",
        "organisations": [],
        "participants": [str(arena.world.partner)],
    }
    with pytest.raises(PermissionDeniedError):
        admin_plan.save_activity(arena.services, "kari@ous.no", answers)
    assert activities.list_activities(session=arena.session) == []


async def test_cancel_in_the_middle_of_a_plan_saves_nothing_and_frees_the_chat(
    arena: Arena,
) -> None:
    arena.sign_in("ola@arena.no")
    arena.chat.answers = ["Innkjøp av sensorer", "avbryt"]
    await admin.ACTIONS[admin.ADMIN_START](press("plan"))
    assert arena.chat.last().content == say("chat_flow_cancelled", "no")
    assert activities.list_activities(session=arena.session) == []
    assert arena.chat.task_ends == 1


async def test_the_audit_log_is_told_whole_then_broken_in_plain_words(arena: Arena) -> None:
    arena.sign_in("ola@arena.no")
    await hooks.on_message(UserMessage("/logg"))  # type: ignore[arg-type]
    assert arena.chat.last().content.startswith("**Revisjonsloggen er hel:** alle ")

    as_superuser(arena.session)
    arena.session.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = 3"))
    arena.session.commit()
    await hooks.on_message(UserMessage("/audit"))  # type: ignore[arg-type]
    assert arena.chat.last().content == say(
        "chat_admin_audit_broken",
        "en",
        seq=3,
        what=say("chat_admin_audit_edited", "en"),
    )


async def test_only_coordinators_verify_the_audit_log(arena: Arena) -> None:
    for email, role in (("kari@ous.no", "partner"), ("frida@arena.no", "fasilitator")):
        arena.sign_in(email)
        await hooks.on_message(UserMessage("/logg"))  # type: ignore[arg-type]
        assert arena.chat.last().content == say("chat_not_allowed", "no", role=role)
        with pytest.raises(PermissionDeniedError):
            admin_plan.verify_audit(arena.services, email)


async def test_the_activity_list_offers_planning_to_coordinators_only(arena: Arena) -> None:
    arena.sign_in("ola@arena.no")
    await hooks.on_message(UserMessage("/sjekk"))  # type: ignore[arg-type]
    assert [a.payload["flow"] for a in arena.chat.last().actions] == ["plan"]
    arena.sign_in("frida@arena.no")
    await hooks.on_message(UserMessage("/sjekk"))  # type: ignore[arg-type]
    assert arena.chat.last().actions == []
