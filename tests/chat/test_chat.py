"""The real app over Chainlit's socket.io protocol: a question, then a follow-up."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.answers.conftest import DOCUMENTS
from tests.servers import chat_client, running_arena, send_and_wait

REPO = Path(__file__).resolve().parents[1]
ARENA = Path(sys.executable).with_name("arena")

pytestmark = [pytest.mark.server, pytest.mark.slow]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`arena serve` on a free port over a small, really embedded knowledge folder."""
    root = tmp_path_factory.mktemp("chat")
    knowledge = root / "knowledge"
    knowledge.mkdir()
    for name, text in DOCUMENTS.items():
        (knowledge / name).write_text(text, encoding="utf-8")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ARENA_")},
        "ARENA_DATA_DIR": str(root / "data"),
        "ARENA_CHAT_LOGIN": "false",  # the anonymous mode: knowledge questions only
        "ARENA_LLM": "extractive",
        "CHAINLIT_TELEMETRY": "false",
        "HF_HUB_OFFLINE": "1",
    }
    subprocess.run(
        [str(ARENA), "ingest", str(knowledge)], env=env, cwd=REPO, check=True, timeout=300
    )
    with running_arena("serve", env) as url:
        yield url


async def _ask(client: Any, events: list[tuple[str, Any]], text: str) -> list[tuple[str, Any]]:
    return await send_and_wait(client, events, text)


def _final(events: list[tuple[str, Any]]) -> dict[str, Any]:
    updates = [data for name, data in events if name in ("update_message", "new_message")]
    assistant = [d for d in updates if d.get("type") == "assistant_message"]
    assert assistant, [name for name, _ in events]
    return assistant[-1]


async def _chat(url: str) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    async with chat_client(url) as (client, events):
        first = await _ask(client, events, "Hva er utnyttelsen av bemannede operasjonsstuer?")
        follow_up = await _ask(client, events, "Og hvor mange operasjoner strykes?")
    return first, follow_up


def test_chat_answers_with_cited_elements_and_uses_history_for_follow_ups(app_url: str) -> None:
    first, follow_up = asyncio.run(_chat(app_url))

    # An extractive answer exists whole before it is sent: one message, no word-by-word stream.
    assert not any(name == "stream_token" for name, _ in first)
    answer = _final(first)
    assert "70 prosent" in answer["output"]
    assert "[1]" in answer["output"]
    assert "Ekstraktivt svar" in answer["output"]  # says which mode answered
    elements = [data for name, data in first if name == "element"]
    (sources,) = elements  # one element carries the answer's sources, under that answer
    assert (sources["type"], sources["name"], sources["display"]) == ("custom", "Sources", "inline")
    assert sources["forId"] == answer["id"]
    assert sources["props"]["items"][0]["label"] == "[1]"
    assert "70 prosent" in sources["props"]["items"][0]["passage"]

    second = _final(follow_up)
    (later,) = [data for name, data in follow_up if name == "element"]
    assert later["forId"] == second["id"]
    assert later["id"] != sources["id"]
    # "Og hvor mange strykes?" alone names no topic; the history makes it answerable.
    assert "3300" in second["output"]
    assert "Ikke dekket" not in second["output"]


def test_chat_abstention_looks_different(app_url: str) -> None:
    async def run() -> dict[str, Any]:
        async with chat_client(app_url) as (client, events):
            return _final(await _ask(client, events, "Hva er hovedstaden i Mongolia?"))

    message = asyncio.run(run())
    assert "🚫" in message["output"]
    assert "Ikke dekket av kunnskapsbasen" in message["output"]
    assert "koordinator" in message["output"]
