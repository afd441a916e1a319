"""The real app, restarted: a signed-in conversation is listed, reloads, and resumes with its
history, and a rating given before the restart is still on its answer."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from tests.answers.conftest import DOCUMENTS
from tests.servers import ARENA, REPO, running_arena, send_and_wait

PASSWORD = "s3cret-pass-word"
QUESTION = "Hva er Kontrolltårn?"
FOLLOW_UP = "Hva slags partnerskap er det?"  # "det": Kontrolltårn, only with the history

pytestmark = [pytest.mark.server, pytest.mark.slow]


@pytest.fixture(scope="module")
def arena_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A data folder with the small knowledge folder ingested and one partner who signs in."""
    root = tmp_path_factory.mktemp("chat-data")
    knowledge = root / "knowledge"
    knowledge.mkdir()
    for name, text in DOCUMENTS.items():
        (knowledge / name).write_text(text, encoding="utf-8")
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("ARENA_") and k != "CHAINLIT_AUTH_SECRET"
        },
        "ARENA_DATA_DIR": str(root / "data"),
        "ARENA_CHAT_LOGIN": "true",
        "ARENA_LLM": "extractive",
        "CHAINLIT_TELEMETRY": "false",
        "HF_HUB_OFFLINE": "1",
    }
    run = {"env": env, "cwd": REPO, "check": True, "timeout": 300, "text": True}
    subprocess.run([str(ARENA), "ingest", str(knowledge)], **run)  # type: ignore[call-overload]
    add = [str(ARENA), "users", "add", "--password-stdin", "kari@ous.no", "--name", "Kari"]
    subprocess.run([*add, "--role", "partner"], input=PASSWORD, **run)  # type: ignore[call-overload]
    return env


def _sign_in(url: str) -> str:
    response = httpx.post(f"{url}/login", data={"username": "kari@ous.no", "password": PASSWORD})
    assert response.status_code == 200, response.text
    return str(response.cookies["access_token"])


@asynccontextmanager
async def _socket(
    url: str, token: str, thread_id: str = "", session_id: str | None = None
) -> AsyncIterator[tuple[Any, list[tuple[str, Any]]]]:
    """Chainlit's web client: a new page session unless `session_id` (a reconnection),
    resuming `thread_id` when given (a thread opened from the sidebar)."""
    import socketio

    events: list[tuple[str, Any]] = []
    client = socketio.AsyncClient()

    @client.on("*")
    async def record(event: str, data: Any = None) -> None:
        events.append((event, data))

    await client.connect(
        url,
        socketio_path="/ws/socket.io",
        transports=["websocket"],
        headers={"Cookie": f"access_token={token}"},
        auth={
            "sessionId": session_id or str(uuid.uuid4()),
            "clientType": "webapp",
            "userEnv": "{}",
            "threadId": thread_id,
        },
    )
    try:
        await client.emit("connection_successful")
        await asyncio.sleep(1)
        yield client, events
    finally:
        await client.disconnect()


