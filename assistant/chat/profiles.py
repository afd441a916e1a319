"""Chat profiles and starters per role, in the browser's language: what each role finds first.

Partners get the knowledge base and their declarations (to declare, and to list); facilitators
also the activities they run and challenge briefs; coordinators also the review queue, users and
organisations. Every starter sends a message the chat answers: a knowledge question, a registry
command or a guided flow's word. What a role is offered is a convenience only; the registry's
services decide what anyone may do.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import chainlit as cl

from assistant.chat.commands import composer_commands
from assistant.i18n import Language, browser_language, say
from assistant.registry import people
from assistant.registry.db import open_session
from assistant.registry.errors import AuthenticationError, NotFoundError, RegistryError
from assistant.registry.models import Role
from assistant.services import Services, get_services

KNOWLEDGE, REGISTRY, BRIEFS = "knowledge", "registry", "briefs"
ICONS = "/public/icons"
BRIEF_COMMAND = "/brief"  # the guided brief flow's command (assistant.chat.briefs)
DECLARE_COMMAND = (
    "/erklær"  # the declaration flow's (assistant.chat.declare); "/declare" in English
)


@dataclass(frozen=True)
class StarterSpec:
    """A starter: its label's key, the message it sends (a key, or a command per language)."""

    label: str
    icon: str
    question: str | None = None  # key of a knowledge question
    command: tuple[str, str] | None = None  # (Norwegian, English) command words

    def message(self, language: Language) -> str:
        if self.command is not None:
            return self.command[0] if language == "no" else self.command[1]
        return say(self.question or "", language)


QUESTIONS = [
    StarterSpec("starter_value_compass", "compass", question="starter_value_compass_message"),
    StarterSpec("starter_co_creation", "people", question="starter_co_creation_message"),
    StarterSpec("starter_control_tower", "hospital", question="starter_control_tower_message"),
]
MY_DECLARATIONS = StarterSpec("starter_my_declarations", "declaration", None, ("/erklæringer", "/declarations"))  # fmt: skip
DECLARE = StarterSpec("starter_declare", "declaration", None, (DECLARE_COMMAND, "/declare"))
PUBLIC = StarterSpec("starter_public", "people", None, ("/offentlig", "/public"))
HELP = StarterSpec("starter_help", "help", None, ("/hjelp", "/help"))
MY_ACTIVITIES = StarterSpec("starter_my_activities", "shield", None, ("/sjekk", "/check"))
ACTIVITIES = StarterSpec("starter_activities", "shield", None, ("/sjekk", "/check"))
REVIEW_QUEUE = StarterSpec("starter_review_queue", "review", None, ("/erklæringer", "/declarations"))  # fmt: skip
PEOPLE = StarterSpec("starter_people", "people", None, ("/brukere", "/users"))
BRIEF = StarterSpec("starter_brief", "brief", None, (BRIEF_COMMAND, BRIEF_COMMAND))
GAPS = StarterSpec("starter_gaps", "review", None, ("/hull", "/gaps"))  # assistant.chat.gaps
PLAN = StarterSpec("starter_plan", "calendar", None, ("/planlegg", "/plan"))  # chat/admin.py
AUDIT = StarterSpec("starter_audit", "audit", None, ("/logg", "/audit"))  # chat/admin.py

REGISTRY_STARTERS: dict[Role, list[StarterSpec]] = {
    Role.partner: [DECLARE, MY_DECLARATIONS, PUBLIC, HELP],
    Role.facilitator: [DECLARE, MY_DECLARATIONS, MY_ACTIVITIES, PUBLIC, HELP],
    Role.coordinator: [REVIEW_QUEUE, PEOPLE, PLAN, ACTIVITIES, AUDIT, PUBLIC, DECLARE],
}
PROFILE_ICONS = {KNOWLEDGE: "knowledge", REGISTRY: "declaration", BRIEFS: "brief"}


def chat_language(code: str | None) -> Language:
    """The chat's language for the browser's (see `assistant.i18n.browser_language`)."""
    return browser_language(code)


def profile_names(role: Role | None) -> list[str]:
    """The profiles a role works in: everyone the knowledge base; signed-in users the registry;
    facilitators and coordinators challenge briefs."""
    if role is None:
        return [KNOWLEDGE]
    names = [KNOWLEDGE, REGISTRY]
    if role in (Role.facilitator, Role.coordinator):
        names.append(BRIEFS)
    return names


def starter_specs(profile: str, role: Role | None) -> list[StarterSpec]:
    """The starters of one profile for one role (none for a profile the role does not have)."""
    if profile not in profile_names(role):
        return []
    if profile == REGISTRY and role is not None:
        return REGISTRY_STARTERS[role]
    if profile == BRIEFS:
        return [BRIEF]
    if role == Role.coordinator:  # what the knowledge base could not answer
        return [*QUESTIONS, GAPS]
    return QUESTIONS


def starters_for(profile: str, role: Role | None, language: Language) -> list[cl.Starter]:
    return [
        cl.Starter(
            label=say(spec.label, language),
            message=spec.message(language),
            icon=f"{ICONS}/{spec.icon}.svg",
        )
        for spec in starter_specs(profile, role)
    ]


def _about(profile: str, role: Role | None) -> str:
    if profile == REGISTRY and role in (Role.facilitator, Role.coordinator):
        return f"profile_registry_about_{role}"
    return f"profile_{profile}_about"


def profiles_for(role: Role | None, language: Language) -> list[cl.ChatProfile]:
    return [
        cl.ChatProfile(
            name=name,
            display_name=say(f"profile_{name}", language),
            markdown_description=say(_about(name, role), language),
            icon=f"{ICONS}/{PROFILE_ICONS[name]}.svg",
            default=name == KNOWLEDGE,
            starters=starters_for(name, role, language),
        )
        for name in profile_names(role)
    ]


def role_of(services: Services, email: str | None) -> Role | None:
    """The signed-in user's role, read afresh (a changed role applies at the next page load);
    None without sign-in, or for a user the registry no longer lets in."""
    if not services.settings.chat_login or not email:
        return None
    try:
        with open_session(services.engine) as session:
            return people.active_person(session=session, email=email).role
    except (AuthenticationError, NotFoundError):
        return None


def _email(user: Any) -> str | None:
    return getattr(user, "identifier", None)


async def chat_profiles(user: Any, language: str | None) -> list[cl.ChatProfile]:
    """Chainlit's `set_chat_profiles`: the user's profiles, with their starters."""
    try:
        role = await asyncio.to_thread(role_of, get_services(), _email(user))
    except RegistryError:  # the registry is unreachable: the knowledge base still answers
        role = None
    return profiles_for(role, chat_language(language))


async def starters(user: Any, language: str | None) -> list[cl.Starter]:
    """Chainlit's `set_starters`, used while no profile is chosen: the knowledge questions."""
    return starters_for(KNOWLEDGE, None, chat_language(language))


async def offer_commands(user: Any, language: str | None) -> None:
    """Put the registry commands this user's role is offered in the composer's `/` menu."""
    role = await asyncio.to_thread(role_of, get_services(), _email(user))
    await cl.context.emitter.set_commands(composer_commands(role, chat_language(language)))
