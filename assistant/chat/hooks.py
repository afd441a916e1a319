"""The chat's Chainlit hooks, and `register_hooks`, the one call that hands them to Chainlit.

Each hook reads the user, calls one service and renders. Importing this module registers
nothing: Chainlit learns the hooks only when `register_hooks` runs (from `chat/app.py`, the
file Chainlit loads), and sign-in, with conversations kept (`data_layer.py`), only when
`ARENA_CHAT_LOGIN` is on.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Any

import chainlit as cl
from chainlit.types import ThreadDict

from assistant.answers.answer import Answer, Token
from assistant.chat import admin, briefs, declare, gaps, uploads
from assistant.chat.answer_markdown import elements, render
from assistant.chat.commands import parse_command
from assistant.chat.data_layer import (
    history_from_thread,
    keep_conversations,
    rejoin_conversation,
    remember_session,
    turn_metadata,
)
from assistant.chat.login import apply_session_rules, password_login, session_holds
from assistant.chat.markdown_safety import inert_markdown
from assistant.chat.profiles import chat_profiles, offer_commands, starters
from assistant.chat.registry_markdown import decision_label
from assistant.chat.registry_replies import ReviewTarget, apply_review, registry_reply
from assistant.chat.secret import load_or_create_auth_secret
from assistant.config import Settings, prepare_chainlit_environment
from assistant.errors import ArenaError
from assistant.i18n import Language, detect_language, say
from assistant.index.access import Viewer
from assistant.registry import access
from assistant.registry.db import open_session
from assistant.registry.errors import PermissionDeniedError
from assistant.registry.models import Decision, Outcome
from assistant.services import Services, get_services

logger = logging.getLogger(__name__)

REVIEW_ACTION = "registry_review"
REASONING_TIMEOUT = 600  # seconds a coordinator has to write the reasoning


def register_hooks(settings: Settings) -> None:
    """Hand Chainlit the chat's hooks; require sign-in exactly when `settings.chat_login` is on.

    With sign-in, Chainlit's JWT secret is put into its environment first (the operator's,
    else the one kept under the data folder), so Chainlit's own check finds it.
    """
    cl.on_chat_start(on_chat_start)
    cl.on_message(on_message)
    cl.set_chat_profiles(chat_profiles)
    cl.set_starters(starters)
    cl.action_callback(REVIEW_ACTION)(on_review_action)
    for name, callback in (briefs.ACTIONS | declare.ACTIONS | gaps.ACTIONS).items():
        cl.action_callback(name)(callback)
    for name, callback in admin.ACTIONS.items():
        cl.action_callback(name)(callback)
    uploads.configure(settings)
    if settings.chat_login:
        prepare_chainlit_environment(partial(load_or_create_auth_secret, settings.data_dir))
        apply_session_rules(settings)
        cl.password_auth_callback(password_login)
        keep_conversations(lambda: get_services().engine)  # signed-in users' threads, kept
        cl.on_chat_resume(on_chat_resume)
        cl.on_shared_thread_view(gaps.may_view_shared)  # coordinators read others' read-only
    else:
        from chainlit.config import config as chainlit_config

        prepare_chainlit_environment()
        chainlit_config.code.password_auth_callback = None  # an earlier registration's
        chainlit_config.code.data_layer = chainlit_config.code.on_chat_resume = None
        chainlit_config.code.on_shared_thread_view = None


# Hooks --------------------------------------------------------------------------------------


async def on_chat_start() -> None:
    """A new conversation: an empty history, and the registry commands when sign-in is on."""
    if not await session_holds("no"):  # an ended sign-in can still open a socket
        return
    cl.user_session.set("history", [])
    if get_services().settings.chat_login:
        await _offer_commands()
        await rejoin_conversation()  # a socket reconnected on another worker: same thread


async def on_chat_resume(thread: ThreadDict) -> None:
    """A kept conversation reopened (after a restart, or on another worker): its history
    comes from the stored thread, not from any process's memory."""
    if not await session_holds("no"):
        return
    cl.user_session.set("history", history_from_thread(thread))
    await _offer_commands()


async def _offer_commands() -> None:
    """The `/` menu for the signed-in user's role, in their browser's language."""
    user = cl.user_session.get("user")
    await offer_commands(user, getattr(cl.context.session, "language", None))


async def on_message(message: cl.Message) -> None:
    """A brief, a declaration or an upload goes to its flow, a registry command to the
    registry; anything else is a question for the chain."""
    if not await session_holds(detect_language(message.content or "")):
        return
    await remember_session()
    for flow in (briefs, declare, uploads, admin, gaps):
        if await flow.handle_message(message):
            return
    if await handle_registry_message(message):
        return
    await answer_question(message)


