"""Knowledge gaps in the chat ("/hull", "/gaps"), and a conversation's export ("/eksport").

A coordinator's list groups the questions the knowledge base did not cover and the answers
rated down, by topic or by document. Each entry links to its conversation's read-only view
(Chainlit's `/share/<id>`, which lets through whom `may_view_shared` allows), and buttons
download a conversation as JSON and Markdown. Anyone may download their own conversation.
The registry's services decide every time: a hidden command or a hand-made button press
reaches the same check.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import chainlit as cl
from chainlit.types import ThreadDict

from assistant.chat.commands import parse_flow
from assistant.chat.flow import browser_language, ends_task, send, signed_in
from assistant.chat.login import session_holds
from assistant.chat.registry_markdown import sorry
from assistant.errors import ArenaError
from assistant.i18n import Language, say
from assistant.registry import conversations
from assistant.registry.conversation_export import FORMATS, rendered
from assistant.registry.db import open_session
from assistant.registry.errors import NotFoundError
from assistant.registry.gaps import Gap, GapGroup, Grouping, group_gaps, knowledge_gaps
from assistant.services import Services, get_services
from assistant.text.markdown import inert_line

GAPS_EXPORT, GAPS_GROUP = "gaps_export", "gaps_group"
MAX_SHOWN = 30  # newest gaps in the chat; `arena gaps list` shows all
MAX_BUTTONS = 10  # conversations offered for download under the list
SHARE_PATH = "/share/"  # Chainlit's read-only view of a thread (its frontend's route)
_DOCUMENT_WORDS = frozenset({"dokument", "dokumenter", "document", "documents"})


async def handle_message(message: cl.Message) -> bool:
    """Answer "/hull", "/gaps" (optionally "dokument") and "/eksport"; False for the rest."""
    text = message.content or ""
    flow = parse_flow(text, getattr(message, "command", None))
    if flow is None or flow[0] not in ("gaps", "export"):
        return False
    language = flow[1] or browser_language()
    if flow[0] == "export":
        await export_current(language)
        return True
    wants_documents = any(word.lower() in _DOCUMENT_WORDS for word in text.split())
    await show_gaps(language, "document" if wants_documents else "topic")
    return True


# The list -------------------------------------------------------------------------------------


async def show_gaps(language: Language, by: Grouping) -> None:
    """The coordinator's gaps, grouped, with a link and a download button per conversation."""
    services = get_services()
    email = await signed_in(services, language, "chat_gaps_login_off")
    if email is None:
        return
    try:
        groups, total = await asyncio.to_thread(read_gaps, services, email, by)
    except ArenaError as exc:
        await send(sorry(exc, language))
        return
    if not total:
        await send(say("chat_gaps_none", language))
        return
    text, threads = gaps_markdown(groups, by, total, language)
    other: Grouping = "document" if by == "topic" else "topic"
    actions = [
        cl.Action(
            name=GAPS_GROUP,
            payload={"by": other, "language": language},
            label=say(f"chat_gaps_group_{other}", language),
        )
    ]
    actions += [
        cl.Action(
            name=GAPS_EXPORT,
            payload={"thread_id": thread_id, "language": language},
            label=say("chat_gaps_export_button", language, n=n),
        )
        for n, thread_id in enumerate(threads[:MAX_BUTTONS], start=1)
    ]
    await send(text, actions)


def read_gaps(services: Services, email: str, by: Grouping) -> tuple[list[GapGroup], int]:
    """The newest `MAX_SHOWN` gaps grouped, and how many there are in all."""
    with open_session(services.engine) as session:
        gaps = knowledge_gaps(session=session, email=email)
    return group_gaps(gaps[:MAX_SHOWN], by), len(gaps)


def gaps_markdown(
    groups: list[GapGroup], by: Grouping, total: int, language: Language
) -> tuple[str, list[str]]:
    """The list as Markdown, and the conversations in the order it numbers them."""
    shown = sum(len(g.gaps) for g in groups)
    lines = [f"### {say(f'chat_gaps_title_{by}', language, count=total)}", ""]
    lines += [say("chat_gaps_about", language), ""]
    threads: list[str] = []
    for group in groups:
        key = group.key or say(f"chat_gaps_no_{by}", language)
        lines += [f"**{inert_line(key)}** ({len(group.gaps)})", ""]
        for gap in group.gaps:
            if gap.thread_id not in threads:
                threads.append(gap.thread_id)
            lines.append(gap_line(gap, threads.index(gap.thread_id) + 1, by, language))
        lines.append("")
    if shown < total:
        lines += [f"*{say('chat_gaps_shown', language, shown=shown, total=total)}*", ""]
    buttons = min(len(threads), MAX_BUTTONS)
    if buttons == 1:
        lines.append(say("chat_gaps_button_one", language))
    else:
        lines.append(say("chat_gaps_buttons", language, count=buttons))
    return "\n".join(lines), threads


