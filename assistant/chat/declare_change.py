"""Changing an interest in the declaration flow: which interest, which field, its new value.

The value is asked as adding asks it (`declare_fields.ask_field`) and saved through
`declaring.change_interest`, the API's checks and workflow: an approved declaration so changed
needs review again, as the registry decides. A value the registry refuses is told above the
same question, asked again; any other refusal ends the step with the declaration shown afresh.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlmodel import Session

from assistant.chat.declare_fields import ASKED, EXTRAS, ask_field
from assistant.chat.declare_markdown import field_name, interest_choices, refusal
from assistant.chat.flow import ask_choice
from assistant.errors import ArenaError
from assistant.i18n import Language, say
from assistant.registry import declaring
from assistant.registry.declaring import InterestFieldError, OwnDeclaration
from assistant.registry.models import Person
from assistant.services import Services

Work = Callable[[Session, Person], object]
Run = Callable[[Work], Awaitable[ArenaError | None]]  # one registry step: its refusal, or None
FIELDS = (*ASKED, *EXTRAS)  # what adding asks, in the same order
KEEP = "keep"


def change(
    declaration_id: int, interest_id: int, field: str, value: Any, version: int | None
) -> Work:
    """The step that changes one field of one interest of the declaration shown."""

    def work(session: Session, viewer: Person) -> object:
        return declaring.change_interest(
            session=session,
            viewer=viewer,
            declaration_id=declaration_id,
            interest_id=interest_id,
            field=field,
            value=value,
            expected_version=version,
        )

    return work


async def change_step(
    services: Services,
    own: OwnDeclaration,
    names: dict[int | None, str],
    language: Language,
    run: Run,
) -> str:
    """Pick an interest and one of its fields, ask the new value and save it; the note to show
    above the declaration ('' when nothing was picked)."""
    declaration = own.declaration
    keep = (KEEP, say("chat_declare_change_none", language))
    choices = [*interest_choices(own, names, language), keep]
    picked = await ask_choice(say("chat_declare_ask_change", language), choices, language)
    if picked == KEEP or declaration is None or declaration.id is None:
        return ""
    fields = [(name, field_name(name, language)) for name in FIELDS]
    field = await ask_choice(
        say("chat_declare_ask_change_field", language), [*fields, keep], language
    )
    if field == KEEP:
        return ""
    note = ""
    while True:
        value = await ask_field(services, field, language, note)
        step = change(declaration.id, int(picked), field, value, declaration.version)
        error = await run(step)
        if error is None:
            return say("chat_declare_changed", language)
        if not isinstance(error, InterestFieldError):  # stale, not allowed now, gone: shown afresh
            return refusal(error, language)
        note = refusal(error, language)
