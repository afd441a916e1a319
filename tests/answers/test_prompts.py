"""Prompt files: present in both languages, with exactly the placeholders the code fills in."""

from __future__ import annotations

import pytest

from assistant.answers.chain import PROMPT_VARIABLES
from assistant.answers.prompts import PROMPTS_DIR, load_prompt, placeholders
from assistant.errors import ConfigError


@pytest.mark.parametrize("kind", sorted(PROMPT_VARIABLES))
@pytest.mark.parametrize("language", ["no", "en"])
def test_placeholders_match_what_the_chain_fills_in(kind: str, language: str) -> None:
    assert placeholders(load_prompt(f"{kind}_{language}")) == PROMPT_VARIABLES[kind]


def test_every_prompt_file_is_used() -> None:
    names = {p.stem for p in PROMPTS_DIR.glob("*.md")}
    assert names == {f"{kind}_{lang}" for kind in PROMPT_VARIABLES for lang in ("no", "en")}


def test_unknown_or_unsafe_prompt_names_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_prompt("nope")
    with pytest.raises(ConfigError, match="lower-case"):
        load_prompt("../pyproject")
