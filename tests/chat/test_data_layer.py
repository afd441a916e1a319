"""Conversations through Chainlit's real SQLAlchemy data layer, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, ClassVar

import chainlit as cl
import pytest
from chainlit.context import init_http_context
from chainlit.types import Feedback, Pagination, ThreadFilter
from chainlit.utils import utc_now
from sqlalchemy import create_engine, text

from assistant.answers.answer import Answer
from assistant.chat import data_layer, hooks
from assistant.chat.data_layer import (
    MAX_INLINE_BYTES,
    TURN,
    ArenaDataLayer,
    async_url,
    history_from_thread,
    make_data_layer,
    turn_metadata,
)
from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.services import Services
from tests.registry.conftest import pg_fresh_url  # noqa: F401  (a fixture)

REPO = Path(__file__).resolve().parents[2]
QUESTION = "Hva er utnyttelsen av operasjonsstuene?"
ANSWER = "Utnyttelsen er under 70 prosent [1]."
PANEL = "**kontrolltarn.txt** · avsnitt 2\n\n> Utnyttelsen er under 70 prosent.\n\nÆØÅ æøå"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, settings: Settings) -> str:
    """The registry database's URL: SQLite under the data folder, or a fresh PG schema."""
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_fresh_url"))
    settings.data_dir.mkdir(parents=True)
    return settings.registry_url


@pytest.fixture
async def layer(database_url: str) -> AsyncIterator[ArenaDataLayer]:
    """The data layer as the app builds it: the registry's migrations first, then Chainlit's."""
    engine = create_engine(database_url)
    made = make_data_layer(engine)
    init_http_context(thread_id=str(uuid.uuid4()))  # Chainlit's objects read the session
    yield made
    await made.close()
    engine.dispose()


def _turn(question: str, answer: str) -> dict[str, Any]:
    """The turn an answer without sources keeps."""
    return {"question": question, "answer": answer, "abstained": False, "mode": "extractive",
            "model": "", "reason": "", "sources": []}  # fmt: skip


def _answer(question: str, text: str) -> Answer:
    return Answer(question=question, text=text, abstained=False, mode="extractive", model="")


def _answer_message(thread_id: str) -> cl.Message:
    answer = _answer(QUESTION, ANSWER)
    message = cl.Message(content=f"{ANSWER}\n\n*Ekstraktivt svar*", metadata=turn_metadata(answer),
                         created_at=utc_now())  # fmt: skip
    message.thread_id = thread_id
    return message


async def _conversation(layer: ArenaDataLayer, email: str) -> dict[str, Any]:
    """A signed-in user's thread written the way Chainlit writes one; its ids returned."""
    user = await layer.create_user(cl.User(identifier=email, metadata={"role": "partner"}))
    assert user is not None
    thread_id = str(uuid.uuid4())
    await layer.update_thread(thread_id, name=QUESTION, user_id=user.id, tags=["partner", "søk"])
    question = cl.Message(content=QUESTION, author="Kari", type="user_message", command="spør",
                          modes={"k": "v"}, created_at=utc_now())  # fmt: skip
    question.thread_id = thread_id
    await layer.create_step(question.to_dict())
    answer = _answer_message(thread_id)
    await layer.create_step(answer.to_dict() | {"streaming": True})  # the streamed draft ...
    await layer.update_step(answer.to_dict())  # ... replaced by the final text
    tool = cl.Step(name="retrieval", type="tool", parent_id=answer.id, thread_id=thread_id,
                   auto_collapse=True, default_open=True, tags=["sources"])  # fmt: skip
    tool.input, tool.output = "operasjonsstuer", "3 passages"
    await layer.create_step(tool.to_dict())
    panel = cl.Text(name="Kilde 1", content=PANEL, display="side", for_id=answer.id,
                    thread_id=thread_id, mime="text/plain")  # fmt: skip
    await layer.create_element(panel)
    feedback = Feedback(forId=answer.id, threadId=thread_id, value=0, comment="Mangler kilde")
    feedback_id = await layer.upsert_feedback(feedback)
    return {
        "user": user,
        "thread": thread_id,
        "question": question.id,
        "answer": answer.id,
        "tool": tool.id,
        "panel": panel.id,
        "feedback": feedback_id,
    }


