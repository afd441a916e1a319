"""What the declaration flow shows: one's declaration with its status and interests, the
choices it offers, and the registry's refusals in the user's words.

Pure functions: records and errors in, Markdown and labels out. What may be done next is the
workflow's (`OwnDeclaration.allows`); this module only words it.
"""

from __future__ import annotations

from assistant.chat.markdown_safety import inert_markdown
from assistant.chat.registry_markdown import interests_markdown, label, sorry
from assistant.errors import ArenaError
from assistant.i18n import Language, say
from assistant.registry.declaring import InterestFieldError, OwnDeclaration
from assistant.registry.errors import (
    AlreadyExistsError,
    PermissionDeniedError,
    StaleVersionError,
    TransitionError,
)
from assistant.registry.models import Interest, Status
from assistant.registry.workflow import Step

_DATE_BOUNDS = ("greater_than_equal", "less_than_equal")


def card_markdown(
    own: OwnDeclaration, names: dict[int | None, str], language: Language, note: str = ""
) -> str:
    """The declaration as it stands (or that there is none), under `note` (what just happened)."""
    parts = [note] if note else []
    declaration = own.declaration
    if declaration is None:
        parts.append(say("chat_declare_none_open", language))
        return "\n\n".join(parts)
    status = label("status", declaration.status, language)
    parts.append(
        say(
            "chat_declare_card",
            language,
            id=declaration.id,
            status=status,
            version=declaration.version,
        )
    )
    parts.append(interests_markdown(own.interests, names, language))
    return "\n\n".join(parts)


def menu_choices(own: OwnDeclaration, language: Language) -> list[tuple[str, str]]:
    """What may be done next, as (value, label); empty while the declaration awaits review."""
    choices: list[tuple[str, str]] = []
    if own.allows(Step.change):
        choices.append(("add", say("chat_declare_add", language)))
        if own.interests:
            choices.append(("change", say("chat_declare_change", language)))
            choices.append(("remove", say("chat_declare_remove", language)))
    if own.allows(Step.submit):
        choices.append(("submit", say("chat_declare_submit", language)))
    if choices:
        key = "chat_declare_finish" if own.declaration is not None else "chat_declare_leave"
        choices.append(("finish", say(key, language)))
    return choices


def finish_text(own: OwnDeclaration, language: Language) -> str:
    """What finishing leaves: a saved draft to submit later, an approval untouched, or nothing."""
    declaration = own.declaration
    if declaration is None:
        return say("chat_declare_nothing_saved", language)
    status = label("status", declaration.status, language)
    approved = declaration.status == Status.approved
    key = "chat_declare_saved_approved" if approved else "chat_declare_saved"
    return say(key, language, id=declaration.id, status=status)


def interest_label(
    n: int, interest: Interest, names: dict[int | None, str], language: Language
) -> str:
    """An interest on a button: its number in the list, its kind and its counterpart."""
    organisation = names.get(interest.organisation_id)
    at = say("chat_declare_at", language, organisation=organisation) if organisation else ""
    category = label("category", interest.category, language)
    return say("chat_declare_interest_label", language, n=n, category=category, at=at)


def interest_choices(
    own: OwnDeclaration, names: dict[int | None, str], language: Language
) -> list[tuple[str, str]]:
    """The declaration's interests as buttons (value: the interest's id), to remove or change."""
    return [
        (str(interest.id), interest_label(n, interest, names, language))
        for n, interest in enumerate(own.interests, 1)
    ]


def field_name(name: str, language: Language) -> str:
    return say(f"chat_declare_field_{name}", language)


def field_problem(exc: InterestFieldError, language: Language) -> str:
    """A value the registry refused, in one line of the user's language."""
    field = field_name(exc.field, language) if exc.field else ""
    if exc.kind == "date_order":
        return say("chat_declare_date_order", language)
    if exc.field in ("starts_on", "ends_on") and exc.kind in _DATE_BOUNDS:
        return say("chat_declare_date_range", language, field=field)
    if exc.kind.startswith("date"):
        return say("chat_declare_bad_date", language, field=field)
    if exc.kind == "string_too_long":
        return say("chat_declare_too_long", language, field=field, limit=exc.limit)
    if exc.kind == "too_long":
        return say("chat_declare_too_many", language, field=field, limit=exc.limit)
    detail = " ".join(inert_markdown(str(exc)).split())
    return say("chat_declare_bad_value", language, field=field or "—", error=detail)


def refusal(exc: ArenaError, language: Language) -> str:
    """Any refusal of the registry as one line: the known kinds in the user's words, the rest
    with the service's own message."""
    if isinstance(exc, InterestFieldError):
        return field_problem(exc, language)
    if isinstance(exc, StaleVersionError):
        return say("chat_declare_stale", language)
    if isinstance(exc, TransitionError):
        return say("chat_declare_not_now", language)
    if isinstance(exc, AlreadyExistsError):
        return say("chat_declare_exists", language)
    if isinstance(exc, PermissionDeniedError):
        return say("chat_declare_not_yours", language)
    return sorry(exc, language)