def _answers(events: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    for name, data in events:
        if name in ("new_message", "update_message") and data.get("type") == "assistant_message":
            latest[data["id"]] = data
    return list(latest.values())


async def _conversation(url: str, token: str, *texts: str) -> dict[str, Any]:
    """Send `texts` in a new conversation; its thread id and the answers, in order."""
    async with _socket(url, token) as (client, events):
        answers = [_answers(await send_and_wait(client, events, t, polls=600))[-1] for t in texts]
        (thread_id,) = {d["thread_id"] for name, d in events if name == "first_interaction"}
    await asyncio.sleep(1)  # Chainlit writes steps in tasks of their own
    return {"thread": thread_id, "answers": answers}


def _rate_down(url: str, token: str, thread_id: str, answer_id: str) -> None:
    """The thumb down with a comment, as the browser sends it."""
    rating = {"forId": answer_id, "threadId": thread_id, "value": 0, "comment": "For kort"}
    response = httpx.put(
        f"{url}/feedback",
        json={"feedback": rating, "sessionId": str(uuid.uuid4())},  # read by on_feedback only
        headers={"Cookie": f"access_token={token}"},
    )
    assert response.status_code == 200, response.text


async def _resume(url: str, token: str, thread_id: str) -> tuple[list[str], dict[str, Any]]:
    async with _socket(url, token, thread_id) as (client, events):
        kinds = [name for name, _ in events]
        follow_up = _answers(await send_and_wait(client, events, FOLLOW_UP, polls=600))[-1]
    return kinds, follow_up


def test_a_conversation_survives_a_restart_listed_reloaded_and_resumed(
    arena_env: dict[str, str],
) -> None:
    with running_arena("serve", arena_env) as url:
        token = _sign_in(url)
        kept = asyncio.run(_conversation(url, token, QUESTION))
        (answer,) = kept["answers"]
        _rate_down(url, token, kept["thread"], answer["id"])
        # What the follow-up gets in a live conversation, its history in the process's memory.
        live = asyncio.run(_conversation(url, token, QUESTION, FOLLOW_UP))
    expected = live["answers"][1]["output"]
    assert "Ikke dekket" not in expected, expected
    assert "Kontrolltårn" in expected

    with running_arena("serve", arena_env) as url:  # a new process: nothing in memory
        cookie = {"Cookie": f"access_token={token}"}  # the secret is kept: still signed in
        listed = httpx.post(
            f"{url}/project/threads",
            json={"pagination": {"first": 20}, "filter": {}},
            headers=cookie,
        )
        assert listed.status_code == 200, listed.text
        assert [t["id"] for t in listed.json()["data"]] == [live["thread"], kept["thread"]]
        assert {t["name"] for t in listed.json()["data"]} == {QUESTION}

        thread = httpx.get(f"{url}/project/thread/{kept['thread']}", headers=cookie).json()
        messages = [s for s in thread["steps"] if s["type"].endswith("_message")]  # not "run"
        assert [(s["type"], s["output"]) for s in messages] == [
            ("user_message", QUESTION),
            ("assistant_message", answer["output"]),
        ]
        rated = messages[1]["feedback"]
        assert (rated["value"], rated["comment"]) == (0, "For kort")
        panels = [e for e in thread["elements"] if e["forId"] == answer["id"]]
        assert panels, "the answer's citation panels are kept"
        # Each answer's sources are one inline element of its own (chat/answer_markdown.py).
        assert all(e["display"] == "inline" for e in panels)
        texts = [json.dumps(e, ensure_ascii=False) for e in panels]
        assert any("Kontrolltårn" in text for text in texts), texts

        kinds, resumed = asyncio.run(_resume(url, token, kept["thread"]))
        fresh = asyncio.run(_conversation(url, token, FOLLOW_UP))

        # Without the sign-in cookie, the thread is not shown.
        assert httpx.get(f"{url}/project/thread/{kept['thread']}").status_code == 401

    assert "resume_thread" in kinds
    # The follow-up in the resumed thread is answered from the stored history, exactly as in
    # the live conversation; asked with no history, it names nothing the documents cover.
    assert resumed["output"] == expected
    assert resumed["threadId"] == kept["thread"]
    assert "Ikke dekket" in fresh["answers"][0]["output"]


async def _reconnect_elsewhere(url: str, token: str, session_id: str) -> Any:
    """Reconnect `session_id` until a worker that has never seen it takes the socket.

    The worker that holds the session restores it silently; a new one starts the chat,
    offering the composer's commands: that is how the test tells them apart.
    """
    for _ in range(40):
        context = _socket(url, token, session_id=session_id)
        client, events = await context.__aenter__()
        if any(name == "set_commands" for name, _ in events):
            return context, client, events
        await context.__aexit__(None, None, None)
    raise AssertionError("every reconnection reached the same worker")


def test_a_socket_reconnected_on_another_worker_continues_the_conversation(
    arena_env: dict[str, str],
) -> None:
    async def converse(url: str, token: str) -> tuple[str, dict[str, Any], str]:
        browser = str(uuid.uuid4())  # the page's session id, kept across reconnections
        async with _socket(url, token, session_id=browser) as (client, events):
            await send_and_wait(client, events, QUESTION, polls=600)
            (thread_id,) = {d["thread_id"] for name, d in events if name == "first_interaction"}
        context, client, events = await _reconnect_elsewhere(url, token, browser)
        try:
            follow_up = _answers(await send_and_wait(client, events, FOLLOW_UP, polls=600))[-1]
        finally:
            await context.__aexit__(None, None, None)
        return thread_id, follow_up, browser

    with running_arena("serve", arena_env, args=("--workers", "2"), timeout=240) as url:
        token = _sign_in(url)
        live = asyncio.run(_conversation(url, token, QUESTION, FOLLOW_UP))
        thread_id, follow_up, _ = asyncio.run(converse(url, token))
        cookie = {"Cookie": f"access_token={token}"}
        thread = httpx.get(f"{url}/project/thread/{thread_id}", headers=cookie).json()

    assert follow_up["threadId"] == thread_id  # no new thread on the other worker
    assert follow_up["output"] == live["answers"][1]["output"]  # the history came along
    messages = [s for s in thread["steps"] if s["type"].endswith("_message")]
    assert [(s["type"], s["output"]) for s in messages][::2] == [
        ("user_message", QUESTION),
        ("user_message", FOLLOW_UP),
    ]
