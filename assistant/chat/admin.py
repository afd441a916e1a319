"""The coordinators' flows in the chat: started by a word ("/nybruker"...) or by a button.

Which flow a word starts is `commands.FLOWS`; the flows themselves are in `admin_forms`
(a person, an organisation) and `admin_plan` (an activity and its check, the audit log).
A button carries only the flow's name and the language: each press reads the user afresh,
and the registry decides whether they may.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import chainlit as cl

from assistant.chat.admin_forms import add_organisation, add_person
from assistant.chat.admin_plan import check_audit, plan_activity
from assistant.chat.commands import parse_flow
from assistant.chat.flow import browser_language, ends_task, send, signed_in
from assistant.chat.login import session_holds
from assistant.i18n import Language, say
from assistant.services import Services, get_services

ADMIN_START = "admin_start"
FLOWS: dict[str, Callable[[Services, str, Language], Awaitable[None]]] = {
    "add_person": add_person,
    "add_organisation": add_organisation,
    "plan": plan_activity,
    "audit": check_audit,
}
ICONS = {
    "add_person": "user-plus",
    "add_organisation": "building-2",
    "plan": "calendar-plus",
    "audit": "shield-check",
}


async def handle_message(message: cl.Message) -> bool:
    """Start the flow a coordinator's word names; False for any other message."""
    flow = parse_flow(message.content or "", getattr(message, "command", None))
    if flow is None or flow[0] not in FLOWS:
        return False
    await start(flow[0], flow[1] or browser_language())
    return True


async def start(name: str, language: Language) -> None:
    """Run one flow for the signed-in user; the flow asks the registry who may."""
    services = get_services()
    email = await signed_in(services, language, "chat_admin_login_off")
    if email is not None:
        await FLOWS[name](services, email, language)


def start_actions(names: tuple[str, ...], language: Language) -> list[cl.Action]:
    """Buttons that start the named flows (under `/brukere` and `/sjekk`)."""
    return [
        cl.Action(
            name=ADMIN_START,
            payload={"flow": name, "language": language},
            label=say(f"chat_admin_start_{name}", language),
            icon=ICONS[name],
        )
        for name in names
        if name in FLOWS
    ]


async def on_start(action: cl.Action) -> None:
    payload = action.payload or {}
    language: Language = "en" if payload.get("language") == "en" else "no"
    if not await session_holds(language):
        return
    name = payload.get("flow")
    if not isinstance(name, str) or name not in FLOWS:
        await send(say("chat_admin_bad_button", language))
        return
    await start(name, language)


# Each leaves the chat ready for the next message, whatever it asked on the way.
ACTIONS = {ADMIN_START: ends_task(on_start)}