async def test_a_thread_with_steps_elements_and_feedback_lands_and_reloads(
    layer: ArenaDataLayer, database_url: str
) -> None:
    ids = await _conversation(layer, "kari@ous.no")

    thread = await layer.get_thread(ids["thread"])

    assert thread is not None
    assert thread["name"] == QUESTION
    assert thread["userIdentifier"] == "kari@ous.no"
    assert thread["tags"] == ["partner", "søk"]
    steps = {step["id"]: step for step in thread["steps"]}
    assert [s["id"] for s in thread["steps"]] == [ids["question"], ids["answer"], ids["tool"]]
    assert steps[ids["question"]]["output"] == QUESTION
    assert steps[ids["question"]]["type"] == "user_message"
    answer = steps[ids["answer"]]
    assert answer["output"].startswith(ANSWER)
    assert answer["streaming"] is False
    assert answer["metadata"] == {TURN: _turn(QUESTION, ANSWER)}
    assert answer["feedback"] == {
        "forId": ids["answer"],
        "id": ids["feedback"],
        "value": 0,
        "comment": "Mangler kilde",
    }
    tool = steps[ids["tool"]]
    assert tool["parentId"] == ids["answer"]
    assert tool["tags"] == ["sources"]
    assert (tool["input"], tool["output"]) == ("operasjonsstuer", "3 passages")
    (element,) = thread["elements"]  # type: ignore[misc]
    assert (element["id"], element["forId"], element["name"]) == (
        ids["panel"],
        ids["answer"],
        "Kilde 1",
    )
    assert element["display"] == "side"
    header, payload = str(element["url"]).split(",", 1)
    assert header == "data:text/plain;charset=utf-8;base64"
    assert base64.b64decode(payload).decode("utf-8") == PANEL
    # Columns Chainlit writes but never reads back: there, with the values written.
    with create_engine(database_url).connect() as connection:
        row = connection.execute(
            text('SELECT "autoCollapse", "defaultOpen", "showInput" FROM steps WHERE id = :id'),
            {"id": ids["tool"]},
        ).one()
        assert tuple(row) == (True, True, "json")
        row = connection.execute(
            text('SELECT "command", "modes" FROM steps WHERE id = :id'), {"id": ids["question"]}
        ).one()
        assert (row[0], json.loads(row[1])) == ("spør", {"k": "v"})


async def test_the_thread_list_shows_a_users_own_threads_and_finds_by_word_and_rating(
    layer: ArenaDataLayer,
) -> None:
    kari = await _conversation(layer, "kari@ous.no")
    ola = await _conversation(layer, "ola@arena.no")

    def page(**filters: Any) -> Any:
        user_id = kari["user"].id
        return layer.list_threads(Pagination(first=20), ThreadFilter(userId=user_id, **filters))

    listed = await page()
    assert [t["id"] for t in listed.data] == [kari["thread"]]
    (thread,) = listed.data
    assert thread["name"] == QUESTION
    assert thread["steps"] == []  # the content comes with get_thread
    assert thread["elements"] == []
    assert [t["id"] for t in (await page(search="70 PROSENT")).data] == [kari["thread"]]
    assert (await page(search="kantinen")).data == []
    assert [t["id"] for t in (await page(feedback=0)).data] == [kari["thread"]]
    assert (await page(feedback=1)).data == []
    assert await layer.get_thread_author(ola["thread"]) == "ola@arena.no"


