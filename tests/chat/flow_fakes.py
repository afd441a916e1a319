"""A scripted Chainlit for the chat's guided flows: what the user answers, what the chat sends.

`FakeChat.answers` holds the user's side in order: a str answers an AskUserMessage, a `Pick`
an AskActionMessage (by the button's value), a list of `Upload`-like files an AskFileMessage.
A question the script does not expect fails the test at once, naming the question.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import chainlit as cl
import chainlit.element
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from sqlmodel import Session

from assistant.chat import briefs, declare, flow, hooks, login, uploads
from assistant.config import Settings
from assistant.registry.db import ensure_schema
from assistant.services import Services, build_services
from tests.answers.conftest import DOCUMENTS
from tests.conftest import REPO
from tests.registry.conftest import World, seed_world


@dataclass(frozen=True)
class Pick:
    """The user presses the button whose value is `value`."""

    value: str


@dataclass
class FakeChat:
    """The conversation as the user would see it."""

    answers: list[Any] = field(default_factory=list)
    messages: list[Any] = field(default_factory=list)  # sent, in order (updated in place)
    questions: list[str] = field(default_factory=list)  # every question asked, in order
    choices: list[list[str]] = field(default_factory=list)  # the values offered per button ask
    steps: list[Any] = field(default_factory=list)
    updates: int = 0
    task_ends: int = 0  # the emitter's task_end calls: the chat is ready again after each

    async def task_end(self) -> None:
        self.task_ends += 1

    def texts(self) -> list[str]:
        return [m.content for m in self.messages]

    def last(self) -> Any:
        return self.messages[-1]

    def next_answer(self, kind: type | tuple[type, ...], question: str) -> Any:
        self.questions.append(question)
        if not self.answers:
            return None  # the user never answers: a timeout
        answer = self.answers.pop(0)
        assert isinstance(answer, kind), f"expected {kind} for {question!r}, script has {answer!r}"
        return answer


@dataclass
class FakeElement:
    """A file attached to a message, as Chainlit hands it over (its bytes under a uuid name)."""

    name: str
    path: str
    mime: str = "text/plain"


def install(chat: FakeChat, monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the scripted Chainlit in place of the real one's messages, asks and steps."""

    class Message:
        def __init__(
            self,
            content: str = "",
            actions: list[Any] | None = None,
            elements: list[Any] | None = None,
            author: str | None = None,
            **_: Any,
        ) -> None:
            self.content, self.actions, self.elements = content, actions or [], elements or []
            self.author, self.command, self.streaming = author, None, False

        async def send(self) -> Any:
            chat.messages.append(self)
            return self

        async def update(self) -> bool:
            chat.updates += 1
            if self not in chat.messages:
                chat.messages.append(self)
            return True

        async def stream_token(self, token: str) -> None:
            self.streaming = True
            self.content += token

    class AskUserMessage:
        def __init__(self, content: str, timeout: int = 60, **_: Any) -> None:
            self.content = content

        async def send(self) -> dict[str, str] | None:
            answer = chat.next_answer(str, self.content)
            return None if answer is None else {"output": answer}

    class AskActionMessage(Message):
        async def send(self) -> dict[str, Any] | None:  # type: ignore[override]
            chat.messages.append(self)
            chat.choices.append([a.payload["value"] for a in self.actions])
            answer = chat.next_answer(Pick, self.content)
            if answer is None:
                return None
            offered = {a.payload["value"]: a for a in self.actions}
            action = offered.get(answer.value)
            label = action.label if action else answer.value
            return {"name": flow.CHOICE, "payload": {"value": answer.value}, "label": label}

    class AskFileMessage:
        def __init__(self, content: str, **options: Any) -> None:
            self.content, self.options = content, options

        async def send(self) -> list[Any] | None:
            return chat.next_answer(list, self.content)

    class Step:
        def __init__(self, name: str = "", **_: Any) -> None:
            self.name, self.output = name, ""

        async def __aenter__(self) -> Step:
            chat.steps.append(self)
            return self

        async def __aexit__(self, *exc: Any) -> bool:
            return False

    for name, fake in {
        "Message": Message,
        "AskUserMessage": AskUserMessage,
        "AskActionMessage": AskActionMessage,
        "AskFileMessage": AskFileMessage,
        "Step": Step,
    }.items():
        monkeypatch.setattr(cl, name, fake)


class UserSession:
    def __init__(self) -> None:
        self.user: cl.User | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.user if key == "user" else default

    def set(self, key: str, value: Any) -> None:
        pass


@pytest.fixture
def flow_settings(tmp_path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path / "data",
        answer_unit_embeddings=False,
        knowledge_dir=REPO / "knowledge",
        chat_login=True,
    )


@dataclass
class Arena:
    services: Services
    world: World
    chat: FakeChat
    session: Session
    user_session: UserSession
    browser: SimpleNamespace

    def sign_in(self, email: str) -> None:
        self.user_session.user = cl.User(
            identifier=email, metadata={login.SIGNED_IN_AT: int(time.time())}
        )


@pytest.fixture
def arena(
    flow_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Arena]:
    """Real services (fake embeddings) on the registry's world with four small documents,
    the scripted Chainlit, and nobody signed in yet."""
    services = build_services(flow_settings, base_embeddings=DeterministicFakeEmbedding(size=64))
    ensure_schema(services.engine)
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert services.indexer.ingest(sorted(folder.glob("*.txt"))).ok
    chat = FakeChat()
    install(chat, monkeypatch)
    user_session = UserSession()
    monkeypatch.setattr(cl, "user_session", user_session)
    for module in (briefs, declare, uploads, hooks, login):
        monkeypatch.setattr(module, "get_services", lambda: services)
    # The socket's session: the browser's Accept-Language, and the thread elements belong to.
    browser = SimpleNamespace(language="nb-NO", thread_id="thread-1")
    monkeypatch.setattr(cl, "context", SimpleNamespace(session=browser, emitter=chat))
    monkeypatch.setattr(chainlit.element, "context", SimpleNamespace(session=browser))
    with Session(services.engine, expire_on_commit=False) as session:
        world = seed_world(session)
        yield Arena(services, world, chat, session, user_session, browser)
    services.engine.dispose()
