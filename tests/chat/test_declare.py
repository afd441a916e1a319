"""The declaration flow in the chat, through the real registry, with Chainlit scripted."""

from __future__ import annotations

from datetime import date
from typing import Any

import chainlit as cl

from assistant.chat import declare, hooks
from assistant.chat.declare_change import FIELDS
from assistant.chat.declare_markdown import field_name, menu_choices, refusal
from assistant.chat.registry_markdown import label
from assistant.i18n import say
from assistant.registry import declarations, declaring, people, reviews
from assistant.registry.errors import PermissionDeniedError, TransitionError
from assistant.registry.models import (
    Category,
    Decision,
    Declaration,
    DeclaredInterest,
    Interest,
    Outcome,
    ReviewCreate,
    Status,
    ValueBand,
    Whose,
)
from assistant.registry.workflow import Step, allowed_steps
from tests.chat.flow_fakes import Arena, Pick
from tests.chat.flow_fakes import arena as arena
from tests.chat.flow_fakes import flow_settings as flow_settings

KARI = "kari@ous.no"
# One interest, answered in the order the flow asks: kind, whose, organisation, role,
# topics, value, visibility; then "save" among the optional fields.
BOARD_SEAT = [
    Pick("board_or_leading_position"),
    Pick("self"),
    "Medtek AS",
    "styremedlem",
    "sensorer, KI",
    Pick("10k_to_100k"),
    Pick("yes"),
]


class UserMessage:
    def __init__(self, content: str, command: str | None = None) -> None:
        self.content, self.command, self.elements = content, command, []


def own(arena: Arena, email: str = KARI) -> tuple[Any, list[Any]]:
    """The person's declarations as the registry holds them now: the last one and its interests."""
    arena.session.expire_all()
    person = people.get_person_by_email(session=arena.session, email=email)
    rows = declarations.list_declarations(session=arena.session, person_id=person.id)
    if not rows:
        return None, []
    last = rows[-1]
    return last, declarations.interests_of(session=arena.session, declaration_id=last.id)  # type: ignore[arg-type]


def draft_with(arena: Arena, *interests: DeclaredInterest, submit: bool = False) -> int:
    kari = people.get_person_by_email(session=arena.session, email=KARI)
    declaration = declarations.declare(
        session=arena.session, person=kari, interests=interests, actor=KARI
    )
    if submit:
        declarations.submit_declaration(
            session=arena.session,
            declaration_id=declaration.id,  # type: ignore[arg-type]
            actor=KARI,
        )
    arena.session.commit()
    return declaration.id  # type: ignore[return-value]


async def test_a_partner_declares_an_interest_and_submits_it(arena: Arena) -> None:
    arena.sign_in(KARI)
    arena.chat.answers = [Pick("add"), *BOARD_SEAT, Pick("save"), Pick("submit")]
    await hooks.on_message(UserMessage("/erklær"))  # type: ignore[arg-type]

    assert arena.chat.answers == [], "every scripted answer was asked for"
    declaration, (interest,) = own(arena)
    assert declaration.status == Status.submitted
    assert interest.category == Category.board_or_leading_position
    assert interest.whose == Whose.self
    assert interest.organisation_id == arena.world.medtek
    assert interest.position == "styremedlem"
    assert interest.topics == ["sensorer", "KI"]
    assert interest.value_band == ValueBand.from_10k_to_100k
    assert interest.publishable is True

    texts = arena.chat.texts()
    assert texts[0] == say("chat_declare_intro", "no")
    assert texts[1] == say("chat_declare_none_open", "no")  # nothing open yet
    # First menu: no declaration yet, so add, submit an empty one, or leave.
    assert arena.chat.choices[0] == ["add", "submit", "finish"]
    # The kinds are offered with their words, never their codes, and a way out.
    kinds = next(
        m
        for m in arena.chat.messages
        if m.content.startswith(say("chat_declare_ask_category", "no"))
    )
    assert [a.label for a in kinds.actions] == [
        *(label("category", c.value, "no") for c in Category),
        "Avbryt",
    ]
    assert all(a.label != a.payload["value"] for a in kinds.actions)
    # After the interest: the draft with it, and the menu that now offers removing.
    added = next(t for t in texts if t.startswith(say("chat_declare_added", "no")))
    assert "**Erklæring 1**: utkast (versjon 1)" in added
    assert "Medtek AS" in added
    assert label("category", "board_or_leading_position", "no") in added
    assert arena.chat.choices[-1] == ["add", "change", "remove", "submit", "finish"]
    # After submitting: the declaration as it now stands, under what happened.
    last = arena.chat.last().content
    assert last.startswith(say("chat_declare_submitted", "no", id=1))
    assert "**Erklæring 1**: sendt inn (versjon 2)" in last