def gap_line(gap: Gap, n: int, by: Grouping, language: Language) -> str:
    """One gap: its conversation's number and link, when, who, why, and its documents."""
    question = inert_line(gap.question or "…").replace("]", "\\]")  # our link's text
    kinds = [say(f"chat_gaps_{kind}", language) for kind, on in
             (("abstained", gap.abstained), ("rated_down", gap.rated_down)) if on]  # fmt: skip
    parts = [gap.asked_at[:16].replace("T", " "), inert_line(gap.user), ", ".join(kinds)]
    why = inert_line(gap.comment or gap.reason)
    if why:
        parts.append(f"«{why}»")
    if by == "topic" and gap.documents:
        parts.append(", ".join(inert_line(d) for d in gap.documents))
    link = f"{SHARE_PATH}{quote(gap.thread_id, safe='')}"
    return f"- **{n}.** [{question}]({link}) · " + " · ".join(p for p in parts if p)


# Downloads ------------------------------------------------------------------------------------


def export_files(
    services: Services, email: str, thread_id: str, language: Language
) -> tuple[str, list[cl.File]]:
    """The conversation's name and its JSON and Markdown files, if `email` may read it."""
    with open_session(services.engine) as session:
        conversation = conversations.read_conversation(
            session=session, thread_id=thread_id, email=email
        )
    files = []
    for fmt in FORMATS:
        body, file_name, media_type = rendered(conversation, fmt, language)
        files.append(cl.File(name=file_name, content=body.encode("utf-8"), mime=media_type,
                             display="inline"))  # fmt: skip
    name = conversation.name
    return name, files


async def send_export(services: Services, email: str, thread_id: str, language: Language) -> None:
    name, files = await asyncio.to_thread(export_files, services, email, thread_id, language)
    text = say("chat_export_files", language, name=inert_line(name))
    await cl.Message(content=text, elements=files).send()  # type: ignore[arg-type]


async def export_current(language: Language) -> None:
    """The signed-in user's current conversation, as files."""
    services = get_services()
    email = await signed_in(services, language, "chat_export_login_off")
    if email is None:
        return
    try:
        await send_export(services, email, cl.context.session.thread_id, language)
    except NotFoundError:  # nothing of this chat is stored yet
        await send(say("chat_export_empty", language))
    except ArenaError as exc:
        await send(sorry(exc, language))


# Buttons and the read-only view ---------------------------------------------------------------


async def on_export(action: cl.Action) -> None:
    """A download button under the list: the conversation it names, for whoever may read it."""
    payload = action.payload or {}
    language: Language = "en" if payload.get("language") == "en" else "no"
    if not await session_holds(language):
        return
    services = get_services()
    email = await signed_in(services, language, "chat_gaps_login_off")
    if email is None:
        return
    thread_id = payload.get("thread_id")
    if not isinstance(thread_id, str):
        await send(say("chat_gaps_bad_button", language))
        return
    try:
        await send_export(services, email, thread_id, language)
    except ArenaError as exc:
        await send(sorry(exc, language))


async def on_group(action: cl.Action) -> None:
    """The list again, grouped the other way."""
    payload = action.payload or {}
    language: Language = "en" if payload.get("language") == "en" else "no"
    if not await session_holds(language):
        return
    by: Grouping = "document" if payload.get("by") == "document" else "topic"
    await show_gaps(language, by)


async def may_view_shared(thread: ThreadDict, viewer: Any) -> bool:
    """Chainlit's `on_shared_thread_view`: whether `viewer` may read someone's conversation
    read-only at `/share/<id>`: a coordinator, or its owner."""
    email = getattr(viewer, "identifier", None)
    services = get_services()
    if not services.settings.chat_login or not email or not thread.get("id"):
        return False
    return await asyncio.to_thread(_may_read, services, str(thread["id"]), email)


def _may_read(services: Services, thread_id: str, email: str) -> bool:
    try:
        with open_session(services.engine) as session:
            return conversations.may_read(session=session, thread_id=thread_id, email=email)
    except ArenaError:
        return False


ACTIONS = {GAPS_EXPORT: ends_task(on_export), GAPS_GROUP: ends_task(on_group)}
