"""Prompt files in prompts/, loaded by name, with a check of the placeholders they expect."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

from assistant.errors import ConfigError
from assistant.i18n import Language

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"


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


def prompt_for(kind: str, language: Language) -> str:
    """The prompt of a kind ('answer', 'condense') in the question's language."""
    return load_prompt(f"{kind}_{language}")
