"""Alembic migrations: they build exactly the schema the models describe, and rerun harmlessly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from assistant.registry.db import (
    VERSION_TABLE,
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
