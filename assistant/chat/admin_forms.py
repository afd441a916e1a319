"""Coordinators' forms in the chat: add a person, add an organisation; and what the forms share.

A form asks one field at a time. Typed fields are checked at once by the registry's own
check (`people.check_new_email`, `organisations.check_new_organisation`...), and a refusal is
told in one line in the user's language before the same question is asked again; choices are
buttons with translated labels. Saving goes through the registry's service, which decides who
may do it: a partner who types the command, or presses a button sent by hand, is refused there.
If saving fails on a value someone else took meanwhile, only the fields that fail are asked again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import chainlit as cl
from pydantic import ValidationError
from sqlmodel import Session

from assistant.chat.flow import FlowStopped, ask_checked, ask_choice, person_of, send, split_names
from assistant.chat.markdown_safety import inert_markdown
from assistant.chat.registry_markdown import label, sorry
from assistant.chat.registry_replies import not_allowed
from assistant.errors import ArenaError
from assistant.i18n import Language, say
from assistant.registry import organisations, people
from assistant.registry.db import open_session
from assistant.registry.errors import (
    AlreadyExistsError,
    InvalidInputError,
    PermissionDeniedError,
    first_error,
)
from assistant.registry.models import OrganisationCreate, OrgKind, Person, PersonCreate, Role
from assistant.services import Services

NONE = "-"  # typed for "none" where a field may stay empty
MAX_BUTTONS = 30  # records offered as buttons in one question; more would not fit a screen
DONE = "done"  # the value of "that's all" in a question that picks several


# What the forms share ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A typed field: its question, and the registry's check, run off the event loop."""

    name: str
    check: Callable[[Services, str], Any]
    errors: tuple[tuple[type[Exception], str], ...]  # (refusal, key of its words), first match


async def permitted(
    services: Services, email: str, language: Language, require: Callable[[Person], None]
) -> Person | None:
    """The signed-in user when the registry's rule `require` lets them, else None, told why."""
    try:
        user = await asyncio.to_thread(person_of, services, email)
    except ArenaError as exc:
        await send(sorry(exc, language))
        return None
    try:
        require(user)
    except PermissionDeniedError:
        await send(not_allowed(user, language))
        return None
    return user


def in_session(services: Services, work: Callable[[Session], Any]) -> Any:
    """Run `work` in a registry session that is never committed: a check, or a read."""
    with open_session(services.engine) as session:
        return work(session)


def translated(field: Field, services: Services, language: Language) -> Callable[[str], Any]:
    """The field's check, its refusals put into one line of the user's words."""

    def check(text: str) -> Any:
        try:
            return field.check(services, text)
        except tuple(kind for kind, _ in field.errors) as exc:
            key = next(key for kind, key in field.errors if isinstance(exc, kind))
            raise ValueError(say(key, language, value=" ".join(text.split())[:80])) from None

    return check


async def ask_field(services: Services, field: Field, language: Language) -> Any:
    return await ask_checked(
        say(f"chat_admin_ask_{field.name}", language),
        translated(field, services, language),
        language,
    )


async def refill(
    services: Services, fields: list[Field], answers: dict[str, Any], language: Language
) -> bool:
    """Check every typed answer again and ask again those the registry now refuses.

    False when it refuses none of them: then asking again would change nothing.
    """
    asked = False
    for field in fields:
        check = translated(field, services, language)
        try:
            await asyncio.to_thread(check, _as_typed(answers[field.name]))
        except ValueError as exc:
            await send(inert_markdown(str(exc)))
            answers[field.name] = await ask_field(services, field, language)
            asked = True
    return asked


def _as_typed(value: Any) -> str:
    """A checked answer as it could have been typed, to check it again."""
    if isinstance(value, list):
        return ", ".join(value) or NONE
    return str(value)


async def pick_many(prompt: str, choices: list[tuple[str, str]], language: Language) -> list[str]:
    """The values of the buttons pressed one after another, until "done" or none are left."""
    picked: list[str] = []
    left = list(choices)
    while left:
        chosen = ", ".join(dict(choices)[value] for value in picked) or say(
            "chat_admin_none", language
        )
        question = (
            f"{prompt}\n\n{say('chat_admin_chosen', language, chosen=inert_markdown(chosen))}"
        )
        offered = [*left[:MAX_BUTTONS], (DONE, say("chat_admin_done", language))]
        value = await ask_choice(question, offered, language)
        if value == DONE:
            break
        picked.append(value)
        left = [(v, text) for v, text in left if v != value]
    return picked


def ended(exc: FlowStopped | ArenaError, user: Person, language: Language) -> str:
    """Why a coordinator's flow stopped: cancelled or timed out, refused, or a registry error."""
    if isinstance(exc, FlowStopped):
        return exc.message(language)
    if isinstance(exc, PermissionDeniedError):
        return not_allowed(user, language)
    return sorry(exc, language)


async def send_once(text: str) -> None:
    """Show a message that is never written to the kept conversation: it is gone on reload."""
    message = cl.Message(content=text)
    message.persisted = True  # Chainlit stores only messages not yet persisted
    await message.send()


def _validated(model: Any, **values: Any) -> Any:
    try:
        return model(**values)
    except ValidationError as exc:
        raise InvalidInputError(first_error(exc)) from None


async def _gate(name: str, language: Language) -> bool:
    choices = [
        ("add", say(f"chat_admin_add_{name}", language)),
        ("skip", say("chat_admin_skip", language)),
    ]
    return (
        await ask_choice(say(f"chat_admin_ask_{name}_gate", language), choices, language) == "add"
    )


