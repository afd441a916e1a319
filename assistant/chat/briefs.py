"""The brief flow in the chat: asked step by step, drafted, previewed, revised, downloaded, listed.

Every rule (who may draft, which organisations exist, what a valid field is, whose brief is
whose) is the brief service's; this module asks, calls `get_services().briefs` off the event
loop, and renders. Buttons carry only ids: each press reads the user afresh and asks the service.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import chainlit as cl

from assistant.briefs.model import BriefInput, BriefKind, BriefRecord
from assistant.chat.brief_markdown import (
    NONE,
    changes_markdown,
    list_markdown,
    preview,
    shown_value,
)
from assistant.chat.commands import parse_flow
from assistant.chat.flow import (
    FlowStopped,
    ask_checked,
    ask_choice,
    browser_language,
    ends_task,
    person_of,
    send,
    signed_in,
    split_names,
)
from assistant.chat.login import session_holds
from assistant.chat.registry_markdown import sorry
from assistant.errors import ArenaError
from assistant.i18n import Language, say
from assistant.services import Services, get_services

logger = logging.getLogger(__name__)

BRIEF_START = "brief_start"
BRIEF_REVISE = "brief_revise"
BRIEF_DOWNLOAD = "brief_download"
BRIEF_LIST = "brief_list"
BRIEF_OPEN = "brief_open"
EXTRAS = ("outcomes", "scope", "constraints", "data", "ipr")
FIELDS = ("title", "need", "organisations", "participants", "kind", "date", *EXTRAS)
GATED = ("participants", "date")  # optional: asked only after an "add" button
LISTED = 10  # briefs offered as buttons in "my briefs"; the table lists every one


# Starting -----------------------------------------------------------------------------------


async def handle_message(message: cl.Message) -> bool:
    """Start the flow for "/brief" (typed or picked in the composer); False for anything else."""
    flow = parse_flow(message.content or "", getattr(message, "command", None))
    if flow is None or flow[0] != "brief":
        return False
    await start_brief(flow[1] or browser_language())
    return True


async def start_brief(language: Language) -> None:
    """Ask for the brief step by step, draft it, and show it with its buttons."""
    services = get_services()
    email = await signed_in(services, language, "chat_briefs_login_off")
    if email is None:
        return
    try:
        services.briefs.require_drafter(await asyncio.to_thread(person_of, services, email))
        data = await ask_brief(services, language)
    except ArenaError as exc:
        await send(sorry(exc, language))
        return
    except FlowStopped as stop:
        await send(stop.message(language), [start_action(language)])
        return
    record = await _with_progress(
        say("chat_briefs_drafting", language),
        language,
        lambda: services.briefs.draft(data, person_of(services, email)),
    )
    if record is not None:
        await show_record(record, language)


async def ask_brief(services: Services, language: Language) -> dict[str, Any]:
    """The input of a brief, asked field by field; optional parts behind a skip button."""
    await send(say("chat_briefs_intro", language))
    data: dict[str, Any] = {"language": language}
    for name in ("title", "need", "organisations"):
        data[name] = await ask_field(services, name, language)
    for name in ("participants", "kind", "date"):
        if name not in GATED or await _wants(name, language):
            data[name] = await ask_field(services, name, language)
    remaining = list(EXTRAS)
    while remaining:
        choices = [(name, say(f"chat_briefs_field_{name}", language)) for name in remaining]
        choices.append(("draft", say("chat_briefs_draft_now", language)))
        picked = await ask_choice(say("chat_briefs_ask_extras", language), choices, language)
        if picked == "draft":
            break
        data[picked] = await ask_field(services, picked, language)
        remaining.remove(picked)
    return data


async def _wants(name: str, language: Language) -> bool:
    choices = [
        ("add", say(f"chat_briefs_add_{name}", language)),
        ("skip", say("chat_briefs_skip", language)),
    ]
    return (
        await ask_choice(say(f"chat_briefs_ask_{name}_gate", language), choices, language) == "add"
    )


async def ask_field(
    services: Services, name: str, language: Language, current: BriefInput | None = None
) -> Any:
    """One field, asked until the service accepts it; `current` shows the value it replaces."""
    prompt = say(f"chat_briefs_ask_{name}", language)
    if current is not None:
        prompt += "\n\n" + say(
            "chat_briefs_now", language, value=shown_value(current, name, language)
        )
    if name == "kind":
        choices = [(k.value, say(f"brief_render_kind_{k.value}", language)) for k in BriefKind]
        return await ask_choice(prompt, choices, language)
    briefs = services.briefs
    if name in ("organisations", "participants"):
        check = briefs.check_organisations if name == "organisations" else briefs.check_participants
        return await ask_checked(
            prompt, lambda text: [] if text == NONE else check(split_names(text)), language
        )
    if name == "date":
        return await ask_checked(
            prompt, lambda text: _date(briefs.check_field, text, language), language
        )
    optional = name in EXTRAS
    return await ask_checked(
        prompt,
        lambda text: "" if optional and text == NONE else briefs.check_field(name, text),
        language,
    )


def _date(check: Any, text: str, language: Language) -> str:
    try:
        return check("date", text).isoformat()
    except ArenaError:
        raise ValueError(say("chat_briefs_bad_date", language, value=text[:40])) from None


# Drafting and showing -------------------------------------------------------------------------


async def _with_progress(title: str, language: Language, work: Any) -> BriefRecord | None:
    """Run `work` (a draft or a revision: seconds) in a worker thread under a visible step."""
    async with cl.Step(name=title, type="tool", show_input=False) as step:
        try:
            record: BriefRecord = await asyncio.to_thread(work)
        except ArenaError as exc:
            step.output = sorry(exc, language)
            await send(sorry(exc, language), [start_action(language)])
            return None
        except Exception:  # a storage or library fault: told, never left waiting
            logger.exception("Brief drafting failed")
            step.output = say("chat_briefs_failed", language)
            await send(say("chat_briefs_failed", language))
            return None
        step.output = say("chat_briefs_done", language, id=record.id, version=record.version)
    return record


async def show_record(record: BriefRecord, language: Language) -> None:
    """The brief as Markdown, with the compass check and findings, and its buttons."""
    await send(preview(record, language), record_actions(record, language))


def record_actions(record: BriefRecord, language: Language) -> list[cl.Action]:
    base = {"brief_id": record.id, "version": record.version, "language": language}
    return [
        cl.Action(
            name=BRIEF_REVISE,
            payload=base,
            label=say("chat_briefs_revise", language),
            icon="pencil",
        ),
        cl.Action(
            name=BRIEF_DOWNLOAD,
            payload=base | {"format": "md"},
            label=say("chat_briefs_download_md", language),
            icon="file-text",
        ),
        cl.Action(
            name=BRIEF_DOWNLOAD,
            payload=base | {"format": "docx"},
            label=say("chat_briefs_download_docx", language),
            icon="file-down",
        ),
        cl.Action(
            name=BRIEF_LIST,
            payload={"language": language},
            label=say("chat_briefs_mine", language),
            icon="list",
        ),
    ]


def start_action(language: Language) -> cl.Action:
    """The button that starts a new brief (also for the welcome and the starters)."""
    return cl.Action(
        name=BRIEF_START,
        payload={"language": language},
        label=say("chat_briefs_new", language),
        icon="notebook-pen",
    )


# Buttons ------------------------------------------------------------------------------------


async def _button(action: cl.Action) -> tuple[Services, str, Language, dict[str, Any]] | None:
    """The services, the signed-in e-mail, the language and the payload of a press; None if
    nobody may press (told already)."""
    payload = action.payload or {}
    language: Language = "en" if payload.get("language") == "en" else "no"
    if not await session_holds(language):
        return None
    services = get_services()
    email = await signed_in(services, language, "chat_briefs_login_off")
    return (services, email, language, payload) if email else None


def _brief_id(payload: dict[str, Any], key: str = "brief_id") -> int:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(key)
    return value


async def on_start(action: cl.Action) -> None:
    language: Language = "en" if (action.payload or {}).get("language") == "en" else "no"
    if await session_holds(language):
        await start_brief(language)


async def on_open(action: cl.Action) -> None:
    pressed = await _button(action)
    if pressed is None:
        return
    services, email, language, payload = pressed
    try:
        brief_id = _brief_id(payload)
        record = await asyncio.to_thread(
            lambda: services.briefs.get(brief_id, person_of(services, email))
        )
    except ValueError:
        await send(say("chat_briefs_bad_button", language))
        return
    except ArenaError as exc:
        await send(sorry(exc, language))
        return
    await show_record(record, language)


async def on_revise(action: cl.Action) -> None:
    """Pick a field, give its new value, re-check: the changes in the findings, then the brief."""
    pressed = await _button(action)
    if pressed is None:
        return
    services, email, language, payload = pressed
    try:
        brief_id = _brief_id(payload)
        current = await asyncio.to_thread(
            lambda: services.briefs.get(brief_id, person_of(services, email))
        )
        choices = [(name, say(f"chat_briefs_field_{name}", language)) for name in FIELDS]
        choices.append(("cancel", say("chat_briefs_cancel", language)))
        field = await ask_choice(
            say("chat_briefs_ask_field", language, id=brief_id), choices, language
        )
        if field == "cancel":
            raise FlowStopped("cancelled")
        value = await ask_field(services, field, language, current.input)
    except ValueError:
        await send(say("chat_briefs_bad_button", language))
        return
    except ArenaError as exc:
        await send(sorry(exc, language))
        return
    except FlowStopped as stop:
        await send(stop.message(language))
        return
    record = await _with_progress(
        say("chat_briefs_revising", language),
        language,
        lambda: services.briefs.revise(brief_id, {field: value}, person_of(services, email)),
    )
    if record is not None:
        await send(changes_markdown(record, language))
        await show_record(record, language)


async def on_download(action: cl.Action) -> None:
    """The shown version as a Markdown or Word file, attached to a message."""
    pressed = await _button(action)
    if pressed is None:
        return
    services, email, language, payload = pressed
    try:
        brief_id, version = _brief_id(payload), _brief_id(payload, "version")
        fmt = str(payload.get("format"))
        data, name, media_type = await asyncio.to_thread(
            lambda: services.briefs.export(brief_id, fmt, person_of(services, email), version)
        )
    except ValueError:
        await send(say("chat_briefs_bad_button", language))
        return
    except ArenaError as exc:
        await send(sorry(exc, language))
        return
    file = cl.File(name=name, content=data, mime=media_type.split(";")[0], display="inline")
    message = cl.Message(content=say("chat_briefs_file", language, name=name), elements=[file])
    await message.send()


async def on_list(action: cl.Action) -> None:
    """My briefs (a coordinator's: everyone's), newest first, each with a button to open it."""
    pressed = await _button(action)
    if pressed is None:
        return
    services, email, language, _payload = pressed
    try:
        rows = await asyncio.to_thread(lambda: services.briefs.list(person_of(services, email)))
    except ArenaError as exc:
        await send(sorry(exc, language))
        return
    if not rows:
        await send(say("chat_briefs_none", language), [start_action(language)])
        return
    actions = [
        cl.Action(
            name=BRIEF_OPEN,
            payload={"brief_id": row.id, "language": language},
            label=say("chat_briefs_open", language, id=row.id, title=row.title[:40]),
        )
        for row in rows[:LISTED]
    ]
    await send(list_markdown(rows, language), [*actions, start_action(language)])


# Each leaves the chat ready for the next message, whatever it asked on the way.
ACTIONS = {
    BRIEF_START: ends_task(on_start),
    BRIEF_OPEN: ends_task(on_open),
    BRIEF_REVISE: ends_task(on_revise),
    BRIEF_DOWNLOAD: ends_task(on_download),
    BRIEF_LIST: ends_task(on_list),
}