async def on_review_action(action: cl.Action) -> None:
    """A decision button: ask for the reasoning, then record the review."""
    payload = action.payload or {}
    language: Language = "en" if payload.get("language") == "en" else "no"
    if not await session_holds(language):
        return
    services, email = get_services(), _signed_in_email()
    if not services.settings.chat_login or not email:
        await cl.Message(content=say("chat_login_off", language)).send()
        return
    try:
        target, outcome, decision = _parse_review_payload(payload)
    except (KeyError, TypeError, ValueError):
        await cl.Message(content=say("chat_bad_button", language)).send()
        return
    choice = decision_label(outcome, decision, language)
    try:
        answer = await cl.AskUserMessage(
            content=say("chat_ask_reasoning", language, id=target.declaration_id, choice=choice),
            timeout=REASONING_TIMEOUT,
        ).send()
        reasoning = str((answer or {}).get("output") or "").strip()
        if not reasoning:
            await cl.Message(content=say("chat_no_reasoning", language)).send()
            return
        text = await asyncio.to_thread(
            apply_review, services, email, target, outcome, decision, reasoning, language
        )
        await cl.Message(content=text).send()
    finally:
        # Chainlit marks the chat busy again once the reasoning is in, and only a message
        # hook's wrapper would mark it free: an action callback must, or the composer stays
        # locked until the browser gives up on the request.
        await cl.context.emitter.task_end()


# What the hooks do ----------------------------------------------------------------------------


async def handle_registry_message(message: cl.Message) -> bool:
    """Answer a registry slash command; False when the message is an ordinary question."""
    text, command = message.content or "", getattr(message, "command", None)
    if parse_command(text, command) is None:  # cheap: ordinary questions leave at once
        return False
    reply = await asyncio.to_thread(
        registry_reply, get_services(), _signed_in_email(), text, command
    )
    if reply is None:
        return False
    actions = review_actions(reply.review, reply.language) if reply.review else []
    actions += admin.start_actions(reply.offers, reply.language)
    await cl.Message(content=reply.text, actions=actions).send()
    return True


async def answer_question(message: cl.Message) -> None:
    """Stream the grounded answer, then replace the draft with the checked text and sources."""
    history: list[tuple[str, str]] = cl.user_session.get("history") or []
    reply = cl.Message(content="")
    final: Answer | None = None
    services = get_services()
    try:
        # Without sign-in there is no one to look up: no trip to a worker thread, where the
        # question would queue behind other answers' work.
        login = services.settings.chat_login
        email = _signed_in_email()
        viewer = (
            await asyncio.to_thread(reader, services, email) if login else reader(services, email)
        )
        chain = services.answer_chain()
        async for item in chain.astream(message.content, history, viewer=viewer):
            if isinstance(item, Token):
                if item.complete:  # sent once, rendered, below: streaming it would be theatre
                    continue
                await reply.stream_token(inert_markdown(item.text))  # no remote image either
            else:
                final = item
    except ArenaError as exc:
        reply.content = say("chat_sorry", detect_language(message.content), error=exc)
        await _send_or_update(reply)
        return
    except Exception:  # a storage or library fault: the user is told, never left waiting
        logger.exception("Answering failed")
        reply.content = say("chat_failed", detect_language(message.content))
        await _send_or_update(reply)
        return
    assert final is not None
    reply.content = render(final)
    reply.elements = elements(final)  # type: ignore[assignment]
    reply.metadata = turn_metadata(final)  # kept with the message, for the history on resume
    if final.abstained:
        reply.author = say("chat_not_covered", detect_language(final.question))
    await _send_or_update(reply)
    history.extend([("user", final.question), ("assistant", final.text)])
    cl.user_session.set("history", history)


async def _send_or_update(reply: cl.Message) -> None:
    """Replace a streamed draft with the final text, or send the text when nothing streamed."""
    if reply.streaming:
        await reply.update()
    else:
        await reply.send()


def review_actions(target: ReviewTarget, language: Language) -> list[cl.Action]:
    """One button per decision kind to approve with, and one to return for revision."""
    base = {"declaration_id": target.declaration_id, "version": target.version}
    choices: list[tuple[Outcome, Decision | None]] = [(Outcome.approved, d) for d in Decision]
    choices.append((Outcome.returned, None))
    return [
        cl.Action(
            name=REVIEW_ACTION,
            payload=base
            | {
                "outcome": outcome.value,
                "decision": decision.value if decision else None,
                "language": language,
            },
            label=decision_label(outcome, decision, language),
        )
        for outcome, decision in choices
    ]


def _parse_review_payload(
    payload: dict[str, Any],
) -> tuple[ReviewTarget, Outcome, Decision | None]:
    target = ReviewTarget(int(payload["declaration_id"]), int(payload["version"]))
    outcome = Outcome(payload["outcome"])
    decision = Decision(payload["decision"]) if payload.get("decision") else None
    return target, outcome, decision


def reader(services: Services, email: str | None) -> Viewer:
    """Whose access the answer uses: the signed-in person's, looked up on every question so a
    changed organisation or role applies at once; arena-wide documents when login is off."""
    if not services.settings.chat_login:
        return Viewer.anonymous()
    if email is None:  # Chainlit lets no one in unsigned while login is on; never guess
        raise PermissionDeniedError("Sign in to ask the knowledge base")
    with open_session(services.engine) as session:
        return access.viewer_for_email(session, email)


def _signed_in_email() -> str | None:
    user = cl.user_session.get("user")
    return getattr(user, "identifier", None)
