"""Prompt files in prompts/, loaded by name, and the language a question is written in."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Literal

from assistant.errors import ConfigError

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"

Language = Literal["no", "en"]

_NORWEGIAN_HINTS = frozenset(
    [
        "og",
        "i",
        "er",
        "det",
        "som",
        "på",
        "til",
        "av",
        "for",
        "med",
        "ikke",
        "en",
        "et",
        "har",
        "de",
        "den",
        "å",
        "hva",
        "hvilke",
        "hvilken",
        "hvordan",
        "hvem",
        "hvor",
        "hvorfor",
        "når",
        "kan",
        "skal",
        "blir",
        "ble",
        "var",
        "også",
        "eller",
        "om",
        "fra",
        "sin",
        "sine",
        "seg",
        "vi",
        "du",
        "jeg",
        "dette",
        "disse",
        "noen",
        "kva",
        "korleis",
        "kven",
        "ifølge",
        "mellom",
        "etter",
    ]
)
_ENGLISH_HINTS = frozenset(
    [
        "the",
        "and",
        "is",
        "are",
        "of",
        "to",
        "in",
        "for",
        "with",
        "not",
        "a",
        "an",
        "has",
        "have",
        "what",
        "which",
        "how",
        "who",
        "where",
        "why",
        "when",
        "can",
        "will",
        "was",
        "were",
        "also",
        "or",
        "about",
        "from",
        "its",
        "their",
        "we",
        "you",
        "this",
        "these",
        "some",
        "according",
        "between",
        "does",
        "do",
        "did",
        "after",
    ]
)


@lru_cache(maxsize=32)
def load_prompt(name: str) -> str:
    """The text of prompts/<name>.md; an unknown name is a ConfigError."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ConfigError(f"Prompt name '{name}' must be lower-case letters, digits and _")
    path = PROMPTS_DIR / f"{name}.md"
    if not path.is_file():
        raise ConfigError(f"Prompt '{name}' not found: expected {path}")
    return path.read_text(encoding="utf-8")


def placeholders(template: str) -> set[str]:
    """The `{names}` a prompt template expects to be filled in."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def detect_language(text: str) -> Language:
    """Norwegian or English, by letters and function words; Norwegian wins a tie."""
    lowered = text.lower()
    if re.search(r"[æøå]", lowered):
        return "no"
    tokens = re.findall(r"[a-z]+", lowered)
    norwegian = sum(t in _NORWEGIAN_HINTS for t in tokens)
    english = sum(t in _ENGLISH_HINTS for t in tokens)
    return "en" if english > norwegian else "no"


def prompt_for(kind: str, language: Language) -> str:
    """The prompt of a kind ('answer', 'condense') in the question's language."""
    return load_prompt(f"{kind}_{language}")
