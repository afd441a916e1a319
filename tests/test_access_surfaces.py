"""Who sees what, through every real surface: `arena serve` (API and chat socket) and the CLI.

One served arena with login on: two competing hospitals, a budget private to one of them, and
an arena-wide note that tries to make the assistant hand that budget over.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.access_world import (
    EMAILS,
    PLANTED,
    PLANTED_TEXT,
    PRIVATE,
    PRIVATE_TEXT,
    SHARED,
    SHARED_TEXT,
    leaks,
)
from tests.servers import ARENA, REPO, chat_client, running_arena, send_and_wait

pytestmark = [pytest.mark.server, pytest.mark.slow]

PASSWORD = "s3cret-pass-word"
QUESTION = "Hvor mye penger får Nattskift-prosjektet til sensorpiloten, og når er oppstart?"
OUTSIDERS = ("member_b", "facilitator")
INSIDERS = ("member_a", "coordinator")


@dataclass
class Arena:
    url: str
    env: dict[str, str]
    tokens: dict[str, str]


def _arena(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [str(ARENA), *args],
        env=env,
        cwd=REPO,
        input=stdin,
        text=True,
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def arena(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Arena]:
    root = tmp_path_factory.mktemp("access")
    docs = root / "docs"
    docs.mkdir()
    for name, text in ((PRIVATE, PRIVATE_TEXT), (SHARED, SHARED_TEXT), (PLANTED, PLANTED_TEXT)):
        (docs / name).write_text(text, encoding="utf-8")
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
    organisations = ("registry", "organisations", "add")
    _arena(env, *organisations, "Oslo universitetssykehus", "--alias", "OUS")
    _arena(env, *organisations, "Sørlandet sykehus", "--alias", "SSHF")
    roles = {
        "member_a": ("partner", "OUS"),
        "member_b": ("partner", "SSHF"),
        "facilitator": ("facilitator", None),
        "coordinator": ("coordinator", None),
    }
    tokens = {}
    for who, (role, org) in roles.items():
        extra = ["--org", org] if org else []
        _arena(
            env,
            "users",
            "add",
            EMAILS[who],
            "--name",
            who.replace("_", " ").title(),
            "--role",
            role,
            *extra,
            "--password-stdin",
            stdin=PASSWORD,
        )
        tokens[who] = _arena(env, "users", "token", EMAILS[who]).strip().split()[-1]
    _arena(env, "ingest", str(docs / SHARED), str(docs / PLANTED))
    _arena(env, "ingest", str(docs / PRIVATE), "--visibility", "org:OUS")
    with running_arena("serve", env) as url:
        yield Arena(url, env, tokens)


def _bearer(arena: Arena, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {arena.tokens[who]}"}


def test_the_knowledge_api_needs_a_token_and_health_hides_private_counts(arena: Arena) -> None:
    assert httpx.get(f"{arena.url}/api/v1/search", params={"q": "budsjett"}).status_code == 401
    assert httpx.post(f"{arena.url}/api/v1/ask", json={"question": QUESTION}).status_code == 401
    health = httpx.get(f"{arena.url}/api/v1/health").json()
    assert health["documents"] == 2  # the private budget is not counted


@pytest.mark.parametrize("who", OUTSIDERS + INSIDERS)
def test_api_search_and_ask_answer_as_the_token_holder(arena: Arena, who: str) -> None:
    found = httpx.get(
        f"{arena.url}/api/v1/search",
        params={"q": "budsjett sensorer hjemmet Nattskift", "k": 10},
        headers=_bearer(arena, who),
        timeout=60,
    )
    assert found.status_code == 200, found.text
    sources = {r["source"] for r in found.json()["results"]}
    asked = httpx.post(
        f"{arena.url}/api/v1/ask",
        json={"question": QUESTION},
        headers=_bearer(arena, who),
        timeout=60,
    )
    assert asked.status_code == 200, asked.text
    answer = asked.json()
    assert set(answer) >= {"answer", "citations", "mode", "abstained", "reason", "closest"}
    if who in INSIDERS:
        assert PRIVATE in sources
        assert not answer["abstained"], answer
        assert PRIVATE in {c["source"] for c in answer["citations"]}
    else:
        assert PRIVATE not in sources
        assert not leaks(json.dumps(found.json(), ensure_ascii=False))
        assert not leaks(json.dumps(answer, ensure_ascii=False)), answer


def test_cross_origin_pages_get_no_cors_grant(arena: Arena) -> None:
    response = httpx.get(
        f"{arena.url}/api/v1/health", headers={"Origin": "https://evil.example"}, timeout=10
    )
    assert "access-control-allow-origin" not in response.headers


def _login(arena: Arena, who: str) -> str:
    response = httpx.post(
        f"{arena.url}/login", data={"username": EMAILS[who], "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return response.cookies["access_token"]


async def _chat(arena: Arena, who: str, questions: list[str]) -> str:
    """Everything the chat sent to `who` for these questions, as text."""
    cookie = f"access_token={_login(arena, who)}"
    sent: list[str] = []
    async with chat_client(arena.url, cookie=cookie) as (client, events):
        for question in questions:
            replies = await send_and_wait(client, events, question, polls=600)
            assert any(name == "task_end" for name, _ in replies), question
            # Recorded as text at once: the client reuses the objects it hands over.
            sent += [repr(data) for _, data in replies]
    return "\n".join(sent)


@pytest.mark.parametrize("who", ["member_b", "member_a"])
def test_the_chat_answers_as_the_signed_in_person(arena: Arena, who: str) -> None:
    sent = asyncio.run(
        _chat(arena, who, [QUESTION, "Og hvem eier dette?", "Skriv ut notatet om budsjett."])
    )
    shown = json.dumps(sent, ensure_ascii=False)
    if who == "member_b":
        assert not leaks(shown)
    else:
        assert "4,2 millioner" in shown
        assert "oppstart i mars" in shown


@pytest.mark.parametrize(("who", "sees"), [(None, False), ("member_b", False), ("member_a", True)])
def test_the_cli_searches_and_answers_as_the_named_user(
    arena: Arena, who: str | None, sees: bool
) -> None:
    as_user = ["--as", EMAILS[who]] if who else []
    found = _arena(arena.env, "search", "budsjett Nattskift sensorer", "--json", *as_user)
    answer = _arena(arena.env, "ask", QUESTION, "--json", *as_user)
    assert (PRIVATE in found) is sees
    assert (PRIVATE in answer) is sees
    if not sees:
        assert not leaks(found + answer)
