"""Registry commands in the chat, through the real service layer on SQLite."""

from __future__ import annotations

from sqlmodel import Session

from assistant.chat.commands import parse_command
from assistant.chat.hooks import review_actions
from assistant.chat.registry_replies import (
    ReviewTarget,
    apply_review,
    registry_reply,
    run_command,
)
from assistant.registry import activities, declarations, people, reviews
from assistant.registry.models import (
    ActivityCreate,
    ActivityKind,
    Decision,
    Outcome,
    ParticipantIn,
    ReviewCreate,
    Role,
    Status,
)
from assistant.services import Services
from tests.chat.conftest import Arena, add_user


def say(services: Services, email: str, text: str) -> str:
    reply = registry_reply(services, email, text)
    assert reply is not None, f"{text!r} was not taken as a command"
    return reply.text


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
    assert f"| {arena.approved} | godkjent |" in text
    assert "| styreverv eller lederstilling | egen | Medtek AS |" in text
    assert "100 000 kr–1 mill. kr" in text
    assert f"| {arena.waiting} |" not in text
    assert "Per Partner" not in text
    assert "over 1 mill. kr" not in text


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
    assert "| Kari Partner | Medtek AS | board member | board or leading position |" in text
    assert "100,000" not in text
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
    # A board seat at an involved organisation; the coordinator's decision is named beside.
    assert (
        "| Kari Partner (decision maker) | 1 (approved) | direct | should not take part "
        "(the coordinator decided: disclosed, may take part) |"
    ) in text
    assert "- **Kari Partner**: board or leading position at Medtek AS\n" in text
    assert "#### 1. Market dialogue" in text
    assert "#### 2. Award the contract (decision)" in text
    assert "| Person | May | Why |" in text
    assert "| Kari Partner | excluded | excluded from the activity |" in text


def test_the_conflict_check_is_all_in_norwegian_for_a_norwegian_command(
    login_services: Services, arena: Arena
) -> None:
    text = say(login_services, "ola@arena.no", f"/sjekk {arena.activity}")
    assert "### Konfliktsjekk: Sensor procurement (anskaffelse)" in text
    assert "| Person (rolle) | Erklæring | Interessekonflikt | Anbefalt handling |" in text
    assert "| Kari Partner (beslutningstaker) | 1 (godkjent) | direkte | bør ikke delta" in text
    assert "- **Kari Partner**: styreverv eller lederstilling hos Medtek AS" in text
    assert "(koordinatoren har besluttet: opplyses om, kan delta)" in text
    assert "| Kari Partner | utelukket | utelukket fra aktiviteten |" in text
    # Only what people typed (names, titles, topics) is left as it was written.
    for english in ("decision_maker", "direct |", "excluded", "board", "recommended", "approved"):
        assert english not in text.lower(), english


def test_facilitator_checks_only_activities_they_run(
    login_services: Services, arena: Arena, session: Session
) -> None:
    assert "Konfliktsjekk" in say(login_services, "frida@arena.no", f"/sjekk {arena.activity}")
    assert "Sensor procurement" in say(login_services, "frida@arena.no", "/sjekk")
    add_user(session, "eva@arena.no", Role.facilitator)
    refused = say(login_services, "eva@arena.no", f"/check {arena.activity}")
    assert refused == "Sorry, a facilitator has no access to that."
    assert "No activities you may check" in say(login_services, "eva@arena.no", "/check")


def test_facilitator_sees_no_private_interest_in_the_chat(
    login_services: Services, arena: Arena, session: Session
) -> None:
    # Per's private employment at Bærum kommune, approved, in an activity Frida runs.
    coordinator = people.get_person(session=session, person_id=arena.world.coordinator)
    reviews.review_declaration(
        session=session,
        declaration_id=arena.waiting,
        reviewer=coordinator,
        data=ReviewCreate(
            version=2, outcome=Outcome.approved, decision=Decision.disclose_only, reasoning="ok"
        ),
        valid_months=12,
    )
    activity = activities.create_activity(
        session=session,
        data=ActivityCreate(
            name="Municipal advice",
            kind=ActivityKind.advisory,
            facilitator_id=arena.world.facilitator,
            organisation_ids=[arena.world.kommune, arena.world.medtek],
            participants=[
                ParticipantIn(person_id=arena.world.partner2),
                ParticipantIn(person_id=arena.world.partner),
            ],
        ),
        actor="test",
    )
    session.commit()
    coordinators = say(login_services, "ola@arena.no", f"/check {activity.id}")
    assert "- **Per Partner**: employment at Bærum kommune" in coordinators
    facilitators = say(login_services, "frida@arena.no", f"/check {activity.id}")
    assert "| Per Partner (participant) | 2 (approved) | direct |" in facilitators
    assert "employment" not in facilitators
    assert "Bærum" not in facilitators
    # Kari's board seat is publishable: its public summary is there, its amount is not.
    assert "- **Kari Partner**: board or leading position at Medtek AS (board member)" in (
        facilitators
    )
    assert "100,000" not in facilitators


