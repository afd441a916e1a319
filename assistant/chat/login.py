"""Chat sign-in with a registry user's e-mail and password (Chainlit's password callback)."""

from __future__ import annotations

import asyncio
import logging

import chainlit as cl

from assistant.registry import people
from assistant.registry.db import open_session
from assistant.registry.errors import RegistryError
from assistant.services import Services, get_services

logger = logging.getLogger(__name__)


def authenticate(services: Services, username: str, password: str) -> cl.User | None:
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
        metadata={"person_id": person.id, "role": str(person.role)},
    )


async def password_login(username: str, password: str) -> cl.User | None:
    """Chainlit's password callback: argon2 takes a moment, so it runs off the event loop."""
    return await asyncio.to_thread(authenticate, get_services(), username, password)
