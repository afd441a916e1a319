"""A browser tab's side of Chainlit's Socket.IO protocol, for benchmarks: ask, time, judge.

Speaks what Chainlit 2's web client speaks: `connect` with sessionId and clientType, then
`connection_successful`; a question is a `client_message`; the server answers with
`task_start`, messages (`new_message`, `update_message`, or `stream_start` and
`stream_token`) and `task_end`.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime
from typing import Any

PER_SESSION = 3


class Session:
    """One browser tab: a Socket.IO websocket client speaking Chainlit's protocol."""

    def __init__(self, url: str, token: str | None = None) -> None:
        import socketio

        self.url = url
        # A signed-in tab sends Chainlit's session cookie with the websocket's upgrade.
        self.headers = {"Cookie": f"access_token={token}"} if token else {}
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: list[tuple[float, str, Any]] = []
        self.arrived = asyncio.Event()
        self.client.on("*", self._record)

    async def _record(self, event: str, data: Any = None) -> None:
        self.events.append((time.perf_counter(), event, data))
        self.arrived.set()

    async def _until(self, names: list[str], start: int, timeout: float) -> bool:
        """Wait until events named `names` have come in that order since event `start`."""
        deadline = time.perf_counter() + timeout
        while not _in_order(names, [e for _, e, _ in self.events[start:]]):
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return False
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), remaining)
            except TimeoutError:
                return False
        return True

    async def open(self) -> None:
        await self.client.connect(
            self.url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers=self.headers,
            auth={
                "sessionId": str(uuid.uuid4()),
                "clientType": "webapp",
                "userEnv": "{}",
                "chatProfile": None,
                "threadId": None,
            },
            wait_timeout=60,
        )
        start = len(self.events)
        await self.client.emit("connection_successful")
        # The greeting ends any task, then on_chat_start runs as a task of its own.
        await self._until(["task_end", "task_start", "task_end"], start, 60)

    async def ask(self, question: str, timeout: float) -> dict[str, Any]:
        start = len(self.events)
        sent = time.perf_counter()
        await self.client.emit(
            "client_message",
            {
                "message": {
                    "id": str(uuid.uuid4()),
                    "threadId": "",
                    "name": "User",
                    "type": "user_message",
                    "output": question,
                    "createdAt": datetime.now(UTC).isoformat(),
                },
                "fileReferences": [],
            },
        )
        ended = await self._until(["task_start", "task_end"], start, timeout)
        answer = read_answer(question, sent, self.events[start:], ended)
        if not ended:
            # Lost; like a person, wait for it before asking on, so that its late events are
            # not taken for the next answer's.
            answer["late_s"] = None
            if await self._until(["task_start", "task_end"], start, 10 * timeout):
                answer["late_s"] = round(time.perf_counter() - sent, 3)
        return answer

    async def close(self) -> None:
        await self.client.disconnect()


def _in_order(names: list[str], seen: list[str]) -> bool:
    """Whether `names` occur in `seen` in this order (others may come between)."""
    position = 0
    for name in seen:
        if position < len(names) and name == names[position]:
            position += 1
    return position == len(names)


def read_answer(
    question: str, sent: float, events: list[tuple[float, str, Any]], ended: bool
) -> dict[str, Any]:
    """Latencies and outcome of one answer from the events that followed its question."""
    from assistant.i18n import say

    failures = {say(key, lang) for key in ("chat_failed",) for lang in ("no", "en")}
    first = full = None
    text = ""
    error = False
    for at, name, data in events:
        if name == "stream_token" and data and data.get("token") and first is None:
            first = at
        answer = isinstance(data, dict) and data.get("type") == "assistant_message"
        if name in {"new_message", "update_message"} and answer:
            output = str(data.get("output") or "")
            if output:
                first = first if first is not None else at
                full, text = at, output
                error = error or bool(data.get("isError")) or output in failures
                error = error or output.startswith(("Beklager: ", "Sorry: "))
    # An answer whose text came within the timeout counts, even if its task ended later.
    lost = full is None or error
    reason = "error" if error else "" if full else "no answer" if ended else "timeout"
    return {
        "question": question,
        "first_visible_s": None if first is None else round(first - sent, 4),
        "full_answer_s": None if full is None else round(full - sent, 4),
        "finished_at": full,
        "sent_at": sent,
        "lost": lost,
        "reason": reason,
        "chars": len(text),
    }


async def run_sessions(
    url: str,
    questions: list[str],
    sessions: int,
    offset: int,
    timeout: float,
    token: str | None = None,
) -> list[dict[str, Any]]:
    """`sessions` tabs connected first, then all asking at once, each its questions in turn.

    With `token` (a sign-in's access token) every tab is signed in as that user.
    """
    tabs = [Session(url, token) for _ in range(sessions)]
    await asyncio.gather(*(tab.open() for tab in tabs))

    async def converse(n: int, tab: Session) -> list[dict[str, Any]]:
        out = []
        for k in range(PER_SESSION):
            question = questions[(offset + n * PER_SESSION + k) % len(questions)]
            out.append(await tab.ask(question, timeout) | {"session": n})
        return out

    try:
        results = await asyncio.gather(*(converse(n, tab) for n, tab in enumerate(tabs)))
    finally:
        await asyncio.gather(*(tab.close() for tab in tabs), return_exceptions=True)
    return [answer for session in results for answer in session]
