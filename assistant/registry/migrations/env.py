"""Alembic environment: runs on the engine handed over in `config.attributes`."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import assistant.registry.models  # noqa: F401  (registers the tables)

config = context.config
REGISTRY_TABLES = {
    "organisation",
    "person",
    "apitoken",
    "declaration",
    "interest",
    "review",
    "declarationsnapshot",
    "activity",
    "activityorganisation",
    "activityparticipant",
    "agendaitem",
    "audit_event",
    "audit_head",
}


def _include(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    # Other parts of the app may share the database; autogenerate must not touch their tables.
    if type_ == "table":
        return name in REGISTRY_TABLES
    return True


def run_migrations() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=SQLModel.metadata,
            include_object=_include,
            render_as_batch=connection.dialect.name == "sqlite",
            version_table="registry_alembic_version",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
