"""Helpers for tests that start real server processes on this machine's loopback."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
ARENA = Path(sys.executable).with_name("arena")


def signed_in_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of an `arena` process on its own data folder: sign-in on, extractive
    answers, nothing from this shell's ARENA_ settings or Chainlit secret, no telemetry."""
    import os

    return {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("ARENA_") and k != "CHAINLIT_AUTH_SECRET"
        },
        "ARENA_DATA_DIR": str(data_dir),
        "ARENA_CHAT_LOGIN": "true",
        "ARENA_LLM": "extractive",
        "CHAINLIT_TELEMETRY": "false",
        "HF_HUB_OFFLINE": "1",
        **settings,
    }


def run_arena(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    """One `arena` command in `env`, from the repository; a failure fails the test."""
    subprocess.run(
        [str(ARENA), *args], env=env, cwd=REPO, input=stdin, text=True, check=True, timeout=300
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_arena(
    command: str,
    env: dict[str, str],
    ready: str = "/api/v1/health",
    timeout: float = 120,
    args: Sequence[str] = (),
    stdout: Path | None = None,
) -> Iterator[str]:
    """Run `arena serve` or `arena api` on a free port until the block ends; yield its URL.

    `args` go after the command, e.g. ("--workers", "2"); `stdout` is a file for what the
    server prints (a file, not a pipe: nobody reads a pipe, and a full one stops the server).
    """
    port = free_port()
    output = stdout.open("w", encoding="utf-8") if stdout else subprocess.DEVNULL
    process = subprocess.Popen(
        [str(ARENA), command, "--host", "127.0.0.1", "--port", str(port), *args],
        env=env,
        cwd=REPO,
        stdout=output,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()[-2000:])  # type: ignore[union-attr]
            try:
                if httpx.get(f"{url}{ready}", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise TimeoutError(f"arena {command} did not answer within {timeout:.0f} s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        if stdout:
            output.close()  # type: ignore[union-attr]


async def send_and_wait(
    client: Any, events: list[tuple[str, Any]], text: str, polls: int = 600
) -> list[tuple[str, Any]]:
    """Send one user message as Chainlit's web client does; return the events until task_end."""
    start = len(events)
    await client.emit(
        "client_message",
        {
            "message": {
                "id": str(uuid.uuid4()),
                "name": "User",
                "type": "user_message",
                "output": text,
                "createdAt": datetime.now(UTC).isoformat(),
            },
            "fileReferences": [],
        },
    )
    for _ in range(polls):
        await asyncio.sleep(0.1)
        if any(name == "task_end" for name, _ in events[start:]):
            break
    return events[start:]


@asynccontextmanager
async def chat_client(
    url: str, cookie: str | None = None
) -> AsyncIterator[tuple[Any, list[tuple[str, Any]]]]:
    """A connected Chainlit web client and the list its received events are recorded in."""
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
        headers={"Cookie": cookie} if cookie else {},
        auth={"sessionId": str(uuid.uuid4()), "clientType": "webapp", "userEnv": "{}"},
    )
    try:
        await client.emit("connection_successful")
        await asyncio.sleep(0.5)
        yield client, events
    finally:
        await client.disconnect()
