"""Stored chat conversations written as Chainlit's data layer writes them, with plain SQL.

The rows match migration 0004's columns (camelCase, quoted; JSON as text). The chat's tests
(tests/chat/test_gaps.py) write conversations through the real data layer instead.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from assistant.registry.conversations import TURN

CHAT_TABLES = ("feedbacks", "elements", "steps", "threads", "users")


def clear_chat_tables(engine: Engine) -> None:
    """Empty the chat's tables (the registry fixtures empty only the registry's own)."""
    with engine.begin() as connection:
        for table in CHAT_TABLES:
            connection.execute(text(f"DELETE FROM {table}"))


class Chat:
    """Writes users, threads, steps, feedback and elements into one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.users: dict[str, str] = {}
        self.clock = 0

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        columns = ", ".join(f'"{c}"' for c in row)
        values = ", ".join(f":{c}" for c in row)
        with self.engine.begin() as connection:
            connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), row)

    def _now(self) -> str:
        self.clock += 1
        return f"2026-03-0{1 + self.clock // 60}T10:{self.clock % 60:02d}:00.000000Z"

    def thread(self, email: str, name: str) -> str:
        if email not in self.users:
            self.users[email] = str(uuid.uuid4())
            self._insert("users", {"id": self.users[email], "identifier": email,
                                   "createdAt": self._now(), "metadata": "{}"})  # fmt: skip
        thread_id = str(uuid.uuid4())
        self._insert("threads", {"id": thread_id, "createdAt": self._now(), "name": name,
                                 "userId": self.users[email], "userIdentifier": email,
                                 "tags": "[]", "metadata": "{}"})  # fmt: skip
        return thread_id

    def step(
        self, thread_id: str, kind: str, output: str, author: str, metadata: dict | None = None
    ) -> str:
        step_id = str(uuid.uuid4())
        self._insert("steps", {"id": step_id, "name": author, "type": kind, "threadId": thread_id,
                               "streaming": False, "output": output, "createdAt": self._now(),
                               "metadata": json.dumps(metadata or {}, ensure_ascii=False)})  # fmt: skip
        return step_id

    def ask(self, thread_id: str, question: str) -> str:
        return self.step(thread_id, "user_message", question, "kari@ous.no")

    def answer(self, thread_id: str, turn: dict[str, Any], author: str = "Assistant") -> str:
        return self.step(thread_id, "assistant_message", turn["answer"], author, {TURN: turn})

    def rate(self, step_id: str, thread_id: str, value: int, comment: str = "") -> None:
        self._insert("feedbacks", {"id": str(uuid.uuid4()), "forId": step_id,
                                   "threadId": thread_id, "value": value,
                                   "comment": comment or None})  # fmt: skip

    def panel(self, thread_id: str, step_id: str, items: list[dict[str, str]]) -> None:
        self._insert("elements", {"id": str(uuid.uuid4()), "threadId": thread_id,
                                  "type": "custom", "name": "Sources", "display": "inline",
                                  "forId": step_id, "mime": "application/json",
                                  "props": json.dumps({"items": items})})  # fmt: skip


def turn(
    question: str,
    answer: str,
    *,
    abstained: bool = False,
    reason: str = "",
    sources: list[dict[str, Any]] | None = None,
    mode: str = "extractive",
) -> dict[str, Any]:
    """An answer's `arena_turn`, as the chat's `turn_metadata` writes it."""
    return {"question": question, "answer": answer, "abstained": abstained, "mode": mode,
            "model": "", "reason": reason, "sources": sources or []}  # fmt: skip
