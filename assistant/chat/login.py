"""Chat sign-in with a registry user's e-mail and password, and the rules that end a sign-in.

Chainlit checks only a token's signature and expiry. Here a sign-in also ends the moment the
user is deactivated, and `ARENA_SESSION_HOURS` after the password was given, however often
Chainlit's `/auth/jwt` renewed the token: the sign-in time travels in the token's metadata.
The hooks ask `session_holds` before every message and button; Chainlit's own HTTP routes
(`/user`, `/project/...`) ask `current_user_if_signed_in`, which `apply_session_rules` puts in
place of Chainlit's check.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Literal

import chainlit as cl
from chainlit.auth import get_current_user, reuseable_oauth
from fastapi import Depends, HTTPException, Request, status

from assistant.chat.registry_markdown import sorry
from assistant.config import Settings
from assistant.i18n import Language, say
from assistant.registry import people
from assistant.registry.db import open_session
from assistant.registry.errors import AuthenticationError, RegistryError
from assistant.services import Services, get_services

logger = logging.getLogger(__name__)

SIGNED_IN_AT = "signed_in_at"  # the token metadata key: Unix seconds of the password sign-in
SessionEnd = Literal["deactivated", "expired"]
# What Chainlit's HTTP routes answer, in English like Chainlit's own errors (the page then
# shows the sign-in form; the chat tells the user in their language).
HTTP_DETAIL: dict[SessionEnd, str] = {
    "deactivated": "The user is deactivated",
    "expired": "The sign-in has expired: sign in again",
}


def authenticate(
    services: Services, username: str, password: str, now: float | None = None
) -> cl.User | None:
    """The chat user for a registry e-mail and password (argon2, via the service), or None."""
    try:
        with open_session(services.engine) as session:
            person = people.authenticate_password(
                session=session, email=username, password=password
            )
    except RegistryError as exc:  # e.g. the database is unreachable: a failed login, logged
        logger.warning("Chat sign-in failed: %s", exc)
        return None
    if person is None:
        return None
    return cl.User(
        identifier=person.email,
        display_name=person.name,
        metadata={
            "person_id": person.id,
            "role": str(person.role),
            SIGNED_IN_AT: int(time.time() if now is None else now),
        },
    )


async def password_login(username: str, password: str) -> cl.User | None:
    """Chainlit's password callback: argon2 takes a moment, so it runs off the event loop."""
    return await asyncio.to_thread(authenticate, get_services(), username, password)


def session_end(services: Services, user: Any, now: float | None = None) -> SessionEnd | None:
    """Why a chat sign-in no longer holds, or None while it does (and always without sign-in).

    The user is read afresh from the registry each time. A RegistryError (the database is
    unreachable) propagates: the caller cannot tell, so it refuses without ending the session.
    """
    if not services.settings.chat_login:
        return None
    identifier = getattr(user, "identifier", None)
    if not identifier:
        return "expired"
    signed_in_at = (getattr(user, "metadata", None) or {}).get(SIGNED_IN_AT)
    now = time.time() if now is None else now
    # A token without the sign-in time predates this rule: its age is unknown, so it has ended.
    if not isinstance(signed_in_at, int | float):
        return "expired"
    if now - signed_in_at > services.settings.session_hours * 3600:
        return "expired"
    try:
        with open_session(services.engine) as session:
            people.active_person(session=session, email=identifier)
    except AuthenticationError:
        return "deactivated"
    return None


async def session_holds(language: Language) -> bool:
    """True while the chat's sign-in holds; otherwise say why, end the session, return False."""
    user = cl.user_session.get("user")
    try:
        end = await asyncio.to_thread(session_end, get_services(), user)
    except RegistryError as exc:  # the registry is unreachable: refuse, but keep the session
        await cl.Message(content=sorry(exc, language)).send()
        return False
    if end is None:
        return True
    if end == "deactivated":
        text = say("chat_session_deactivated", language, email=user.identifier)
    else:
        hours = f"{get_services().settings.session_hours:g}"
        text = say("chat_session_expired", language, hours=hours)
    await cl.Message(content=text).send()
    await _close_socket()
    return False


async def _close_socket() -> None:
    """End the conversation: Chainlit drops its state and the browser's socket is closed.

    Chainlit has no server-side sign-out, so the browser keeps its cookie until it expires;
    but every Chainlit route then answers 401 (the browser shows the sign-in page on reload)
    and a new socket meets `session_holds` before its first word.
    """
    from chainlit.server import sio
    from chainlit.session import WebsocketSession

    session = cl.context.session
    if isinstance(session, WebsocketSession):
        session.to_clear = True  # Chainlit forgets the session as the socket closes
        await sio.disconnect(session.socket_id)


async def current_user_if_signed_in(
    request: Request, token: str | None = Depends(reuseable_oauth)
) -> Any:
    """Chainlit's `get_current_user`, refusing with 401 a sign-in that has ended."""
    user = await get_current_user(token)  # type: ignore[arg-type]
    if user is None:  # sign-in is off
        return None
    services = getattr(request.app.state, "services", None) or get_services()
    try:
        end = await asyncio.to_thread(session_end, services, user)
    except RegistryError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from None
    if end is not None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, HTTP_DETAIL[end])
    return user


def apply_session_rules(settings: Settings) -> None:
    """Give Chainlit the sign-in's lifetime and our check of every token it reads over HTTP.

    The lifetime (the JWT's and the cookie's) is `settings.session_hours`, whatever
    `.chainlit/config.toml` says; runs when the chat is registered, never on import.
    """
    from chainlit.config import config
    from chainlit.server import app

    config.project.user_session_timeout = round(settings.session_hours * 3600)
    app.dependency_overrides[get_current_user] = current_user_if_signed_in
