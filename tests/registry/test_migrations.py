"""Alembic migrations: they build exactly the schema the models describe, and rerun harmlessly."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from assistant.registry.db import (
    VERSION_TABLE,
    alembic_config,
    ensure_schema,
    include_registry_object,
    migrate,
)
from assistant.registry.models import REGISTRY_TABLES


def test_migrations_match_the_models(fresh_engine: Engine) -> None:
    migrate(fresh_engine)
    migrate(fresh_engine)  # a second run is a no-op
    with fresh_engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"include_object": include_registry_object, "version_table": VERSION_TABLE},
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
    assert set(inspect(fresh_engine).get_table_names()) >= REGISTRY_TABLES


def test_ensure_schema_migrates_once_per_engine(fresh_engine: Engine) -> None:
    ensure_schema(fresh_engine)
    ensure_schema(fresh_engine)
    with fresh_engine.connect() as connection:
        head = connection.exec_driver_sql("SELECT seq, hash FROM audit_head").all()
    assert [tuple(row) for row in head] == [(0, "")]


@pytest.mark.postgres
def test_workers_starting_at_once_migrate_once(pg_fresh_url: str) -> None:
    """Three processes migrate one empty schema at once: all succeed, the schema is made once."""
    script = "import sys; from sqlalchemy import create_engine; " + (
        "from assistant.registry.db import migrate; migrate(create_engine(sys.argv[1]))"
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", script, pg_fresh_url], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=120)
        assert worker.returncode == 0, errors.decode()
    engine = create_engine(pg_fresh_url)
    with engine.connect() as connection:
        versions = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").all()
    engine.dispose()
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert [v[0] for v in versions] == [head]


def test_threads_migrating_at_once_take_turns(fresh_engine: Engine) -> None:
    barrier = threading.Barrier(3)

    def start() -> None:
        barrier.wait(timeout=10)
        migrate(fresh_engine)

    with ThreadPoolExecutor(max_workers=3) as pool:
        for future in [pool.submit(start) for _ in range(3)]:
            future.result(timeout=120)
    assert set(inspect(fresh_engine).get_table_names()) >= REGISTRY_TABLES


def _chainlit_columns() -> dict[str, set[str]]:
    """Every column Chainlit's SQLAlchemy data layer writes: the keys of the dictionaries it
    inserts whole (steps, messages, elements, feedback) and the thread and user columns.
    Chainlit's objects read their session, so this runs in an event loop."""
    import dataclasses

    import chainlit as cl
    from chainlit.context import init_http_context
    from chainlit.types import Feedback, ThreadDict

    init_http_context()
    steps = set(cl.Step(name="s").to_dict()) | set(cl.Message(content="m").to_dict())
    return {
        "users": {"id", "identifier", "createdAt", "metadata"},
        "threads": set(ThreadDict.__annotations__) - {"steps", "elements"},
        "steps": steps,
        "elements": set(cl.Text(name="t", content="t").to_dict()),
        "feedbacks": {field.name for field in dataclasses.fields(Feedback)},
    }


async def test_migrations_make_the_chat_history_tables_chainlit_writes(
    fresh_engine: Engine,
) -> None:
    """Chainlit creates no table; migration 0004 makes exactly the columns it writes, on both
    databases, autoCollapse included (missing from the schema Chainlit documents)."""
    migrate(fresh_engine)
    inspector = inspect(fresh_engine)
    expected = _chainlit_columns()
    assert "autoCollapse" in expected["steps"]
    for table, columns in expected.items():
        assert {c["name"] for c in inspector.get_columns(table)} == columns, table
        assert table not in REGISTRY_TABLES  # Chainlit's, so the model comparison skips it
