"""Registry commands in the chat, through the real service layer on SQLite."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlmodel import Session

from assistant import ui_registry
from assistant.config import Settings
from assistant.factory import Services, build_services
from assistant.registry import declarations, people, reviews
from assistant.registry.models import Decision, Outcome, Role, Status
from assistant.ui_registry import (
    Command,
    ReviewTarget,
    apply_review,
    authenticate,
    ensure_auth_secret,
    parse_command,
    registry_reply,
    run_command,
)
from tests.ui_registry.conftest import PASSWORD, Arena, add_user


@pytest.fixture
def login_services(settings: Settings, services: Services) -> Services:
    """The same database with ARENA_CHAT_LOGIN on."""
    return build_services(settings.model_copy(update={"chat_login": True}), engine=services.engine)


def say(services: Services, email: str, text: str) -> str:
    reply = registry_reply(services, email, text)
    assert reply is not None, f"{text!r} was not taken as a command"
    return reply.text


# Parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "args", "language"),
    [
        ("/erklæringer", "declarations", [], "no"),
        ("/declarations", "declarations", [], "en"),
        ("/sjekk 3", "check", ["3"], "no"),
        ("/check  #3 ", "check", ["#3"], "en"),
        ("/offentlig", "public", [], "no"),
        ("/public", "public", [], "en"),
        ("/gjennomgå 12", "review", ["12"], "no"),
        ("/Review 12", "review", ["12"], "en"),
        ("/send 4", "submit", ["4"], "no"),
        ("/withdraw 4", "withdraw", ["4"], "en"),
        ("/hjelp", "help", [], "no"),
        ("/whatever", "unknown", [], "no"),
    ],
)
def test_parse_command(text: str, name: str, args: list[str], language: str) -> None:
    command = parse_command(text)
    assert command is not None
    assert (command.name, command.args, command.language) == (name, args, language)


@pytest.mark.parametrize(
    "text", ["Hva er verdikompasset?", "", "/api/v1/health er nede", "se /sjekk", "/"]
)
def test_ordinary_messages_are_not_commands(text: str) -> None:
    assert parse_command(text) is None


def test_composer_commands_carry_their_arguments_in_the_text() -> None:
    assert parse_command("7", "sjekk") == Command("check", "sjekk", ["7"], "no")
    # A composer command we don't know belongs to someone else's handler.
    assert parse_command("7", "draw") is None


# Sign-in off -----------------------------------------------------------------------------


def test_without_login_commands_explain_how_to_turn_it_on(services: Services) -> None:
    assert not services.settings.chat_login
    text = say(services, "ola@arena.no", "/declarations")
    assert "ARENA_CHAT_LOGIN=true" in text
    assert "arena registry" in text
    assert "/api/v1" in text
    assert registry_reply(services, None, "Hva er verdikompasset?") is None


def test_with_login_but_no_user_asks_to_sign_in(login_services: Services) -> None:
    assert "Logg inn" in say(login_services, None, "/erklæringer")  # type: ignore[arg-type]


# Declarations ----------------------------------------------------------------------------


def test_coordinator_sees_declarations_awaiting_review(
    login_services: Services, arena: Arena
) -> None:
    text = say(login_services, "ola@arena.no", "/declarations")
    assert "Declarations awaiting review" in text
    assert f"| {arena.waiting} | Per Partner | submitted | 2 |" in text
    assert f"| {arena.approved} |" not in text  # approved: nothing to review
    assert "/review ID" in text


def test_partner_sees_only_their_own_with_amounts(login_services: Services, arena: Arena) -> None:
    text = say(login_services, "kari@ous.no", "/erklæringer")
    assert "Mine erklæringer" in text
    assert f"| {arena.approved} | approved |" in text
    assert "Medtek AS" in text
    assert "100k_to_1m" in text
    assert f"| {arena.waiting} |" not in text
    assert "Per Partner" not in text
    assert "over_1m" not in text


def test_partner_with_a_draft_is_told_how_to_submit(
    login_services: Services, arena: Arena, session: Session
) -> None:
    declarations.create_declaration(
        session=session, person_id=arena.world.facilitator, actor="test"
    )
    session.commit()
    text = say(login_services, "frida@arena.no", "/declarations")
    assert "| draft |" in text
    assert "The declaration has no interests." in text
    assert "/submit" in text


# Public summary --------------------------------------------------------------------------


def test_public_summary_shows_others_without_amounts(
    login_services: Services, arena: Arena
) -> None:
    text = say(login_services, "per@baerum.kommune.no", "/public")
    assert "| Kari Partner | Medtek AS | board member | board_or_leading_position |" in text
    assert "100k_to_1m" not in text
    assert "private note" not in text
    # Per's own interest is private and unapproved; Kari's view leaves herself out.
    assert "Bærum" not in text
    assert "Ingen godkjente" in say(login_services, "kari@ous.no", "/offentlig")


# Conflict check --------------------------------------------------------------------------


def test_coordinator_checks_an_activity_with_minutes_per_item(
    login_services: Services, arena: Arena
) -> None:
    text = say(login_services, "ola@arena.no", f"/check {arena.activity}")
    assert "### Conflict check: Sensor procurement (procurement)" in text
    assert "| Kari Partner | decision_maker |" in text
    assert "| direct |" in text  # a board seat at an involved organisation
    assert "#### 1. Market dialogue" in text
    assert "#### 2. Award the contract (decision)" in text
    assert "| Person | May | Why |" in text


def test_facilitator_checks_only_activities_they_run(
    login_services: Services, arena: Arena, session: Session
) -> None:
    assert "Konfliktsjekk" in say(login_services, "frida@arena.no", f"/sjekk {arena.activity}")
    assert "Sensor procurement" in say(login_services, "frida@arena.no", "/sjekk")
    add_user(session, "eva@arena.no", Role.facilitator)
    refused = say(login_services, "eva@arena.no", f"/check {arena.activity}")
    assert refused.startswith("Sorry: Only coordinators and the activity's facilitator")
    assert "No activities you may check" in say(login_services, "eva@arena.no", "/check")


def test_partner_cannot_check(login_services: Services, arena: Arena) -> None:
    text = say(login_services, "kari@ous.no", f"/check {arena.activity}")
    assert text.startswith("Sorry:")
    assert "\n" not in text


# Review ----------------------------------------------------------------------------------


def test_partner_cannot_review(login_services: Services, arena: Arena) -> None:
    reply = registry_reply(login_services, "kari@ous.no", f"/review {arena.waiting}")
    assert reply is not None
    assert reply.review is None
    assert reply.text == "Sorry: This needs the coordinator role; you are partner"
    target = ReviewTarget(arena.waiting, 2)
    text = apply_review(
        login_services, "kari@ous.no", target, Outcome.approved, Decision.no_conflict, "ok", "en"
    )
    assert text.startswith("Sorry: This needs the coordinator role")


def test_coordinator_reviews_with_buttons_then_decides(
    login_services: Services, arena: Arena, session: Session
) -> None:
    reply = registry_reply(login_services, "ola@arena.no", f"/gjennomgå {arena.waiting}")
    assert reply is not None
    assert "### Erklæring" in reply.text
    assert "Per Partner" in reply.text
    assert "over_1m" in reply.text  # coordinators see amounts
    assert reply.review == ReviewTarget(arena.waiting, 2)
    actions = ui_registry.review_actions(reply.review, reply.language)
    assert len(actions) == len(Decision) + 1
    assert {a.payload["outcome"] for a in actions} == {"approved", "returned"}

    text = apply_review(
        login_services,
        "ola@arena.no",
        reply.review,
        Outcome.approved,
        Decision.disclose_only,
        "Employment disclosed",
        "no",
    )
    assert "er nå **approved**" in text
    assert "disclose_only" in text
    session.expire_all()
    declaration = declarations.get_declaration(session=session, declaration_id=arena.waiting)
    assert declaration.status == Status.approved
    review = reviews.reviews_of(session=session, declaration_id=arena.waiting)[-1]
    assert review.reasoning == "Employment disclosed"
    assert review.reviewer_id == arena.world.coordinator


def test_a_second_coordinator_on_the_same_version_gets_a_clear_stale_message(
    login_services: Services, arena: Arena
) -> None:
    target = ReviewTarget(arena.waiting, 2)
    first = apply_review(
        login_services, "ola@arena.no", target, Outcome.returned, None, "Add values", "en"
    )
    assert "is now **returned**" in first
    second = apply_review(
        login_services,
        "siri@arena.no",
        target,
        Outcome.approved,
        Decision.no_conflict,
        "Fine",
        "en",
    )
    assert second.startswith("⚠️ Not recorded:")
    assert "changed by someone else" in second
    assert f"/review {arena.waiting}" in second


def test_review_of_an_approved_declaration_offers_no_buttons(
    login_services: Services, arena: Arena
) -> None:
    reply = registry_reply(login_services, "ola@arena.no", f"/review {arena.approved}")
    assert reply is not None
    assert reply.review is None
    assert "not awaiting review" in reply.text
    assert "Board seat disclosed" in reply.text  # the earlier review


def test_errors_are_one_polite_line(login_services: Services, arena: Arena) -> None:
    assert say(login_services, "ola@arena.no", "/review 999") == (
        "Sorry: No declaration with id 999"
    )
    assert say(login_services, "ola@arena.no", "/gjennomgå") == (
        "Beklager: Oppgi et nummer, for eksempel `/gjennomgå 12`."
    )
    assert say(login_services, "nobody@arena.no", "/public").startswith("Sorry: No user")
    assert "/hjelp" in say(login_services, "ola@arena.no", "/ukjent")


def test_submit_and_withdraw_only_own_declarations(
    login_services: Services, arena: Arena, session: Session
) -> None:
    refused = say(login_services, "per@baerum.kommune.no", f"/withdraw {arena.approved}")
    assert refused == f"Sorry: Declaration {arena.approved} is not yours"
    assert "**withdrawn**" in say(login_services, "kari@ous.no", f"/trekk {arena.approved}")
    illegal = say(login_services, "per@baerum.kommune.no", f"/submit {arena.waiting}")
    assert illegal.startswith("Sorry: Declaration")
    assert "cannot submit" in illegal


def test_help_lists_what_the_role_may_use(login_services: Services, arena: Arena) -> None:
    assert "/gjennomgå" in say(login_services, "ola@arena.no", "/hjelp")
    partner = say(login_services, "kari@ous.no", "/help")
    assert "/review ID" not in partner
    assert "/check" not in partner


def test_deactivated_user_is_refused(
    login_services: Services, arena: Arena, session: Session
) -> None:
    kari = people.get_person(session=session, person_id=arena.world.partner)
    people.deactivate_person(session=session, person=kari, actor="test")
    session.commit()
    command = parse_command("/declarations")
    assert command is not None
    assert run_command(login_services, "kari@ous.no", command).text == (
        "Sorry: The user kari@ous.no is deactivated"
    )


# Sign-in ---------------------------------------------------------------------------------


def test_login_accepts_the_right_password_only(services: Services, session: Session) -> None:
    person_id = add_user(session, "ola@arena.no", Role.coordinator)
    user = authenticate(services, "Ola@Arena.no ", PASSWORD)
    assert user is not None
    assert user.identifier == "ola@arena.no"
    assert user.metadata == {"person_id": person_id, "role": "coordinator"}
    assert authenticate(services, "ola@arena.no", PASSWORD + "x") is None
    assert authenticate(services, "nobody@arena.no", PASSWORD) is None


def test_login_refuses_users_without_password_or_deactivated(
    services: Services, session: Session
) -> None:
    add_user(session, "nopass@arena.no", Role.partner, password=None)
    assert authenticate(services, "nopass@arena.no", "") is None
    add_user(session, "gone@arena.no", Role.partner)
    gone = people.get_person_by_email(session=session, email="gone@arena.no")
    people.deactivate_person(session=session, person=gone, actor="test")
    session.commit()
    assert authenticate(services, "gone@arena.no", PASSWORD) is None


def test_auth_secret_is_generated_once_and_kept_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # setenv first so monkeypatch restores the variable that ensure_auth_secret sets.
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "placeholder")
    monkeypatch.delenv("CHAINLIT_AUTH_SECRET")
    secret = ensure_auth_secret(tmp_path / "data")
    path = tmp_path / "data" / "chainlit_auth_secret"
    assert len(secret) == 64
    assert path.read_text() == secret
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.environ["CHAINLIT_AUTH_SECRET"] == secret
    monkeypatch.delenv("CHAINLIT_AUTH_SECRET")
    assert ensure_auth_secret(tmp_path / "data") == secret  # persisted, so restarts agree
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "from-the-environment")
    assert ensure_auth_secret(tmp_path / "other") == "from-the-environment"
    assert not (tmp_path / "other").exists()


# The Chainlit glue -----------------------------------------------------------------------


class FakeMessage:
    """Stands in for cl.Message: records what would be sent."""

    sent: ClassVar[list[FakeMessage]] = []

    def __init__(self, content: str = "", actions: list[Any] | None = None) -> None:
        self.content, self.actions, self.command = content, actions or [], None

    async def send(self) -> FakeMessage:
        FakeMessage.sent.append(self)
        return self


async def test_handler_sends_review_buttons_and_passes_questions_on(
    login_services: Services, arena: Arena, monkeypatch: pytest.MonkeyPatch
) -> None:
    FakeMessage.sent = []
    monkeypatch.setattr(ui_registry.cl, "Message", FakeMessage)
    monkeypatch.setattr(ui_registry, "get_services", lambda: login_services)
    monkeypatch.setattr(ui_registry, "_signed_in_email", lambda: "ola@arena.no")

    assert not await ui_registry.handle_registry_message(FakeMessage("Hva er arenaen?"))  # type: ignore[arg-type]
    assert FakeMessage.sent == []
    assert await ui_registry.handle_registry_message(FakeMessage(f"/review {arena.waiting}"))  # type: ignore[arg-type]
    (reply,) = FakeMessage.sent
    assert "Per Partner" in reply.content
    assert [a.payload["decision"] for a in reply.actions][:2] == ["no_conflict", "disclose_only"]
    assert all(a.name == ui_registry.REVIEW_ACTION for a in reply.actions)
