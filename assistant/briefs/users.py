"""Who a need is about: the patient and user groups it names, in Norwegian or English."""

from __future__ import annotations

import re

from assistant.i18n import Language

# Word stems naming the people health services serve, and how a brief names each group.
# Prefix matches, so "pasientene", "brukernes" and "patients'" count; staff are not users here.
_GROUPS: tuple[tuple[re.Pattern[str], dict[Language, str]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), names)
    for pattern, names in (
        (r"\b(pasient|patient)", {"no": "pasienter", "en": "patients"}),
        (r"\b(pårørend|relatives?\b|next of kin|carers?\b|family members?)", {"no": "pårørende", "en": "relatives"}),
        (r"\b(bruker(?!grensesnitt)|users?\b|service users?)", {"no": "brukere", "en": "users"}),
        (r"\b(innbygger|citizens?\b|residents?\b)", {"no": "innbyggere", "en": "citizens"}),
        (r"\b(beboer|tjenestemottaker|care recipients?)", {"no": "tjenestemottakere", "en": "care recipients"}),
        (r"\b(eldre\b|older (?:people|adults)|the elderly)", {"no": "eldre", "en": "older people"}),
    )
)  # fmt: skip


def user_groups(text: str, language: Language) -> list[str]:
    """The patient and user groups a text names, in `language`, in a fixed order."""
    return [names[language] for pattern, names in _GROUPS if pattern.search(text)]


def concerns_users(text: str) -> bool:
    """Whether a need is about patients, users or others the services serve."""
    return any(pattern.search(text) for pattern, _ in _GROUPS)