async def test_a_refused_value_is_told_in_one_line_and_asked_again_keeping_the_rest(
    arena: Arena,
) -> None:
    arena.sign_in(KARI)
    arena.chat.answers = [
        Pick("add"),
        Pick("consulting"),
        Pick("self"),
        "Ukjent Helse AS",  # the registry knows no such organisation: asked again
        "123456785",  # Medtek AS by its number
        "-",
        "-",
        Pick("up_to_10k"),
        Pick("no"),
        Pick("starts_on"),
        "2024-02-30",  # not a date: asked again
        "2024-05-01",
        Pick("ends_on"),
        "2024-01-01",  # accepted alone, refused with the start date
        Pick("save"),
        Pick("ends_on"),  # correct the end date; the rest is kept
        "2024-12-31",
        Pick("finish"),
    ]
    await hooks.on_message(UserMessage("/erklær"))  # type: ignore[arg-type]

    assert arena.chat.answers == []
    questions = arena.chat.questions
    unknown = say("chat_declare_unknown_org", "no", value="Ukjent Helse AS")
    assert any(q.startswith(unknown) for q in questions)
    bad_date = say("chat_declare_bad_date", "no", field="Startdato")
    assert any(q.startswith(bad_date) for q in questions)
    refused = say("chat_declare_date_order", "no")
    fix = next(q for q in questions if q.startswith(refused))
    assert say("chat_declare_fix", "no") in fix
    assert arena.chat.choices[-2] == ["retry", "starts_on", "ends_on", "discard"]

    declaration, (interest,) = own(arena)
    assert declaration.status == Status.draft  # saved, not submitted
    assert interest.category == Category.consulting
    assert interest.organisation_id == arena.world.medtek
    assert interest.position is None
    assert interest.topics == []
    assert (interest.starts_on, interest.ends_on) == (date(2024, 5, 1), date(2024, 12, 31))
    finish = arena.chat.last()
    assert finish.content == say("chat_declare_saved", "no", id=declaration.id, status="utkast")
    assert [a.name for a in finish.actions] == [declare.DECLARE_START]


async def test_cancel_stops_the_flow_and_keeps_what_was_saved(arena: Arena) -> None:
    arena.sign_in(KARI)
    declaration_id = draft_with(arena, DeclaredInterest(category=Category.employment))
    arena.chat.answers = [Pick("add"), Pick("ownership"), Pick("child"), "avbryt"]
    await hooks.on_message(UserMessage("/erklær"))  # type: ignore[arg-type]

    stopped = arena.chat.last()
    assert stopped.content == (
        f"{say('chat_flow_cancelled', 'no')} {say('chat_declare_kept', 'no')}"
    )
    assert [a.name for a in stopped.actions] == [declare.DECLARE_START]
    declaration, interests = own(arena)
    assert declaration.id == declaration_id
    assert [i.category for i in interests] == [Category.employment]  # the half-typed one: gone
    assert declaration.version == 1


async def test_the_cancel_button_of_an_interest_stops_too(arena: Arena) -> None:
    arena.sign_in(KARI)
    arena.chat.answers = [Pick("add"), Pick("cancel")]
    await declare.handle_message(UserMessage("", command="erklær"))  # type: ignore[arg-type]

    assert arena.chat.last().content.startswith(say("chat_flow_cancelled", "no"))
    assert own(arena) == (None, [])  # nothing was started


async def test_an_interest_is_removed_from_a_draft(arena: Arena) -> None:
    arena.sign_in(KARI)
    draft_with(
        arena,
        DeclaredInterest(category=Category.employment, organisation="Medtek AS"),
        DeclaredInterest(category=Category.ownership),
    )
    _, (first, second) = own(arena)
    arena.chat.answers = [Pick("remove"), Pick(str(first.id)), Pick("finish")]
    await hooks.on_message(UserMessage("/erklær"))  # type: ignore[arg-type]

    removal = next(
        m for m in arena.chat.messages if m.content.startswith(say("chat_declare_ask_remove", "no"))
    )
    assert [a.label for a in removal.actions] == [
        "1. ansettelse hos Medtek AS",
        "2. eierskap",
        say("chat_declare_keep", "no"),
    ]
    declaration, interests = own(arena)
    assert [i.id for i in interests] == [second.id]
    assert declaration.version == 2
    shown = next(t for t in arena.chat.texts() if t.startswith(say("chat_declare_removed", "no")))
    assert "**Erklæring 1**: utkast (versjon 2)" in shown


