"""Conversations kept in the registry database through Chainlit's own SQLAlchemy data layer.

Chainlit's `SQLAlchemyDataLayer` writes users, threads, steps, elements and feedback with
hand-written SQL; the registry's Alembic migration 0004 owns those tables. This thin subclass
adapts what that SQL cannot do on its own, and nothing more:

- Lists and dictionaries (tags, a message's command modes, an element's player settings) are
  bound as JSON text: SQLite cannot bind a list at all and psycopg would bind it as an array,
  so Chainlit's insert failed and was only logged. Reading, the JSON text columns come back
  as lists and dictionaries, and SQLite's 0/1 as booleans, on both databases.
- Chainlit keeps an element's bytes only through a storage client (S3, GCS, Azure); without
  one it drops every element. `InlineStorage` keeps an element's content in its own row as a
  `data:` URL, so a citation panel reloads with its thread on any worker, with no file store.
- The thread list carries names and dates, not every message and element of every thread.
- The follow-up history, which `hooks.answer_question` keeps in the user session, is never
  copied into the thread's metadata: it is rebuilt from the steps (`history_from_thread`).
- A socket that reconnects to another worker (several `arena serve` workers) starts a new
  Chainlit session there, which would open a new thread and forget the conversation. The
  browser keeps its session id until the page reloads or a new chat starts, so each thread
  records the session id it was written in (`remember_session`), and `rejoin_conversation`
  puts such a session back into its thread, with the history from the data layer.

It runs only with sign-in on: Chainlit lists threads by user and resumes only a signed-in
user's own threads, so without sign-in it would store conversations no one can reopen.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import uuid
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import chainlit as cl
from chainlit.data import get_data_layer
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient
from chainlit.session import WebsocketSession
from chainlit.step import StepDict
from chainlit.types import PaginatedResponse, Pagination, ThreadDict, ThreadFilter
from chainlit.user import PersistedUser
from sqlalchemy import make_url
from sqlalchemy.engine import Engine

from assistant.answers.answer import Answer
from assistant.errors import ConfigError
from assistant.registry.conversations import TURN
from assistant.registry.db import ensure_reachable_schema

logger = logging.getLogger(__name__)

CHAT_TABLES = frozenset({"users", "threads", "steps", "elements", "feedbacks"})
# An element's content kept in its row: citation panels and briefs are a few KiB; an uploaded
# document larger than this keeps its name only (its text is in the knowledge base anyway).
MAX_INLINE_BYTES = 256 * 1024
SQLITE_BUSY_SECONDS = 30  # the registry engine's own timeout: writers wait, never fail
# TURN, the step metadata key holding an answered turn, is the registry's: it reads the turns
# back for knowledge gaps and exports (assistant.registry.conversations).
# The thread metadata key naming the browser session the thread is last written in. It is
# in the user session too: Chainlit copies the whole user session into the thread's metadata
# as a socket closes (and back as a thread resumes), which must not restore an older session.
SESSION = "arena_session"
# User-session keys that live in process memory only, never copied into the metadata: the
# history is rebuilt from the steps instead.
NOT_PERSISTED = frozenset({"history"})
JSON_COLUMNS = {
    "thread": ("tags", "metadata"),
    "step": ("tags", "metadata", "generation", "modes"),
    "element": ("props", "playerConfig"),
}
BOOLEAN_COLUMNS = ("streaming", "waitForAnswer", "isError", "defaultOpen", "autoCollapse")


def async_url(url: str) -> str:
    """The async driver's URL for the registry database: aiosqlite or psycopg 3."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif backend == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    else:
        raise ConfigError(
            f"Chat history needs SQLite or PostgreSQL, not {backend}: check ARENA_DATABASE_URL"
        )
    return parsed.render_as_string(hide_password=False)


