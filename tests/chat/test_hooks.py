"""The Chainlit hooks, and what importing, registering and loading the chat does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest

from assistant.chat import hooks
from assistant.services import Services
from tests.chat.conftest import Arena

REPO = Path(__file__).resolve().parents[2]
CHAT = REPO / "assistant" / "chat"


class FakeMessage:
    """Stands in for cl.Message: records what would be sent."""

    sent: ClassVar[list[FakeMessage]] = []

    def __init__(self, content: str = "", actions: list[Any] | None = None) -> None:
        self.content, self.actions, self.command = content, actions or [], None

    async def send(self) -> FakeMessage:
        FakeMessage.sent.append(self)
        return self


async def test_handler_sends_review_buttons_and_passes_questions_on(
    login_services: Services, arena: Arena, monkeypatch: pytest.MonkeyPatch
) -> None:
    FakeMessage.sent = []
    monkeypatch.setattr(hooks.cl, "Message", FakeMessage)
    monkeypatch.setattr(hooks, "get_services", lambda: login_services)
    monkeypatch.setattr(hooks, "_signed_in_email", lambda: "ola@arena.no")

    assert not await hooks.handle_registry_message(FakeMessage("Hva er arenaen?"))  # type: ignore[arg-type]
    assert FakeMessage.sent == []
    assert await hooks.handle_registry_message(FakeMessage(f"/review {arena.waiting}"))  # type: ignore[arg-type]
    (reply,) = FakeMessage.sent
    assert "Per Partner" in reply.content
    assert [a.payload["decision"] for a in reply.actions][:2] == ["no_conflict", "disclose_only"]
    assert all(a.name == hooks.REVIEW_ACTION for a in reply.actions)


# Import, registration and loading, each in a fresh interpreter -----------------------------

_PROBE = """
import json, os, sys
before = dict(os.environ)
{action}
from chainlit.config import config
code = config.code
print(json.dumps({{
    "environment_changed": sorted(k for k in set(before) | set(os.environ)
                                  if before.get(k) != os.environ.get(k)),
    "password_login": code.password_auth_callback is not None,
    "on_message": code.on_message is not None,
    "on_chat_start": code.on_chat_start is not None,
    "actions": sorted(code.action_callbacks),
}}))
"""
_IMPORT_ALL = """
import importlib, pkgutil, assistant.chat
for module in pkgutil.iter_modules(assistant.chat.__path__):
    if module.name != "app":  # the file Chainlit loads; see the loading tests below
        importlib.import_module(f"assistant.chat.{module.name}")
"""
_LOAD_AS_CHAINLIT_DOES = """
from chainlit.config import load_module
load_module(sys.argv[1])
"""


def _probe(action: str, tmp_path: Path, chat_login: bool) -> dict[str, Any]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ARENA_", "CHAINLIT_AUTH"))},
        "ARENA_DATA_DIR": str(tmp_path / "data"),
        "ARENA_CHAT_LOGIN": str(chat_login).lower(),
        "CHAINLIT_TELEMETRY": "false",
    }
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.format(action=action), str(CHAT / "app.py")],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("chat_login", [False, True])
def test_importing_the_chat_modules_does_nothing(tmp_path: Path, chat_login: bool) -> None:
    state = _probe(_IMPORT_ALL, tmp_path, chat_login)
    assert state == {
        "environment_changed": [],
        "password_login": False,
        "on_message": False,
        "on_chat_start": False,
        "actions": [],
    }
    assert not (tmp_path / "data").exists()  # no secret was made


def test_loading_the_chat_without_login_registers_the_hooks_but_no_sign_in(
    tmp_path: Path,
) -> None:
    state = _probe(_LOAD_AS_CHAINLIT_DOES, tmp_path, chat_login=False)
    assert state["password_login"] is False
    assert state["on_message"]
    assert state["on_chat_start"]
    assert state["actions"] == [hooks.REVIEW_ACTION]
    assert "CHAINLIT_AUTH_SECRET" not in state["environment_changed"]
    assert not (tmp_path / "data" / "chainlit_auth_secret").exists()


def test_loading_the_chat_with_login_registers_sign_in_and_hands_chainlit_the_secret(
    tmp_path: Path,
) -> None:
    state = _probe(_LOAD_AS_CHAINLIT_DOES, tmp_path, chat_login=True)
    assert state["password_login"] is True
    assert state["on_message"]
    assert state["on_chat_start"]
    assert "CHAINLIT_AUTH_SECRET" in state["environment_changed"]
    assert (tmp_path / "data" / "chainlit_auth_secret").is_file()


def test_no_chat_module_reads_the_environment() -> None:
    """Only assistant.config reads or sets environment variables."""
    for path in sorted(CHAT.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "os.environ" not in text, path.name
        assert "getenv" not in text, path.name