def test_partner_cannot_check(login_services: Services, arena: Arena) -> None:
    text = say(login_services, "kari@ous.no", f"/check {arena.activity}")
    assert text == "Sorry, a partner has no access to that."


# Review ----------------------------------------------------------------------------------


def test_partner_cannot_review(login_services: Services, arena: Arena) -> None:
    reply = registry_reply(login_services, "kari@ous.no", f"/review {arena.waiting}")
    assert reply is not None
    assert reply.review is None
    assert reply.text == "Sorry, a partner has no access to that."
    target = ReviewTarget(arena.waiting, 2)
    text = apply_review(
        login_services, "kari@ous.no", target, Outcome.approved, Decision.no_conflict, "ok", "no"
    )
    assert text == "Beklager, det har du ikke tilgang til som partner."
    assert (
        declarations.get_declaration(
            session=Session(login_services.engine), declaration_id=arena.waiting
        ).status
        == Status.submitted
    )


def test_a_partner_typing_coordinator_commands_is_refused_by_the_service(
    login_services: Services, arena: Arena
) -> None:
    """Hiding a command is not access control: typed by hand, the registry still says no."""
    for text in ("/brukere", "/users", f"/gjennomgå {arena.waiting}", f"/sjekk {arena.activity}"):
        reply = say(login_services, "kari@ous.no", text)
        assert reply in (
            "Beklager, det har du ikke tilgang til som partner.",
            "Sorry, a partner has no access to that.",
        ), text
    # The composer's command id, sent by hand without the menu, meets the same rule.
    reply = registry_reply(login_services, "kari@ous.no", "", "brukere")
    assert reply is not None
    assert reply.text == "Beklager, det har du ikke tilgang til som partner."


def test_coordinator_sees_users_and_organisations(login_services: Services, arena: Arena) -> None:
    text = say(login_services, "ola@arena.no", "/brukere")
    assert "### Brukere" in text
    assert "| Kari Partner | kari@ous.no | partner | Oslo universitetssykehus HF | ✓ |" in text
    assert "| Ola Koordinator | ola@arena.no | koordinator |  | ✓ |" in text
    assert "### Organisasjoner" in text
    assert "| Medtek AS | bedrift |" in text
    assert "/nybruker" in text  # the chat adds users: no terminal needed
    english = say(login_services, "ola@arena.no", "/users")
    assert "| Name | E-mail | Role | Organisation | Active |" in english
    assert "| Bærum kommune | municipality |" in english


def test_coordinator_reviews_with_buttons_then_decides(
    login_services: Services, arena: Arena, session: Session
) -> None:
    reply = registry_reply(login_services, "ola@arena.no", f"/gjennomgå {arena.waiting}")
    assert reply is not None
    assert "### Erklæring" in reply.text
    assert "Per Partner" in reply.text
    assert "over 1 mill. kr" in reply.text  # coordinators see amounts
    assert reply.review == ReviewTarget(arena.waiting, 2)
    actions = review_actions(reply.review, reply.language)
    assert len(actions) == len(Decision) + 1
    assert {a.payload["outcome"] for a in actions} == {"approved", "returned"}
    # Buttons in words, not codes ("Godkjenn: discussion_not_decision").
    labels = [a.label for a in actions]
    assert "Godkjenn: kan diskutere, ikke beslutte" in labels
    assert labels[-1] == "Send tilbake til revisjon"
    assert not any("_" in label for label in labels)

    text = apply_review(
        login_services,
        "ola@arena.no",
        reply.review,
        Outcome.approved,
        Decision.disclose_only,
        "Employment disclosed",
        "no",
    )
    assert "er nå **godkjent**" in text
    assert "Godkjenn: opplyses om, kan delta" in text
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
    assert refused == "Sorry, a partner has no access to that."
    assert "**trukket**" in say(login_services, "kari@ous.no", f"/trekk {arena.approved}")
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


def test_a_refusal_reads_in_norwegian_by_its_kind_and_in_english_with_its_detail() -> None:
    from assistant.chat.registry_markdown import sorry
    from assistant.registry.errors import (
        InvalidInputError,
        PermissionDeniedError,
        StaleVersionError,
    )

    refused = PermissionDeniedError("Only coordinators see knowledge gaps")
    assert sorry(refused, "no") == "Beklager, du har ikke tilgang til dette."
    assert sorry(refused, "en") == "Sorry: Only coordinators see knowledge gaps"
    assert "Last inn på nytt" in sorry(StaleVersionError("Declaration 3 changed"), "no")
    # A bad value keeps its detail: it names what to correct.
    assert "ends_on" in sorry(InvalidInputError("ends_on: must not be before starts_on"), "no")
