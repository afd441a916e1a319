"""The request's language: the one language detector, and the user-facing strings in no and en."""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["no", "en"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_BROKEN_WORD = re.compile(r"(\w)- (?=\w)")

# Function words decide, not letters: an English question may name "Sørlandet" or "Tromsø".
# "for" is in both lists on purpose: it is common in both languages and so decides nothing.
_ENGLISH = frozenset(
    (
        "a",
        "about",
        "according",
        "after",
        "also",
        "an",
        "and",
        "are",
        "between",
        "by",
        "can",
        "did",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "is",
        "its",
        "not",
        "of",
        "on",
        "or",
        "some",
        "that",
        "the",
        "their",
        "these",
        "this",
        "those",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "you",
    )
)
_NORWEGIAN = frozenset(
    (
        "av",
        "ble",
        "blir",
        "de",
        "den",
        "det",
        "dette",
        "disse",
        "du",
        "eller",
        "en",
        "er",
        "et",
        "etter",
        "for",
        "fra",
        "har",
        "hva",
        "hvem",
        "hvilke",
        "hvilken",
        "hvilket",
        "hvor",
        "hvordan",
        "hvorfor",
        "i",
        "ifølge",
        "ikke",
        "jeg",
        "kan",
        "korleis",
        "kva",
        "kven",
        "med",
        "mellom",
        "må",
        "noen",
        "når",
        "og",
        "også",
        "om",
        "på",
        "seg",
        "sin",
        "sine",
        "skal",
        "som",
        "til",
        "var",
        "vi",
        "å",
    )
)


def detect_language(text: str) -> Language:
    """Norwegian or English, by which language's function words the text uses more.

    A tie (no function words, or as many of each) is Norwegian: the arena's first language.
    """
    tokens = _WORD.findall(_BROKEN_WORD.sub(r"\1", text.lower()))
    english = sum(token in _ENGLISH for token in tokens)
    norwegian = sum(token in _NORWEGIAN for token in tokens)
    return "en" if english > norwegian else "no"


def browser_language(tag: str | None) -> Language:
    """The web app's language for the browser's (`nb-NO`, `nn`, `en-GB`, `de-DE` ...).

    Norwegian for Norwegian browsers (bokmål, nynorsk, "no"), English for every other, as
    Chainlit's own words fall back to English when no translation matches. No tag at all (a
    client that sends none) is Norwegian, the arena's first language.
    """
    code = (tag or "").strip().lower()
    if not code:
        return "no"
    return "no" if code.split("-")[0] in {"nb", "nn", "no"} else "en"


# User-facing strings, Norwegian and English, by key. Each part of the product keeps its own
# table in this package, so one place holds every word a user reads and a test checks both.
Strings = dict[str, dict[Language, str]]


def string_tables() -> tuple[Strings, ...]:
    """Every table of user-facing strings, one per part of the product."""
    from assistant.i18n.answers import ANSWER_STRINGS
    from assistant.i18n.brief_checks import BRIEF_CHECK_STRINGS
    from assistant.i18n.brief_render import BRIEF_RENDER_STRINGS
    from assistant.i18n.briefs import BRIEF_STRINGS
    from assistant.i18n.chat import CHAT_STRINGS
    from assistant.i18n.chat_admin import CHAT_ADMIN_STRINGS
    from assistant.i18n.chat_briefs import CHAT_BRIEF_STRINGS
    from assistant.i18n.chat_declare import CHAT_DECLARE_STRINGS
    from assistant.i18n.chat_roles import CHAT_ROLE_STRINGS
    from assistant.i18n.knowledge_gaps import KNOWLEDGE_GAP_STRINGS

    return (
        ANSWER_STRINGS,
        CHAT_STRINGS,
        CHAT_BRIEF_STRINGS,
        CHAT_DECLARE_STRINGS,
        CHAT_ROLE_STRINGS,
        CHAT_ADMIN_STRINGS,
        BRIEF_STRINGS,
        BRIEF_CHECK_STRINGS,
        BRIEF_RENDER_STRINGS,
        KNOWLEDGE_GAP_STRINGS,
    )


def say(key: str, language: Language, **values: object) -> str:
    """The user-facing string `key` in `language`, with `{placeholders}` filled from values."""
    for table in string_tables():
        if key in table:
            return table[key][language].format(**values) if values else table[key][language]
    raise KeyError(f"No user-facing string '{key}'")
