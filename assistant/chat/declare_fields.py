"""Asking an interest's fields in the declaration flow: buttons for the registry's own values,
text checked by the registry's rules for the rest, each asked again until accepted.

Adding an interest asks them in turn (`ask_interest`); changing one asks one (`ask_field`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from assistant.chat.declare_markdown import field_name, field_problem
from assistant.chat.flow import FlowStopped, ask_checked, ask_choice, split_names
from assistant.chat.registry_markdown import label
from assistant.i18n import Language, say
from assistant.registry import declaring, organisations
from assistant.registry.db import open_session
from assistant.registry.declaring import InterestFieldError
from assistant.registry.errors import NotFoundError
from assistant.registry.models import Category, ValueBand, Whose
from assistant.services import Services

NONE = "-"  # typed for "none" in an optional field
ASKED = ("category", "whose", "organisation", "position", "topics", "value_band", "publishable")
EXTRAS = ("description", "starts_on", "ends_on")  # asked only when picked
# Fields answered with a button: the registry's own values, shown with their labels' kind.
CHOSEN: dict[str, tuple[str, type[StrEnum]]] = {
    "category": ("category", Category),
    "whose": ("whose", Whose),
    "value_band": ("value", ValueBand),
}
EMPTY: dict[str, Any] = {"topics": [], "description": ""}  # "-" for these; None for the rest


def organisation_reference(services: Services, text: str) -> str:
    """The organisation the registry finds for `text`, as its `#id` (names may change)."""
    with open_session(services.engine) as session:
        return f"#{organisations.resolve_organisation(session=session, reference=text).id}"


async def ask_interest(services: Services, language: Language) -> dict[str, Any]:
    """An interest, field by field; the rarer fields only when picked."""
    values: dict[str, Any] = {}
    for name in ASKED:
        values[name] = await ask_field(services, name, language)
    remaining = list(EXTRAS)
    while remaining:
        choices = [(name, field_name(name, language)) for name in remaining]
        choices.append(("save", say("chat_declare_save_interest", language)))
        picked = await ask_choice(say("chat_declare_ask_more", language), choices, language)
        if picked == "save":
            break
        values[picked] = await ask_field(services, picked, language)
        remaining.remove(picked)
    return values


async def ask_field(services: Services, name: str, language: Language, note: str = "") -> Any:
    """One field, asked until the registry accepts it: buttons for its own values, else text;
    `note` (a refusal of the value asked again) above the question."""
    prompt = say(f"chat_declare_ask_{name}", language)
    if note:
        prompt = f"{note}\n\n{prompt}"
    if name in CHOSEN:
        kind, values = CHOSEN[name]
        choices = [(value.value, label(kind, value.value, language)) for value in values]
        if name == ASKED[0]:  # the first question of an interest: a way out without typing
            choices.append(("cancel", say("chat_declare_cancel", language)))
        picked = await ask_choice(prompt, choices, language)
        if picked == "cancel":
            raise FlowStopped("cancelled")
        return picked
    if name == "publishable":
        choices = [
            ("yes", say("chat_declare_public", language)),
            ("no", say("chat_declare_private", language)),
        ]
        return await ask_choice(prompt, choices, language) == "yes"
    if name == "organisation":
        return await ask_checked(
            prompt,
            lambda text: None if text == NONE else _organisation(services, text, language),
            language,
        )
    return await ask_checked(prompt, lambda text: _checked(name, text, language), language)


def _checked(name: str, text: str, language: Language) -> Any:
    if text == NONE:
        return EMPTY.get(name)
    try:
        return declaring.check_interest_field(name, split_names(text) if name == "topics" else text)
    except InterestFieldError as exc:
        raise ValueError(field_problem(exc, language)) from None


def _organisation(services: Services, text: str, language: Language) -> str:
    try:
        return organisation_reference(services, text)
    except NotFoundError:
        raise ValueError(say("chat_declare_unknown_org", language, value=text[:80])) from None
