"""The real app with ARENA_CHAT_LOGIN=true: HTTP sign-in, then /declarations over socket.io."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers import chat_client, running_arena, send_and_wait

REPO = Path(__file__).resolve().parents[2]
ARENA = Path(sys.executable).with_name("arena")
PASSWORD = "s3cret-pass-word"

pytestmark = [pytest.mark.server, pytest.mark.slow]


def _arena(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [str(ARENA), *args], env=env, cwd=REPO, input=stdin, text=True, check=True, timeout=120
    )


@pytest.fixture(scope="module")
def arena_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of the server and of the CLI commands run beside it."""
    root = tmp_path_factory.mktemp("chat-login")
    return {
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


@pytest.fixture(scope="module")
def app_url(arena_env: dict[str, str]) -> Iterator[str]:
    """`arena serve` with chat login, a coordinator and one submitted declaration."""
    env, root = arena_env, Path(arena_env["ARENA_DATA_DIR"]).parent
    add = ("users", "add", "--password-stdin")
    _arena(env, *add, "ola@arena.no", "--name", "Ola K", "--role", "coordinator", stdin=PASSWORD)
    _arena(env, *add, "kari@ous.no", "--name", "Kari Partner", "--role", "partner", stdin=PASSWORD)
    _arena(env, "registry", "declare", "kari@ous.no")
    _arena(env, "registry", "submit", "1")
    with running_arena("serve", env) as url:
        # The secret was generated and kept under the data folder, never hard-coded.
        assert (root / "data" / "chainlit_auth_secret").is_file()
        yield url


def _login(url: str, username: str, password: str) -> httpx.Response:
    return httpx.post(f"{url}/login", data={"username": username, "password": password})


async def _converse(url: str, token: str, text: str) -> list[tuple[str, Any]]:
    """Connect with the login cookie, open the chat, send one message, wait for its end."""
    async with chat_client(url, cookie=f"access_token={token}") as (client, events):
        await send_and_wait(client, events, text, polls=300)
    return events


def test_login_refuses_a_wrong_password_and_an_unknown_user(app_url: str) -> None:
    assert _login(app_url, "ola@arena.no", "wrong-password").status_code == 401
    assert _login(app_url, "nobody@arena.no", PASSWORD).status_code == 401


def test_coordinator_signs_in_and_lists_declarations_awaiting_review(app_url: str) -> None:
    response = _login(app_url, "ola@arena.no", PASSWORD)
    assert response.status_code == 200, response.text
    token = response.cookies["access_token"]

    events = asyncio.run(_converse(app_url, token, "/declarations"))

    commands = [data for name, data in events if name == "set_commands"]
    assert commands, "the registry commands are offered in the composer"
    assert {c["id"] for c in commands[-1]} >= {"erklæringer", "sjekk", "gjennomgå"}
    replies = [
        data
        for name, data in events
        if name in ("new_message", "update_message") and data.get("type") == "assistant_message"
    ]
    assert replies, [name for name, _ in events]
    output = replies[-1]["output"]
    assert "Declarations awaiting review" in output
    assert "| 1 | Kari Partner | submitted |" in output


def test_chat_refuses_a_connection_without_login(app_url: str) -> None:
    import socketio

    async def connect() -> None:
        client = socketio.AsyncClient()
        await client.connect(
            app_url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            auth={"sessionId": str(uuid.uuid4()), "clientType": "webapp", "userEnv": "{}"},
        )
        await client.disconnect()

    with pytest.raises(socketio.exceptions.ConnectionError):
        asyncio.run(connect())


def _replies(events: list[tuple[str, Any]]) -> list[str]:
    return [
        data["output"]
        for name, data in events
        if name in ("new_message", "update_message") and data.get("type") == "assistant_message"
    ]


def test_a_sign_in_lasts_a_working_day(app_url: str) -> None:
    import jwt

    token = _login(app_url, "ola@arena.no", PASSWORD).cookies["access_token"]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 8 * 3600


def test_deactivation_ends_the_chat_and_the_sign_in(
    app_url: str, arena_env: dict[str, str]
) -> None:
    """A user deactivated mid-conversation gets no further answer, on this socket or a new one."""
    _arena(arena_env, "users", "add", "--password-stdin", "tor@arena.no", "--name", "Tor",
           "--role", "partner", stdin=PASSWORD)  # fmt: skip
    response = _login(app_url, "tor@arena.no", PASSWORD)
    assert response.status_code == 200, response.text
    token = response.cookies["access_token"]
    cookie = f"access_token={token}"
    assert httpx.get(f"{app_url}/user", headers={"Cookie": cookie}).status_code == 200

    async def converse() -> tuple[list[str], list[str], bool]:
        async with chat_client(app_url, cookie=cookie) as (client, events):
            before = _replies(await send_and_wait(client, events, "/hjelp", polls=300))
            _arena(arena_env, "users", "deactivate", "tor@arena.no")
            after = _replies(await send_and_wait(client, events, "/hjelp", polls=300))
            for _ in range(50):  # the server closes the socket after its last word
                if not client.connected:
                    break
                await asyncio.sleep(0.1)
            return before, after, client.connected

    before, after, still_connected = asyncio.run(converse())
    assert any("/erklæringer" in text for text in before), before  # the help, while active
    assert after == [
        "Innloggingen er avsluttet: brukeren tor@arena.no er deaktivert. Spør koordinatoren "
        "om du mener det er feil."
    ]
    assert not still_connected

    # Chainlit's own routes refuse the cookie now; the page shows the sign-in form.
    refused = httpx.get(f"{app_url}/user", headers={"Cookie": cookie})
    assert refused.status_code == 401
    assert _login(app_url, "tor@arena.no", PASSWORD).status_code == 401

    async def reconnect() -> list[str]:
        async with chat_client(app_url, cookie=cookie) as (_client, events):
            await asyncio.sleep(1)
            return _replies(events)

    assert "deaktivert" in " ".join(asyncio.run(reconnect()))  # a new socket: told at once