def organisation_choices(services: Services) -> list[tuple[str, str]]:
    """Every registered organisation as a button: its id, its name."""
    rows = in_session(services, lambda s: organisations.list_organisations(session=s))
    return [(str(o.id), o.name) for o in rows]


# A person ----------------------------------------------------------------------------------------

PERSON_FIELDS = [
    Field(
        "name",
        lambda _s, text: people.check_person_name(text),
        ((InvalidInputError, "chat_admin_bad_name"),),
    ),
    Field(
        "email",
        lambda services, text: in_session(
            services, lambda s: people.check_new_email(session=s, email=text)
        ),
        (
            (AlreadyExistsError, "chat_admin_email_taken"),
            (InvalidInputError, "chat_admin_bad_email"),
        ),
    ),
]


def save_person(services: Services, email: str, answers: dict[str, Any], password: str) -> Person:
    """Add the person through the registry, as the signed-in user (coordinators only)."""
    organisation = answers.get("organisation")
    data = _validated(
        PersonCreate,
        name=answers["name"],
        email=answers["email"],
        role=answers["role"],
        organisation_id=int(organisation) if organisation else None,
    )
    with open_session(services.engine) as session:
        user = people.active_person(session=session, email=email)
        person = people.create_person_as(session=session, user=user, data=data, password=password)
        session.commit()
    return person


async def add_person(services: Services, email: str, language: Language) -> None:
    """Ask for a new user's name, e-mail, organisation and role; add them with a new password."""
    user = await permitted(services, email, language, people.require_people_admin)
    if user is None:
        return
    try:
        await send(say("chat_admin_person_intro", language))
        answers = {f.name: await ask_field(services, f, language) for f in PERSON_FIELDS}
        choices = (await asyncio.to_thread(organisation_choices, services))[:MAX_BUTTONS]
        choices.append(("", say("chat_admin_no_organisation", language)))
        answers["organisation"] = await ask_choice(
            say("chat_admin_ask_organisation", language), choices, language
        )
        roles = [(role.value, label("role", role, language)) for role in Role]
        answers["role"] = await ask_choice(say("chat_admin_ask_role", language), roles, language)
        password = people.new_password()
        while True:
            try:
                person = await asyncio.to_thread(save_person, services, email, answers, password)
                break
            except AlreadyExistsError:
                if not await refill(services, PERSON_FIELDS, answers, language):
                    raise
    except (FlowStopped, ArenaError) as exc:
        await send(ended(exc, user, language))
        return
    names = dict(choices)
    await send(
        say(
            "chat_admin_person_added",
            language,
            name=inert_markdown(person.name),
            email=person.email,
            role=label("role", person.role, language),
            organisation=inert_markdown(names[picked])
            if (picked := answers["organisation"])
            else "–",
        )
    )
    await send_once(say("chat_admin_password", language, email=person.email, password=password))


# An organisation ------------------------------------------------------------------------------

ORGANISATION_FIELDS = [
    Field(
        "org_name",
        lambda services, text: in_session(
            services, lambda s: organisations.check_new_organisation(session=s, name=text)
        ),
        (
            (AlreadyExistsError, "chat_admin_org_taken"),
            (InvalidInputError, "chat_admin_bad_name"),
        ),
    ),
]
NUMBER = Field(
    "number",
    lambda services, text: in_session(
        services, lambda s: organisations.check_new_number(session=s, number=text)
    ),
    (
        (AlreadyExistsError, "chat_admin_number_taken"),
        (InvalidInputError, "chat_admin_bad_number"),
    ),
)
ALIASES = Field(
    "aliases",
    lambda services, text: in_session(
        services,
        lambda s: (
            []
            if text == NONE
            else organisations.check_new_aliases(session=s, aliases=split_names(text))
        ),
    ),
    ((AlreadyExistsError, "chat_admin_org_taken"), (InvalidInputError, "chat_admin_bad_alias")),
)


def save_organisation(services: Services, email: str, answers: dict[str, Any]) -> Any:
    """Register the organisation through the registry, as the signed-in user.

    The registry lets every signed-in user register an organisation (a declaration names
    its counterparts); the log records who did.
    """
    data = _validated(
        OrganisationCreate,
        name=answers["org_name"],
        kind=answers["kind"],
        org_number=answers.get("number"),
        aliases=answers.get("aliases") or [],
    )
    with open_session(services.engine) as session:
        user = people.active_person(session=session, email=email)
        organisation = organisations.create_organisation(
            session=session, data=data, actor=user.email
        )
        session.commit()
    return organisation


async def add_organisation(services: Services, email: str, language: Language) -> None:
    """Ask for an organisation's name, kind and, if known, number and other names; register it."""
    user = await permitted(services, email, language, lambda _user: None)
    if user is None:
        return
    fields = list(ORGANISATION_FIELDS)
    try:
        await send(say("chat_admin_org_intro", language))
        answers = {f.name: await ask_field(services, f, language) for f in fields}
        kinds = [(kind.value, label("org", kind, language)) for kind in OrgKind]
        answers["kind"] = await ask_choice(say("chat_admin_ask_kind", language), kinds, language)
        for extra in (NUMBER, ALIASES):
            if await _gate(extra.name, language):
                answers[extra.name] = await ask_field(services, extra, language)
                fields.append(extra)
        while True:
            try:
                organisation = await asyncio.to_thread(save_organisation, services, email, answers)
                break
            except AlreadyExistsError:
                if not await refill(services, fields, answers, language):
                    raise
    except FlowStopped as stop:
        await send(stop.message(language))
        return
    except ArenaError as exc:
        await send(sorry(exc, language))
        return
    await send(
        say(
            "chat_admin_org_added",
            language,
            name=inert_markdown(organisation.name),
            kind=label("org", organisation.kind, language),
        )
    )
