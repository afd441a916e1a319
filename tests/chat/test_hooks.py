"""The Chainlit hooks, and what importing, registering and loading the chat does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import chainlit as cl
import pytest
from sqlmodel import Session

from assistant.chat import admin, briefs, declare, gaps, hooks, login
from assistant.i18n import say
from assistant.registry import people, reviews
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


# A sign-in that has ended gets one message and nothing else -------------------------------


class FakeUserSession:
    def __init__(self, user: cl.User) -> None:
        self.user = user

    def get(self, key: str, default: Any = None) -> Any:
        return self.user if key == "user" else default


@pytest.fixture
def signed_in_as(
    login_services: Services, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], list[str]]:
    """Make the hooks see `email` signed in just now; returns the list of closed sessions."""
    FakeMessage.sent = []
    closed: list[str] = []

    async def close_socket() -> None:
        closed.append("closed")

    monkeypatch.setattr(hooks.cl, "Message", FakeMessage)
    monkeypatch.setattr(hooks, "get_services", lambda: login_services)
    monkeypatch.setattr(login, "get_services", lambda: login_services)
    monkeypatch.setattr(login, "_close_socket", close_socket)

    def sign_in(email: str) -> list[str]:
        user = cl.User(identifier=email, metadata={login.SIGNED_IN_AT: int(time.time())})
        monkeypatch.setattr(hooks.cl, "user_session", FakeUserSession(user))
        return closed

    return sign_in


def _deactivate(session: Session, person_id: int) -> None:
    person = people.get_person(session=session, person_id=person_id)
    people.deactivate_person(session=session, person=person, actor="test")
    session.commit()


async def test_a_deactivated_user_is_told_once_and_the_session_ends(
    signed_in_as: Callable[[str], list[str]],
    arena: Arena,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answered: list[str] = []

    async def answer_question(message: FakeMessage) -> None:
        answered.append(message.content)

    monkeypatch.setattr(hooks, "answer_question", answer_question)
    closed = signed_in_as("kari@ous.no")
    await hooks.on_message(FakeMessage("Hva er arenaen?"))  # type: ignore[arg-type]
    assert answered == ["Hva er arenaen?"]
    assert closed == []
    assert FakeMessage.sent == []

    _deactivate(session, arena.world.partner)
    for text in ("Hva er budsjettet?", "/erklæringer"):
        await hooks.on_message(FakeMessage(text))  # type: ignore[arg-type]
    assert answered == ["Hva er arenaen?"], "no answer after deactivation"
    assert [m.content for m in FakeMessage.sent] == [
        say("chat_session_deactivated", "no", email="kari@ous.no")
    ] * 2
    assert closed == ["closed", "closed"]


async def test_a_deactivated_coordinators_button_records_nothing(
    signed_in_as: Callable[[str], list[str]],
    arena: Arena,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the reasoning was asked for")

    monkeypatch.setattr(hooks.cl, "AskUserMessage", never)
    closed = signed_in_as("ola@arena.no")
    _deactivate(session, arena.world.coordinator)
    payload = {"declaration_id": arena.waiting, "version": 1, "outcome": "returned"}
    await hooks.on_review_action(cl.Action(name=hooks.REVIEW_ACTION, payload=payload))
    assert [m.content for m in FakeMessage.sent] == [
        say("chat_session_deactivated", "no", email="ola@arena.no")
    ]
    assert closed == ["closed"]
    assert reviews.reviews_of(session=session, declaration_id=arena.waiting) == []


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
    "shared_view": code.on_shared_thread_view is not None,
    "session_seconds": config.project.user_session_timeout,
    "routes_check_sign_in": "chainlit.server" in sys.modules
    and bool(sys.modules["chainlit.server"].app.dependency_overrides),
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


def _probe(action: str, tmp_path: Path, chat_login: bool, **settings: str) -> dict[str, Any]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ARENA_", "CHAINLIT_AUTH"))},
        "ARENA_DATA_DIR": str(tmp_path / "data"),
        "ARENA_CHAT_LOGIN": str(chat_login).lower(),
        "CHAINLIT_TELEMETRY": "false",
        **{f"ARENA_{name.upper()}": value for name, value in settings.items()},
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
    state = _probe(_IMPORT_ALL, tmp_path, chat_login, session_hours="3")
    assert state == {
        "environment_changed": [],
        "password_login": False,
        "on_message": False,
        "on_chat_start": False,
        "actions": [],
        "shared_view": False,
        "session_seconds": 8 * 3600,  # .chainlit/config.toml's, untouched
        "routes_check_sign_in": False,
    }
    assert not (tmp_path / "data").exists()  # no secret was made


def test_loading_the_chat_without_login_registers_the_hooks_but_no_sign_in(
    tmp_path: Path,
) -> None:
    state = _probe(_LOAD_AS_CHAINLIT_DOES, tmp_path, chat_login=False)
    assert state["password_login"] is False
    assert state["on_message"]
    assert state["on_chat_start"]
    assert state["actions"] == sorted(
        [hooks.REVIEW_ACTION, *briefs.ACTIONS, *declare.ACTIONS, *admin.ACTIONS, *gaps.ACTIONS]
    )
    assert state["shared_view"] is False  # no stored conversations to show
    assert "CHAINLIT_AUTH_SECRET" not in state["environment_changed"]
    assert not (tmp_path / "data" / "chainlit_auth_secret").exists()
    assert state["routes_check_sign_in"] is False


def test_loading_the_chat_with_login_registers_sign_in_and_hands_chainlit_the_secret(
    tmp_path: Path,
) -> None:
    state = _probe(_LOAD_AS_CHAINLIT_DOES, tmp_path, chat_login=True)
    assert state["password_login"] is True
    assert state["shared_view"] is True  # a coordinator reads a gap's conversation
    assert state["on_message"]
    assert state["on_chat_start"]
    assert "CHAINLIT_AUTH_SECRET" in state["environment_changed"]
    assert (tmp_path / "data" / "chainlit_auth_secret").is_file()
    assert state["routes_check_sign_in"] is True
    assert state["session_seconds"] == 8 * 3600  # a working day


def test_the_sign_in_lifetime_comes_from_arena_session_hours(tmp_path: Path) -> None:
    state = _probe(_LOAD_AS_CHAINLIT_DOES, tmp_path, chat_login=True, session_hours="1.5")
    assert state["session_seconds"] == 5400


def test_no_chat_module_reads_the_environment() -> None:
    """Only assistant.config reads or sets environment variables."""
    for path in sorted(CHAT.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "os.environ" not in text, path.name
        assert "getenv" not in text, path.name


class StreamingMessage(FakeMessage):
    """A cl.Message stand-in that also takes streamed tokens."""

    def __init__(self, content: str = "", actions: list[Any] | None = None) -> None:
        super().__init__(content, actions)
        self.streaming = False

    async def stream_token(self, token: str) -> None:
        self.streaming = True
        self.content += token

    async def update(self) -> FakeMessage:
        FakeMessage.sent.append(self)
        return self


async def test_a_storage_fault_while_answering_is_told_to_the_user(
    login_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error (here the vector cache's) must not end the turn in silence."""
    import sqlite3

    class BrokenChain:
        async def astream(self, *args: Any, **kwargs: Any) -> Any:
            raise sqlite3.IntegrityError("UNIQUE constraint failed: embedding_cache")
            yield  # an async generator, like the real chain

    FakeMessage.sent = []
    settings = login_services.settings.model_copy(update={"chat_login": False})
    services = Services(settings)
    monkeypatch.setattr(services, "answer_chain", lambda: BrokenChain())
    monkeypatch.setattr(hooks.cl, "Message", StreamingMessage)
    monkeypatch.setattr(hooks.cl, "user_session", FakeUserSession(None))  # type: ignore[arg-type]
    monkeypatch.setattr(hooks, "get_services", lambda: services)

    await hooks.answer_question(StreamingMessage("Hva er arenaen?"))  # type: ignore[arg-type]

    (reply,) = FakeMessage.sent
    assert reply.content == say("chat_failed", "no")
