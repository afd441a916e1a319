"""What the chat's guided flows (briefs, uploads) share: the language, the signed-in user, questions.

A flow asks one question at a time with Chainlit's ask messages. A typed "avbryt"/"cancel" or
no answer within `ASK_TIMEOUT` stops it with `FlowStopped`, which the flow turns into one line.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

import chainlit as cl
from chainlit.context import ChainlitContextException

from assistant.chat.markdown_safety import inert_markdown
from assistant.chat.registry_markdown import sorry
from assistant.errors import ArenaError
from assistant.i18n import Language, say
from assistant.i18n import browser_language as i18n_browser_language
from assistant.registry import people
from assistant.registry.db import open_session
from assistant.registry.models import Person
from assistant.services import Services

ASK_TIMEOUT = 900  # seconds to answer one question of a flow
CHOICE = "flow_choice"  # the name of a flow's answer buttons; answers, never callbacks
_CANCEL = frozenset({"avbryt", "cancel", "stopp", "stop"})
_SPLIT = re.compile(r"[,;\n]")
T = TypeVar("T")


class FlowStopped(Exception):
    """The user cancelled a flow, or let a question wait past `ASK_TIMEOUT`."""

    def __init__(self, reason: Literal["cancelled", "timeout"]) -> None:
        super().__init__(reason)
        self.reason = reason

    def message(self, language: Language) -> str:
        return say(f"chat_flow_{self.reason}", language)


def ends_task(
    callback: Callable[[cl.Action], Awaitable[None]],
) -> Callable[[cl.Action], Awaitable[None]]:
    """An action callback that leaves the chat ready for the next message.

    Chainlit runs button callbacks outside a task, but each question asked in one re-opens
    "the task" when answered (`send_ask_user` ends in `task_start`); nothing would close it,
    and the chat would stay busy with every button disabled. This closes it when done.
    """

    @functools.wraps(callback)
    async def run(action: cl.Action) -> None:
        try:
            await callback(action)
        finally:
            await cl.context.emitter.task_end()

    return run


def browser_language() -> Language:
    """The language the browser asks for (see `assistant.i18n.browser_language`)."""
    try:
        tag = cl.context.session.language or ""
    except ChainlitContextException:
        tag = ""
    return i18n_browser_language(tag)


def signed_in_email() -> str | None:
    user = cl.user_session.get("user")
    return getattr(user, "identifier", None)


def person_of(services: Services, email: str) -> Person:
    """The signed-in user read afresh, so a role change or a deactivation applies at once."""
    with open_session(services.engine) as session:
        return people.active_person(session=session, email=email)


async def signed_in(services: Services, language: Language, login_off: str) -> str | None:
    """The e-mail of the active signed-in user, or None after telling why there is none.

    `login_off` is the string that explains what needs sign-in when sign-in is off.
    """
    if not services.settings.chat_login:
        await send(say(login_off, language))
        return None
    email = signed_in_email()
    if not email:
        await send(say("chat_flow_sign_in", language))
        return None
    try:
        await asyncio.to_thread(person_of, services, email)
    except ArenaError as exc:
        await send(sorry(exc, language))
        return None
    return email


async def send(text: str, actions: list[cl.Action] | None = None) -> cl.Message:
    message = cl.Message(content=text, actions=actions or [])
    await message.send()
    return message


def split_names(text: str) -> list[str]:
    """Names typed in one line: separated by commas, semicolons or line breaks."""
    return [part.strip() for part in _SPLIT.split(text) if part.strip()]


async def ask_text(prompt: str) -> str:
    """The user's next message in answer to `prompt`; FlowStopped on cancel or timeout."""
    answer = await cl.AskUserMessage(content=prompt, timeout=ASK_TIMEOUT).send()
    if answer is None:
        raise FlowStopped("timeout")
    text = str(answer.get("output") or "").strip()
    if text.lower().lstrip("/") in _CANCEL:
        raise FlowStopped("cancelled")
    return text


async def ask_checked(prompt: str, check: Callable[[str], T], language: Language) -> T:
    """Ask until `check` (run off the event loop: it may read the registry) accepts the answer.

    A refused answer is told in the service's one line, and the question is asked again.
    `check` raising a `ValueError` carries a message already in the user's language.
    """
    question = prompt
    while True:
        text = await ask_text(question)
        try:
            return await asyncio.to_thread(check, text)
        except ValueError as exc:
            question = f"{inert_markdown(str(exc))}\n\n{prompt}"
        except ArenaError as exc:
            question = f"{sorry(exc, language)}\n\n{prompt}"


async def ask_choice(prompt: str, choices: list[tuple[str, str]], language: Language) -> str:
    """The value of the button the user picks among `choices` (value, label)."""
    actions = [
        cl.Action(name=CHOICE, payload={"value": value}, label=label) for value, label in choices
    ]
    ask = cl.AskActionMessage(content=prompt, actions=actions, timeout=ASK_TIMEOUT)
    answer: Any = await ask.send()
    # Chainlit writes "Selected: ..." or "Timed out ..." in English over the question: ours instead.
    if answer is None:
        ask.content = f"{prompt}\n\n{say('chat_flow_timeout', language)}"
        await ask.update()
        raise FlowStopped("timeout")
    value = str((answer.get("payload") or {}).get("value", ""))
    label = dict(choices).get(value)
    if label is None:  # an answer that was never offered (a hand-made reply)
        raise FlowStopped("cancelled")
    ask.content = f"{prompt}\n\n**→ {label}**"
    await ask.update()
    return value
