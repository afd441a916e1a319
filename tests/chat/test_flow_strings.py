"""Every string of the chat's flows (briefs, uploads) exists, and every one is in use."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.chat import briefs
from assistant.chat.commands import COMPOSER_COMMANDS, FLOWS
from assistant.i18n import say
from assistant.i18n.chat_briefs import CHAT_BRIEF_STRINGS
from ingest.indexing import IngestReport

CHAT = Path(__file__).resolve().parents[2] / "assistant" / "chat"
FLOW_MODULES = ("briefs.py", "brief_markdown.py", "uploads.py", "flow.py")
_KEY = re.compile(r"""["'](chat_\w+)["']""")  # a key literal, said here or handed on
INGEST_STATES = ("start", *(name for name in ("added", "updated", "unchanged", "failed")))


def _used() -> set[str]:
    text = "\n".join((CHAT / name).read_text(encoding="utf-8") for name in FLOW_MODULES)
    keys = set(_KEY.findall(text))
    # Keys built at run time from the flows' own lists.
    keys |= {f"chat_briefs_{part}_{name}" for part in ("field", "ask") for name in briefs.FIELDS}
    keys |= {f"chat_briefs_{part}_{name}" for part in ("add", "ask") for name in briefs.GATED}
    keys |= {f"chat_briefs_ask_{name}_gate" for name in briefs.GATED}
    keys |= {f"chat_uploads_state_{state}" for state in INGEST_STATES}
    keys |= {f"chat_uploads_{state}" for state in ("added", "updated", "unchanged")}
    keys |= {"chat_flow_cancelled", "chat_flow_timeout"}
    keys |= {f"chat_command_{word}" for word in ("brief", "lastopp")}
    return keys


def test_every_flow_string_is_used_and_every_used_one_exists() -> None:
    used = _used()
    assert set(CHAT_BRIEF_STRINGS) - used == set()
    for key in used:
        assert say(key, "no"), key  # a key no table has is a KeyError


def test_each_state_the_indexer_reports_has_words() -> None:
    statuses = {"added", "updated", "unchanged", "failed"}
    assert statuses <= set(IngestReport.__dataclass_fields__)
    for state in INGEST_STATES:
        assert say(f"chat_uploads_state_{state}", "en")


def test_each_flow_is_offered_with_a_description() -> None:
    """The composer lists one word per flow (its English twin and spellings are typed)."""
    offered = {word for word, _ in COMPOSER_COMMANDS}
    for flow in {name for name, _ in FLOWS.values()}:
        words = [w for w, (name, _) in FLOWS.items() if name == flow and w in offered]
        assert len(words) == 1, flow
        assert say(f"chat_command_{words[0]}", "no")
