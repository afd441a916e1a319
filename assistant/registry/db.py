"""Opening the registry database: Alembic migrations on first use, then sessions."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from weakref import WeakSet

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from assistant.registry.errors import AlreadyExistsError, DatabaseUnavailableError
from assistant.registry.models import REGISTRY_TABLES

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
# Its own version table, so another Alembic history may share the database.
VERSION_TABLE = "registry_alembic_version"
_MIGRATION_LOCK = 0x4172656E61  # "Arena": any constant shared by all workers
_migrated: WeakSet[Engine] = WeakSet()
_lock = threading.RLock()


def include_registry_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Autogenerate and comparisons look only at the registry's tables, never others'."""
    return type_ != "table" or name in REGISTRY_TABLES


def alembic_config(engine: Engine) -> Config:
    """An Alembic config built in code: no alembic.ini, the engine passed through."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent)."""
    # Alembic's context is process-global, so threads take turns.
    with _lock:
        if engine.dialect.name != "postgresql":
            command.upgrade(alembic_config(engine), "head")
            return
        # Several app workers may start at once: one migrates, the others wait, find it done.
        with engine.connect() as lock:
            lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
            try:
                command.upgrade(alembic_config(engine), "head")
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK})


def ensure_schema(engine: Engine) -> None:
    """Migrate once per engine and process: the first open of the database does it."""
    if engine in _migrated:
        return
    with _lock:
        if engine not in _migrated:
            migrate(engine)
            _migrated.add(engine)


def ensure_reachable_schema(engine: Engine) -> None:
    """`ensure_schema`, with an unreachable database reported as one line of our own."""
    try:
        ensure_schema(engine)
    except OperationalError as exc:
        first_line = str(exc.orig or exc).strip().splitlines()[0]
        raise DatabaseUnavailableError(
            f"Cannot open the registry database {engine.url.render_as_string()}: {first_line}; "
            "check ARENA_DATABASE_URL"
        ) from None


def hold_transaction_lock(session: Session, key: int) -> None:
    """On PostgreSQL, wait for the advisory lock `key` until this transaction ends.

    Workers on several hosts then take turns at a check-then-insert. SQLite has no such lock;
    there a unique column must make the second insert fail (`open_session` reports it).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=key))  # type: ignore[call-overload]


@contextmanager
def open_session(engine: Engine) -> Iterator[Session]:
    """A session on a migrated database; commits are the caller's, rollback on error."""
    ensure_reachable_schema(engine)
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        except IntegrityError:
            session.rollback()
            # A unique value taken by a concurrent writer between our check and our insert.
            raise AlreadyExistsError("That conflicts with an existing record; try again") from None
        except BaseException:
            session.rollback()
            raise
