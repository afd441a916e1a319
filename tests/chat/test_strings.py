"""Every word the chat shows comes from CHAT_STRINGS, and every chat string is in use."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.chat.commands import COMPOSER_COMMANDS
from assistant.i18n import string_tables
from assistant.i18n.chat import CHAT_STRINGS

CHAT = Path(__file__).resolve().parents[2] / "assistant" / "chat"
_KEY = re.compile(r"""say\(\s*["'](chat_\w+)["']""")
_TABLE = re.compile(r"""headers\(\s*["'](\w+)["']""")


def _sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(CHAT.glob("*.py")))


def _used_keys() -> set[str]:
    text = _sources()
    keys = set(_KEY.findall(text))
    keys |= {f"chat_columns_{table}" for table in _TABLE.findall(text)}
    keys |= {f"chat_command_{word}" for word, _ in COMPOSER_COMMANDS}
    # Keys chosen at run time: `say("a" if ... else "b", ...)`.
    keys |= set(re.findall(r"""["'](chat_\w+)["']\s+if\b""", text))
    keys |= set(re.findall(r"""\belse\s+["'](chat_\w+)["']""", text))
    return keys


def test_every_key_the_chat_uses_exists() -> None:
    assert _used_keys() - {key for table in string_tables() for key in table} == set()


def test_every_chat_string_is_used() -> None:
    assert set(CHAT_STRINGS) - _used_keys() == set()  # the flows' table: test_flow_strings


def test_no_norwegian_text_is_left_in_the_chat_modules() -> None:
    """Norwegian letters may appear in command words only, never in a sentence a user reads."""
    allowed = {word for word, _ in COMPOSER_COMMANDS} | {"erklæringer", "gjennomgå"}
    allowed |= {f"/{word}" for word in allowed}  # the starters send them
    for path in sorted(CHAT.glob("*.py")):
        for literal in re.findall(r'"([^"\n]*[æøåÆØÅ][^"\n]*)"', path.read_text(encoding="utf-8")):
            assert literal in allowed, f"{path.name}: {literal!r} belongs in CHAT_STRINGS"