async def test_a_declaration_under_review_is_shown_and_not_offered_for_change(
    arena: Arena,
) -> None:
    arena.sign_in(KARI)
    declaration_id = draft_with(arena, DeclaredInterest(category=Category.employment), submit=True)
    await hooks.on_message(UserMessage("/erklær"))  # type: ignore[arg-type]

    assert arena.chat.questions == []
    assert "**Erklæring 1**: sendt inn (versjon 2)" in arena.chat.texts()[1]
    assert arena.chat.last().content == say(
        "chat_declare_locked", "no", id=declaration_id, status="sendt inn"
    )


async def test_nothing_to_declare_submits_an_empty_declaration_in_english(arena: Arena) -> None:
    arena.sign_in("per@baerum.kommune.no")
    arena.browser.language = "en-GB"  # typed "/declare" is English whatever the browser says
    arena.chat.answers = [Pick("submit")]
    await hooks.on_message(UserMessage("/declare"))  # type: ignore[arg-type]

    declaration, interests = own(arena, "per@baerum.kommune.no")
    assert (declaration.status, interests) == (Status.submitted, [])
    assert arena.chat.messages[2].actions[0].label == "Add an interest"
    assert arena.chat.last().content.startswith(say("chat_declare_submitted", "en", id=1))


async def test_the_button_opens_the_flow_and_leaves_the_chat_ready(arena: Arena) -> None:
    arena.sign_in(KARI)
    arena.chat.answers = [Pick("finish")]
    press = cl.Action(name=declare.DECLARE_START, payload={"language": "no"})
    await declare.ACTIONS[declare.DECLARE_START](press)

    assert arena.chat.last().content == say("chat_declare_nothing_saved", "no")
    assert arena.chat.task_ends == 1  # the composer is free at once


async def test_refusals_are_worded_by_kind_in_the_users_language() -> None:
    assert refusal(TransitionError("x"), "en") == say("chat_declare_not_now", "en")
    assert refusal(PermissionDeniedError("x"), "no") == say("chat_declare_not_yours", "no")
    assert refusal(TransitionError("x"), "no") != refusal(TransitionError("x"), "en")


def approve(arena: Arena, declaration_id: int) -> None:
    declaration = declarations.get_declaration(session=arena.session, declaration_id=declaration_id)
    reviews.review_declaration(
        session=arena.session,
        declaration_id=declaration_id,
        reviewer=people.get_person(session=arena.session, person_id=arena.world.coordinator),
        data=ReviewCreate(
            version=declaration.version,
            outcome=Outcome.approved,
            decision=Decision.disclose_only,
            reasoning="Disclosed.",
        ),
        valid_months=12,
    )
    arena.session.commit()


async def test_a_field_of_an_interest_is_changed_and_the_rest_kept(arena: Arena) -> None:
    arena.sign_in(KARI)
    draft_with(
        arena,
        DeclaredInterest(category=Category.employment, organisation="Medtek AS", topics=["KI"]),
        DeclaredInterest(category=Category.ownership),
    )
    _, (first, second) = own(arena)
    kept = second.model_dump(
        mode="json", warnings=False
    )  # a copy: the session hands back the same objects
    arena.chat.answers = [
        Pick("change"),
        Pick(str(first.id)),
        Pick("position"),
        "styreleder",
        Pick("finish"),
    ]
    await hooks.on_message(UserMessage("/erklær"))  # type: ignore[arg-type]

    assert arena.chat.answers == []
    assert arena.chat.choices[0] == ["add", "change", "remove", "submit", "finish"]
    which = next(
        m for m in arena.chat.messages if m.content.startswith(say("chat_declare_ask_change", "no"))
    )
    assert [a.label for a in which.actions] == [  # as the removal labels them
        "1. ansettelse hos Medtek AS",
        "2. eierskap",
        say("chat_declare_change_none", "no"),
    ]
    assert arena.chat.choices[2] == [*FIELDS, "keep"]
    fields = next(
        m
        for m in arena.chat.messages
        if m.content.startswith(say("chat_declare_ask_change_field", "no"))
    )
    assert [a.label for a in fields.actions][:2] == ["Type", "Hvem sin"]
    declaration, (changed, untouched) = own(arena)
    assert (changed.id, changed.position) == (first.id, "styreleder")
    assert (changed.organisation_id, changed.topics) == (arena.world.medtek, ["KI"])
    assert untouched.model_dump(mode="json", warnings=False) == kept
    assert (declaration.version, declaration.status) == (2, Status.draft)
    shown = next(t for t in arena.chat.texts() if t.startswith(say("chat_declare_changed", "no")))
    assert "**Erklæring 1**: utkast (versjon 2)" in shown
    assert "styreleder" in shown