async def test_feedback_is_changed_and_removed_in_place(layer: ArenaDataLayer) -> None:
    ids = await _conversation(layer, "kari@ous.no")
    changed = Feedback(id=ids["feedback"], forId=ids["answer"], threadId=ids["thread"], value=1)
    assert await layer.upsert_feedback(changed) == ids["feedback"]
    step = await layer.get_step(ids["answer"])
    assert step is not None
    assert step["feedback"] == {  # type: ignore[typeddict-item]
        "forId": ids["answer"],
        "id": ids["feedback"],
        "value": 1,
        "comment": "Mangler kilde",  # a thumb changed alone keeps its comment
    }
    assert step["metadata"] == {TURN: _turn(QUESTION, ANSWER)}
    await layer.delete_feedback(ids["feedback"])
    step = await layer.get_step(ids["answer"])
    assert step is not None
    assert step["feedback"] is None  # type: ignore[typeddict-item]


async def test_deleting_a_thread_removes_everything_in_it(
    layer: ArenaDataLayer, database_url: str
) -> None:
    ids = await _conversation(layer, "kari@ous.no")
    kept = await _conversation(layer, "kari@ous.no")
    await layer.delete_thread(ids["thread"])
    assert await layer.get_thread(ids["thread"]) is None
    with create_engine(database_url).connect() as connection:
        for table in ("steps", "elements", "feedbacks"):
            rows = connection.execute(text(f'SELECT "threadId" FROM {table}')).scalars().all()
            assert set(rows) == {kept["thread"]}, table


async def test_a_large_element_keeps_its_name_but_not_its_bytes(layer: ArenaDataLayer) -> None:
    ids = await _conversation(layer, "kari@ous.no")
    upload = cl.File(name="rapport.pdf", content=b"%PDF" + b"x" * MAX_INLINE_BYTES,
                     for_id=ids["question"], thread_id=ids["thread"], mime="application/pdf")  # fmt: skip
    await layer.create_element(upload)
    thread = await layer.get_thread(ids["thread"])
    assert thread is not None
    stored = {e["name"]: e for e in thread["elements"] or []}
    assert stored["rapport.pdf"]["url"] is None
    assert stored["rapport.pdf"]["mime"] == "application/pdf"
    assert stored["Kilde 1"]["url"]


async def test_the_follow_up_history_is_not_copied_into_the_threads_metadata(
    layer: ArenaDataLayer,
) -> None:
    ids = await _conversation(layer, "kari@ous.no")
    # What Chainlit does as a socket closes: the whole user session into the metadata.
    session = {"history": [["user", QUESTION]], "chat_profile": "partner", "env": {}}
    await layer.update_thread(ids["thread"], metadata=session)
    thread = await layer.get_thread(ids["thread"])
    assert thread is not None
    assert thread["metadata"] == {"chat_profile": "partner", "env": {}}


# Resuming: the history that follow-ups read -------------------------------------------------


def test_the_history_is_rebuilt_from_the_answers_turns_in_order() -> None:
    def step(kind: str, created: str, metadata: Any = None) -> dict[str, Any]:
        return {"type": kind, "createdAt": created, "metadata": metadata, "output": "rendered"}

    first = {TURN: {"question": "Hva er Kontrolltårn?", "answer": "Et prosjekt."}}
    second = {TURN: {"question": "Hvem eier det?", "answer": "Sykehuset."}}
    thread = {
        "steps": [
            step("assistant_message", "2026-01-01T10:00:03Z", json.dumps(second)),  # JSON text
            step("user_message", "2026-01-01T10:00:00Z"),
            step("assistant_message", "2026-01-01T10:00:01Z", first),
            step("user_message", "2026-01-01T10:00:02Z"),
            step("assistant_message", "2026-01-01T10:00:02.5Z", {}),  # a registry reply
            step("tool", "2026-01-01T10:00:04Z", {TURN: "not a turn"}),
        ]
    }
    assert history_from_thread(thread) == [
        ("user", "Hva er Kontrolltårn?"),
        ("assistant", "Et prosjekt."),
        ("user", "Hvem eier det?"),
        ("assistant", "Sykehuset."),
    ]


class SessionStore:
    """cl.user_session as a dict, with the signed-in user."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {"user": cl.User(identifier="kari@ous.no")}

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value


class RecordingChain:
    """The answer chain's streaming interface; records the history each question comes with."""

    def __init__(self) -> None:
        self.histories: list[list[tuple[str, str]]] = []

    async def astream(self, question: str, history: Any, *, viewer: Any) -> AsyncIterator[Any]:
        self.histories.append(list(history))
        yield _answer(question, f"Svar på: {question}")


