"""A decision button: the reasoning is asked for, the review recorded, and the chat freed at once."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import chainlit as cl
import pytest
from sqlmodel import Session

from assistant.chat import hooks, login
from assistant.registry import declarations
from assistant.registry.models import Status
from assistant.services import Services
from tests.chat.conftest import Arena
from tests.chat.test_hooks import FakeMessage, FakeUserSession


class FakeEmitter:
    """Records the task signals the browser would get."""

    def __init__(self) -> None:
        self.signals: list[str] = []

    async def task_start(self) -> None:
        self.signals.append("start")

    async def task_end(self) -> None:
        self.signals.append("end")


def _asking(reasoning: str | None, emitter: FakeEmitter) -> type:
    class FakeAsk:
        """cl.AskUserMessage as Chainlit runs it: it marks the chat busy once answered."""

        def __init__(self, content: str, timeout: int) -> None:
            self.content = content

        async def send(self) -> dict[str, Any] | None:
            await emitter.task_start()  # Chainlit's send_ask_user does this in `finally`
            return {"output": reasoning} if reasoning is not None else None

    return FakeAsk


@pytest.fixture
def emitter(login_services: Services, monkeypatch: pytest.MonkeyPatch) -> FakeEmitter:
    FakeMessage.sent = []
    emitter = FakeEmitter()
    user = cl.User(identifier="ola@arena.no", metadata={login.SIGNED_IN_AT: int(time.time())})
    monkeypatch.setattr(hooks.cl, "Message", FakeMessage)
    monkeypatch.setattr(hooks.cl, "user_session", FakeUserSession(user))
    monkeypatch.setattr(hooks.cl, "context", SimpleNamespace(emitter=emitter))
    monkeypatch.setattr(hooks, "get_services", lambda: login_services)
    monkeypatch.setattr(login, "get_services", lambda: login_services)
    return emitter


def _button(arena: Arena, decision: str | None = "discussion_not_decision") -> cl.Action:
    payload = {
        "declaration_id": arena.waiting,
        "version": 2,
        "outcome": "approved" if decision else "returned",
        "decision": decision,
        "language": "no",
    }
    return cl.Action(name=hooks.REVIEW_ACTION, payload=payload, label="x")


async def test_a_review_is_recorded_and_the_chat_is_free_for_the_next_message(
    emitter: FakeEmitter,
    arena: Arena,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hooks.cl, "AskUserMessage", _asking("Styreverv opplyst", emitter))

    await hooks.on_review_action(_button(arena))

    (reply,) = FakeMessage.sent
    assert reply.content == (
        f"Erklæring {arena.waiting} er nå **godkjent** "
        "(vurdering 2: Godkjenn: kan diskutere, ikke beslutte)."
    )
    # Busy again once the reasoning came, then free: the composer does not stay locked.
    assert emitter.signals == ["start", "end"]
    session.expire_all()
    declaration = declarations.get_declaration(session=session, declaration_id=arena.waiting)
    assert declaration.status == Status.approved


async def test_no_reasoning_records_nothing_and_still_frees_the_chat(
    emitter: FakeEmitter,
    arena: Arena,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hooks.cl, "AskUserMessage", _asking(None, emitter))

    await hooks.on_review_action(_button(arena, None))

    assert [m.content for m in FakeMessage.sent] == [
        "Ingen begrunnelse kom, så ingenting er registrert."
    ]
    assert emitter.signals[-1] == "end"
    session.expire_all()
    declaration = declarations.get_declaration(session=session, declaration_id=arena.waiting)
    assert declaration.status == Status.submitted
