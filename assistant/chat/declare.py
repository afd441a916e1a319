"""The declaration flow in the chat: one's own declaration shown, interests added one at a
time, changed (`declare_change`) and removed, then submitted for review or kept as a draft.

Every rule (whose declaration it is, which workflow step is allowed, what a valid interest is,
which organisations exist) is the registry's: this module asks, calls `registry.declaring` and
`registry.declarations` off the event loop, and renders with `declare_markdown`. Each interest
is saved once complete; a refused one keeps what was typed, to be corrected or tried again.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import chainlit as cl
from sqlmodel import Session

from assistant.chat.commands import parse_flow
from assistant.chat.declare_change import change_step
from assistant.chat.declare_fields import ask_field, ask_interest
from assistant.chat.declare_markdown import (
    card_markdown,
    field_name,
    finish_text,
    interest_choices,
    menu_choices,
    refusal,
)
from assistant.chat.flow import (
    FlowStopped,
    ask_choice,
    browser_language,
    ends_task,
    send,
    signed_in,
)
from assistant.chat.login import session_holds
from assistant.chat.registry_markdown import label
from assistant.errors import ArenaError
from assistant.i18n import Language, say
from assistant.registry import declaration_views, declarations, declaring, organisations, people
from assistant.registry.db import open_session
from assistant.registry.declaring import InterestFieldError, OwnDeclaration
from assistant.registry.errors import NotFoundError
from assistant.registry.models import Person
from assistant.services import Services, get_services

logger = logging.getLogger(__name__)

DECLARE_START = "declare_start"


@dataclass(frozen=True)
class View:
    """One's open declaration as read now, and the organisations' names to show it with."""

    own: OwnDeclaration
    names: dict[int | None, str]

    @property
    def declaration_id(self) -> int | None:
        return self.own.declaration.id if self.own.declaration else None

    @property
    def version(self) -> int | None:
        return self.own.declaration.version if self.own.declaration else None


# The registry, off the event loop --------------------------------------------------------------


def read_view(services: Services, email: str) -> View:
    """The signed-in person's open declaration, with today's status."""
    with open_session(services.engine) as session:
        viewer = people.active_person(session=session, email=email)
        own = declaring.own_declaration(session=session, viewer=viewer)
        names = {o.id: o.name for o in organisations.list_organisations(session=session)}
        session.commit()  # an expiry found on the way is kept, as the API keeps it
    return View(own, names)


def in_registry(services: Services, email: str, work: Callable[[Session, Person], object]) -> None:
    """Run one step for the signed-in person (read afresh) in one transaction."""
    with open_session(services.engine) as session:
        work(session, people.active_person(session=session, email=email))
        session.commit()


def add_interest(
    values: dict[str, Any], declaration_id: int | None, version: int | None
) -> Callable[[Session, Person], object]:
    """The step that adds an interest: a new draft with it, or to the declaration shown."""

    def work(session: Session, viewer: Person) -> object:
        return declarations.declare(
            session=session,
            person=viewer,
            interests=[declaring.interest_from(values)],
            actor=viewer.email,
            declaration_id=declaration_id,
            expected_version=version,
        )

    return work


def submit(declaration_id: int | None, version: int | None) -> Callable[[Session, Person], object]:
    """The step that submits the declaration shown; with none, an empty one (nothing to
    declare) is started and submitted in the same transaction."""

    def work(session: Session, viewer: Person) -> object:
        target, expected = declaration_id, version
        if target is None:
            target = declarations.declare(session=session, person=viewer, actor=viewer.email).id
            expected = None
        else:
            declaration_views.declaration_for(session=session, viewer=viewer, declaration_id=target)
        return declarations.submit_declaration(
            session=session,
            declaration_id=target,  # type: ignore[arg-type]
            actor=viewer.email,
            expected_version=expected,
        )

    return work


def remove(declaration_id: int, interest_id: int, version: int | None) -> Callable[..., object]:
    def work(session: Session, viewer: Person) -> object:
        return declaring.remove_interest(
            session=session,
            viewer=viewer,
            declaration_id=declaration_id,
            interest_id=interest_id,
            expected_version=version,
        )

    return work


# The chat -------------------------------------------------------------------------------------


async def handle_message(message: cl.Message) -> bool:
    """Start the flow for "/erklær" or "/declare" (typed or picked); False for anything else."""
    flow = parse_flow(message.content or "", getattr(message, "command", None))
    if flow is None or flow[0] != "declare":
        return False
    await start_declare(flow[1] or browser_language())
    return True


async def start_declare(language: Language) -> None:
    """Run the flow; however it ends, one line says so and a button opens it again."""
    services = get_services()
    email = await signed_in(services, language, "chat_declare_login_off")
    if email is None:
        return
    try:
        await run_declare(services, email, language)
    except FlowStopped as stop:
        text = f"{stop.message(language)} {say('chat_declare_kept', language)}"
        await send(text, [start_action(language)])
    except ArenaError as exc:
        await send(refusal(exc, language), [start_action(language)])
    except Exception:  # a storage or library fault: told, never left waiting
        logger.exception("Declaring failed")
        await send(say("chat_declare_failed", language), [start_action(language)])


async def run_declare(services: Services, email: str, language: Language) -> None:
    """Show the declaration, offer what may be done next, do it, and show it again."""
    await send(say("chat_declare_intro", language))
    note = ""
    while True:
        view = await asyncio.to_thread(read_view, services, email)
        await send(card_markdown(view.own, view.names, language, note))
        choices = menu_choices(view.own, language)
        declaration = view.own.declaration
        if not choices and declaration is not None:  # awaits review: nothing to change now
            status = label("status", declaration.status, language)
            await send(say("chat_declare_locked", language, id=declaration.id, status=status))
            return
        picked = await ask_choice(say("chat_declare_what_next", language), choices, language)
        if picked == "finish":
            await send(finish_text(view.own, language), [start_action(language)])
            return
        if picked == "add":
            note = await add_step(services, email, view, language)
        elif picked == "change":
            run = functools.partial(attempt, services, email)
            note = await change_step(services, view.own, view.names, language, run)
        elif picked == "remove":
            note = await remove_step(services, email, view, language)
        else:
            error = await attempt(services, email, submit(view.declaration_id, view.version))
            if error is not None:
                note = refusal(error, language)
                continue
            view = await asyncio.to_thread(read_view, services, email)
            done = say("chat_declare_submitted", language, id=view.declaration_id)
            await send(card_markdown(view.own, view.names, language, done))
            return


async def attempt(
    services: Services, email: str, work: Callable[[Session, Person], object]
) -> ArenaError | None:
    """Run one step; the registry's refusal if it refused, else None."""
    try:
        await asyncio.to_thread(in_registry, services, email, work)
    except ArenaError as exc:
        return exc
    return None