class SentMessage:
    """cl.Message's sending side; the answer's metadata is what gets stored."""

    sent: ClassVar[list[SentMessage]] = []

    def __init__(self, content: str = "", **_: Any) -> None:
        self.content, self.streaming, self.elements, self.metadata = content, False, [], {}
        self.author = ""

    async def send(self) -> SentMessage:
        SentMessage.sent.append(self)
        return self


async def test_a_resumed_conversation_feeds_the_next_follow_up(
    layer: ArenaDataLayer, login_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a restart the process remembers nothing: the stored thread brings the history."""
    ids = await _conversation(layer, "kari@ous.no")
    thread = await layer.get_thread(ids["thread"])
    assert thread is not None

    commands: list[Any] = []

    class Emitter:
        async def set_commands(self, offered: Any) -> None:
            commands.append(offered)

    async def holds(language: str) -> bool:
        return True

    store, chain = SessionStore(), RecordingChain()
    monkeypatch.setattr(hooks.cl, "user_session", store)
    monkeypatch.setattr(
        hooks.cl,
        "context",
        type(
            "Context",
            (),
            {"emitter": Emitter(), "session": type("Session", (), {"language": None})()},
        )(),
    )
    monkeypatch.setattr(hooks.cl, "Message", SentMessage)
    monkeypatch.setattr(hooks, "session_holds", holds)
    monkeypatch.setattr(hooks, "get_services", lambda: login_services)
    monkeypatch.setattr(hooks, "reader", lambda services, email: None)
    monkeypatch.setattr(login_services, "answer_chain", lambda: chain)

    await hooks.on_chat_resume(thread)  # type: ignore[arg-type]
    assert store.get("history") == [("user", QUESTION), ("assistant", ANSWER)]
    assert commands, "the registry commands are offered again"

    SentMessage.sent = []
    await hooks.answer_question(cl.Message(content="Og hvor mange strykes?"))
    assert chain.histories == [[("user", QUESTION), ("assistant", ANSWER)]]
    (reply,) = SentMessage.sent
    # The new answer carries its own turn, for the next resume.
    assert reply.metadata == {
        TURN: _turn("Og hvor mange strykes?", "Svar på: Og hvor mange strykes?")
    }
    assert store.get("history")[-2:] == [
        ("user", "Og hvor mange strykes?"),
        ("assistant", "Svar på: Og hvor mange strykes?"),
    ]


# A socket reconnected on another worker ----------------------------------------------------


def _socket_session(session_id: str, user: Any, thread_id: str | None = None) -> Any:
    """A Chainlit websocket session, as a worker makes one when a socket connects to it."""
    from chainlit.session import WebsocketSession

    def emit(*args: Any) -> None:
        return None

    return WebsocketSession(id=session_id, socket_id=str(uuid.uuid4()), emit=emit,
                            emit_call=emit, user_env={}, client_type="webapp",
                            thread_id=thread_id, user=user)  # fmt: skip


async def test_a_browser_session_new_to_a_worker_continues_its_thread_and_history(
    layer: ArenaDataLayer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker A wrote the thread; the socket comes back on worker B with the same session id."""
    from chainlit.context import init_ws_context
    from chainlit.user_session import user_sessions

    monkeypatch.setattr(data_layer, "get_data_layer", lambda: layer)
    kari = await _conversation(layer, "kari@ous.no")
    ola = await _conversation(layer, "ola@arena.no")
    browser = str(uuid.uuid4())

    on_a = _socket_session(browser, kari["user"], thread_id=kari["thread"])
    init_ws_context(on_a)
    await data_layer.remember_session()  # as the first message is handled
    await on_a.delete()
    user_sessions.pop(browser, None)  # worker B's memory holds nothing of it

    on_b = _socket_session(browser, kari["user"])
    init_ws_context(on_b)
    assert on_b.thread_id != kari["thread"]
    assert await data_layer.rejoin_conversation()
    assert on_b.thread_id == kari["thread"]
    assert on_b.has_first_interaction  # so Chainlit opens no new thread
    assert cl.user_session.get("history") == [("user", QUESTION), ("assistant", ANSWER)]
    await on_b.delete()

    # The page reloads and the thread is resumed from the sidebar in a new browser session;
    # Chainlit loads the thread's metadata into it, and writes the session back as it closes.
    reloaded = str(uuid.uuid4())
    resumed = _socket_session(reloaded, kari["user"], thread_id=kari["thread"])
    init_ws_context(resumed)
    thread = await layer.get_thread(kari["thread"])
    assert thread is not None
    user_sessions[reloaded] = dict(thread["metadata"] or {})
    await data_layer.remember_session()
    await layer.update_thread(kari["thread"], metadata=resumed.to_persistable())
    await resumed.delete()
    found = await layer.thread_of_session(kari["user"].id, reloaded)
    assert found is not None
    assert found["id"] == kari["thread"]
    assert await layer.thread_of_session(kari["user"].id, browser) is None

    # Another browser session, or another user presenting the same session id, starts afresh.
    for session_id, user in ((str(uuid.uuid4()), kari["user"]), (browser, ola["user"])):
        other = _socket_session(session_id, user)
        init_ws_context(other)
        thread_id = other.thread_id
        assert not await data_layer.rejoin_conversation()
        assert (other.thread_id, other.has_first_interaction) == (thread_id, False)
        await other.delete()
        user_sessions.pop(session_id, None)
    assert await layer.thread_of_session(kari["user"].id, "x%' OR 1=1 --") is None


# Wiring ---------------------------------------------------------------------------------------


def test_the_async_url_keeps_the_database_and_picks_an_async_driver() -> None:
    assert async_url("sqlite:////srv/data/registry.sqlite3") == (
        "sqlite+aiosqlite:////srv/data/registry.sqlite3"
    )
    assert async_url("postgresql+psycopg://arena:pw@db:5432/arena?options=-csearch_path%3Dx") == (
        "postgresql+psycopg://arena:pw@db:5432/arena?options=-csearch_path%3Dx"
    )
    assert async_url("postgresql://arena@db/arena") == "postgresql+psycopg://arena@db/arena"
    with pytest.raises(ConfigError, match="SQLite or PostgreSQL"):
        async_url("mysql://arena@db/arena")


_PROBE = """
import json, sys
from chainlit.config import config, load_module
load_module(sys.argv[1])
from chainlit.data import get_data_layer
from sqlalchemy import create_engine, inspect
from assistant.services import get_services
layer = get_data_layer()
if layer is None:
    print(json.dumps({"layer": None, "resumable": config.code.on_chat_resume is not None}))
    sys.exit()
tables = inspect(get_services().engine).get_table_names()
print(json.dumps({
    "layer": type(layer).__name__ if layer else None,
    "resumable": config.code.on_chat_resume is not None,
    "chat_tables": sorted(set(tables) & {"users", "threads", "steps", "elements", "feedbacks"}),
}))
"""


@pytest.mark.parametrize("chat_login", [True, False])
def test_conversations_are_kept_exactly_when_sign_in_is_on(
    tmp_path: Path, chat_login: bool
) -> None:
    """Without sign-in Chainlit could neither list nor resume a thread: none is kept."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ARENA_", "CHAINLIT_AUTH"))},
        "ARENA_DATA_DIR": str(tmp_path / "data"),
        "ARENA_CHAT_LOGIN": str(chat_login).lower(),
        "CHAINLIT_TELEMETRY": "false",
    }
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(REPO / "assistant" / "chat" / "app.py")],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    state = json.loads(result.stdout.strip().splitlines()[-1])
    if chat_login:
        assert state == {
            "layer": "ArenaDataLayer",
            "resumable": True,
            "chat_tables": sorted(data_layer.CHAT_TABLES),  # migrated as the layer was made
        }
    else:
        assert (state["layer"], state["resumable"]) == (None, False)