class InlineStorage(BaseStorageClient):
    """Chainlit's storage client contract, answered by the elements table itself."""

    async def upload_file(
        self,
        object_key: str,
        data: bytes | str,
        mime: str = "application/octet-stream",
        overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        if len(raw) > MAX_INLINE_BYTES:
            logger.info("Chat element %s not kept: %d bytes", object_key, len(raw))
            return {"object_key": None, "url": None}
        charset = ";charset=utf-8" if mime.startswith("text/") else ""
        encoded = base64.b64encode(raw).decode("ascii")
        # No object key: Chainlit then reads the URL back from the row, asking us nothing.
        return {"object_key": None, "url": f"data:{mime}{charset};base64,{encoded}"}

    async def delete_file(self, object_key: str) -> bool:
        return True  # the content goes with its row

    async def get_read_url(self, object_key: str) -> str:
        # Only asked for rows with an object key, which this client never gives out.
        raise LookupError(f"No stored file {object_key!r}: elements are kept inline")

    async def close(self) -> None:
        return None


class ArenaDataLayer(SQLAlchemyDataLayer):
    """Chainlit's SQLAlchemy data layer, its values adapted to the schema of migration 0004."""

    def __init__(self, conninfo: str) -> None:
        sqlite = make_url(conninfo).get_backend_name() == "sqlite"
        super().__init__(
            conninfo,
            connect_args={"timeout": SQLITE_BUSY_SECONDS} if sqlite else None,
            storage_provider=InlineStorage(),
        )
        # One lock per thread being written, gone when no write holds it.
        self._thread_writes: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    async def execute_sql(self, query: str, parameters: dict) -> list[dict[str, Any]] | int | None:
        return await super().execute_sql(query, {k: _bindable(v) for k, v in parameters.items()})

    async def update_thread(
        self,
        thread_id: str,
        name: str | None = None,
        user_id: str | None = None,
        metadata: dict | None = None,
        tags: list[str] | None = None,
    ) -> None:
        if metadata is not None:
            metadata = {k: v for k, v in metadata.items() if k not in NOT_PERSISTED}
        # Chainlit merges metadata by reading the row and writing it back, and starts such a
        # write as a task of its own on every socket event: one that read before ours wrote
        # would put the old metadata back, losing the session id that lets a reconnected
        # socket rejoin its thread (seen under load). Within a worker, a thread's writes take
        # turns; other threads' writes do not wait for them.
        lock = self._thread_writes.get(thread_id)
        if lock is None:
            lock = self._thread_writes[thread_id] = asyncio.Lock()
        async with lock:
            await super().update_thread(thread_id, name, user_id, metadata, tags)

    async def get_all_user_threads(
        self, user_id: str | None = None, thread_id: str | None = None
    ) -> list[ThreadDict] | None:
        threads = await super().get_all_user_threads(user_id=user_id, thread_id=thread_id)
        for thread in threads or []:
            _decode(thread, JSON_COLUMNS["thread"])
            for step in thread["steps"]:
                _decode_step(step)
            for element in thread.get("elements") or []:
                _decode(element, JSON_COLUMNS["element"])
        return threads

    async def get_step(self, step_id: str) -> StepDict | None:
        step = await super().get_step(step_id)
        if step is not None:
            _decode_step(step)
        return step

    async def thread_of_session(self, user_id: str, session_id: str) -> ThreadDict | None:
        """The user's thread last written in browser session `session_id`, if any."""
        try:
            session_id = str(uuid.UUID(session_id))  # the browser's; never a LIKE pattern
        except ValueError:
            return None
        rows = await self.execute_sql(
            'SELECT "id" FROM threads WHERE "userId" = :user_id AND "metadata" LIKE :marker '
            'ORDER BY "createdAt" DESC LIMIT 1',
            {"user_id": user_id, "marker": f"%{json.dumps({SESSION: session_id})[1:-1]}%"},
        )
        if not isinstance(rows, list) or not rows:
            return None
        return await self.get_thread(rows[0]["id"])

    async def list_threads(
        self, pagination: Pagination, filters: ThreadFilter
    ) -> PaginatedResponse:
        page = await super().list_threads(pagination, filters)
        # The sidebar shows names and dates; a thread's content comes with get_thread.
        for thread in page.data:
            thread["steps"], thread["elements"] = [], []
        return page


def _bindable(value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _decode(row: Any, columns: Iterable[str]) -> None:
    for column in columns:
        value = row.get(column)
        if isinstance(value, str):
            # Text written by something else, not JSON, is left as it is.
            with contextlib.suppress(ValueError):
                row[column] = json.loads(value)


def _decode_step(step: Any) -> None:
    _decode(step, JSON_COLUMNS["step"])
    for column in BOOLEAN_COLUMNS:
        if isinstance(step.get(column), int):
            step[column] = bool(step[column])


def make_data_layer(engine: Engine) -> ArenaDataLayer:
    """The data layer on the registry database of `engine`, its tables migrated first."""
    ensure_reachable_schema(engine)
    return ArenaDataLayer(async_url(engine.url.render_as_string(hide_password=False)))


def keep_conversations(engine_of: Callable[[], Engine]) -> None:
    """Hand Chainlit the data layer; `engine_of()` gives the registry engine when first used.

    Chainlit builds it lazily, on the first request that needs it, so registering opens
    no connection.
    """
    cl.data_layer(lambda: make_data_layer(engine_of()))


# Follow-up history --------------------------------------------------------------------------


def turn_metadata(answer: Answer) -> dict[str, Any]:
    """What an answer's message keeps: the question and the answer's text (the follow-up
    history), and for knowledge gaps and exports whether it abstained and why, its mode, and
    its sources: the passages cited, or the closest ones when it abstained."""
    if answer.abstained:
        sources = [
            {"kind": "closest", "source": p.source, "title": p.title, "location": p.location,
             "passage": p.text}
            for p in answer.closest
        ]  # fmt: skip
    else:
        sources = [
            {"kind": "cited", "n": c.n, "source": c.source, "title": c.title,
             "location": c.location, "quote": c.quote, "passage": c.passage}
            for c in answer.citations
        ]  # fmt: skip
    turn = {
        "question": answer.question,
        "answer": answer.text,
        "abstained": answer.abstained,
        "mode": answer.mode,
        "model": answer.model,
        "reason": answer.reason,
        "sources": sources,
    }
    return {TURN: turn}


def history_from_thread(thread: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (role, text) history of a stored conversation, as `answer_question` builds it live.

    Only answers from the knowledge base carry a turn; registry replies never joined the
    history, so they do not here either.
    """
    history: list[tuple[str, str]] = []
    steps = sorted(thread.get("steps") or [], key=lambda s: s.get("createdAt") or "")
    for step in steps:
        metadata = step.get("metadata") or {}
        if isinstance(metadata, str):
            try:
                metadata = json.loads(metadata)
            except ValueError:
                continue
        turn = metadata.get(TURN) if isinstance(metadata, dict) else None
        if step.get("type") != "assistant_message" or not isinstance(turn, dict):
            continue
        question, answer = turn.get("question"), turn.get("answer")
        if isinstance(question, str) and isinstance(answer, str):
            history.extend([("user", question), ("assistant", answer)])
    return history


# A socket on another worker ------------------------------------------------------------------


async def remember_session() -> None:
    """Record in the thread the browser session it is written in, once per session and process."""
    layer = get_data_layer()
    if not isinstance(layer, ArenaDataLayer):  # sign-in is off: nothing is kept
        return
    session = cl.context.session
    if not isinstance(session, WebsocketSession):
        return
    if cl.user_session.get(SESSION) == session.id:
        return
    await layer.update_thread(session.thread_id, metadata={SESSION: session.id})
    cl.user_session.set(SESSION, session.id)


async def rejoin_conversation() -> bool:
    """Put a new session whose browser session already wrote a thread back into that thread.

    True when it did: the session then continues the thread (Chainlit opens no new one) and
    the follow-up history is the thread's. Call as a chat starts.
    """
    layer = get_data_layer()
    if not isinstance(layer, ArenaDataLayer):
        return False
    session = cl.context.session
    if not isinstance(session, WebsocketSession):
        return False
    if session.has_first_interaction or not isinstance(session.user, PersistedUser):
        return False
    thread = await layer.thread_of_session(session.user.id, session.id)
    if thread is None:
        return False
    session.thread_id = thread["id"]
    session.has_first_interaction = True  # the thread exists: Chainlit must not start one
    cl.user_session.set("history", history_from_thread(thread))
    cl.user_session.set(SESSION, session.id)
    logger.info("Session %s rejoined thread %s", session.id, thread["id"])
    return True