async def add_step(services: Services, email: str, view: View, language: Language) -> str:
    """Ask for an interest and add it; refused, it is corrected or retried, never lost."""
    values = await ask_interest(services, language)
    declaration_id, version = view.declaration_id, view.version
    while True:
        error = await attempt(services, email, add_interest(values, declaration_id, version))
        if error is None:
            return say("chat_declare_added", language)
        choices = [("retry", say("chat_declare_retry", language))]
        choices += [
            (name, say("chat_declare_correct", language, field=field_name(name, language)))
            for name in to_correct(error, values)
        ]
        choices.append(("discard", say("chat_declare_discard", language)))
        question = f"{refusal(error, language)}\n\n{say('chat_declare_fix', language)}"
        picked = await ask_choice(question, choices, language)
        if picked == "discard":
            return say("chat_declare_discarded", language)
        if picked == "retry":  # against the declaration as it is now (another tab, a reviewer)
            fresh = await asyncio.to_thread(read_view, services, email)
            declaration_id, version = fresh.declaration_id, fresh.version
        else:
            values[picked] = await ask_field(services, picked, language)


def to_correct(error: ArenaError, values: dict[str, Any]) -> list[str]:
    """The fields worth correcting after `error`: the one refused, else every one given."""
    if isinstance(error, InterestFieldError):
        if error.kind == "date_order":
            return ["starts_on", "ends_on"]
        return [error.field] if error.field in values else list(values)
    if isinstance(error, NotFoundError) and values.get("organisation"):
        return ["organisation"]  # the counterpart went from the registry meanwhile
    return list(values)


async def remove_step(services: Services, email: str, view: View, language: Language) -> str:
    """Pick one interest of the declaration shown and remove it."""
    choices = interest_choices(view.own, view.names, language)
    choices.append(("keep", say("chat_declare_keep", language)))
    picked = await ask_choice(say("chat_declare_ask_remove", language), choices, language)
    if picked == "keep" or view.declaration_id is None:
        return ""
    error = await attempt(services, email, remove(view.declaration_id, int(picked), view.version))
    return say("chat_declare_removed", language) if error is None else refusal(error, language)


# Buttons ----------------------------------------------------------------------------------------


def start_action(language: Language) -> cl.Action:
    """The button that opens the flow again (after it ended, and for the starters)."""
    return cl.Action(
        name=DECLARE_START,
        payload={"language": language},
        label=say("chat_declare_open", language),
        icon="file-pen",
    )


async def on_start(action: cl.Action) -> None:
    language: Language = "en" if (action.payload or {}).get("language") == "en" else "no"
    if await session_holds(language):
        await start_declare(language)


# It leaves the chat ready for the next message, whatever it asked on the way.
ACTIONS = {DECLARE_START: ends_task(on_start)}