async def test_a_value_the_registry_refuses_is_told_and_asked_again(arena: Arena) -> None:
    arena.sign_in(KARI)
    draft_with(arena, DeclaredInterest(category=Category.consulting, starts_on=date(2024, 5, 1)))
    _, (interest,) = own(arena)
    arena.chat.answers = [
        Pick("change"),
        Pick(str(interest.id)),
        Pick("ends_on"),
        "2024-01-01",  # a date, refused by the registry with the start date kept
        "2024-12-31",
        Pick("finish"),
    ]
    await hooks.on_message(UserMessage("/erklær"))  # type: ignore[arg-type]

    assert arena.chat.answers == []
    again = f"{say('chat_declare_date_order', 'no')}\n\n{say('chat_declare_ask_ends_on', 'no')}"
    assert again in arena.chat.questions
    declaration, (changed,) = own(arena)
    assert (changed.starts_on, changed.ends_on) == (date(2024, 5, 1), date(2024, 12, 31))
    assert declaration.version == 2  # the refusal changed nothing


async def test_cancel_while_changing_keeps_the_interest_as_it_was(arena: Arena) -> None:
    arena.sign_in(KARI)
    draft_with(arena, DeclaredInterest(category=Category.employment, position="rådgiver"))
    _, (interest,) = own(arena)
    before = interest.model_dump(
        mode="json", warnings=False
    )  # a copy: the session hands back the same objects
    arena.chat.answers = [Pick("change"), Pick(str(interest.id)), Pick("position"), "avbryt"]
    await hooks.on_message(UserMessage("/erklær"))  # type: ignore[arg-type]

    assert arena.chat.last().content == (
        f"{say('chat_flow_cancelled', 'no')} {say('chat_declare_kept', 'no')}"
    )
    declaration, (after,) = own(arena)
    assert after.model_dump(mode="json", warnings=False) == before
    assert declaration.version == 1


async def test_changing_an_approved_interest_asks_for_review_again_in_english(
    arena: Arena,
) -> None:
    arena.sign_in(KARI)
    declaration_id = draft_with(arena, DeclaredInterest(category=Category.employment), submit=True)
    approve(arena, declaration_id)
    _, (interest,) = own(arena)
    arena.chat.answers = [
        Pick("change"),
        Pick(str(interest.id)),
        Pick("value_band"),
        Pick("100k_to_1m"),
        Pick("finish"),
    ]
    await hooks.on_message(UserMessage("/declare"))  # type: ignore[arg-type]

    assert arena.chat.answers == []
    menu = next(m for m in arena.chat.messages if m.content.startswith("What would you like"))
    assert [a.label for a in menu.actions][:2] == ["Add an interest", "Change an interest"]
    fields = next(m for m in arena.chat.messages if m.content.startswith("What do you want"))
    assert field_name("value_band", "en") in [a.label for a in fields.actions]
    declaration, (changed,) = own(arena)
    assert changed.value_band == ValueBand.from_100k_to_1m
    assert declaration.status == Status.update_required  # the registry's workflow, not the chat's


def test_changing_is_offered_only_where_the_workflow_allows_a_change() -> None:
    interest = Interest(id=1, declaration_id=1, category=Category.employment)

    def offered(status: Status) -> bool:
        steps = frozenset(Step(s) for s in allowed_steps(status))
        own = declaring.OwnDeclaration(
            Declaration(id=1, person_id=1, status=status), [interest], steps
        )
        return "change" in dict(menu_choices(own, "en"))

    assert [s for s in Status if offered(s)] == [
        Status.draft,
        Status.returned,
        Status.approved,
        Status.update_required,
    ]
    empty = declaring.OwnDeclaration(Declaration(id=1, person_id=1), [], frozenset({Step.change}))
    assert "change" not in dict(menu_choices(empty, "en"))  # nothing to change yet
