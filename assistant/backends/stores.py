"""Database engines and the Chroma client: embedded files by default, servers for scale-out."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from assistant.config import Settings, keep_libraries_offline
from assistant.errors import ConfigError


def make_store_engine(url: str) -> Engine:
    """An engine for the chunk store; SQLite gets WAL so readers never block the ingester."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def make_chroma_client(settings: Settings) -> Any:
    keep_libraries_offline()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        match = re.match(r"^(https?)://([^:/]+)(?::(\d+))?/?$", settings.chroma_url)
        if not match:
            raise ConfigError(
                f"ARENA_CHROMA_URL '{settings.chroma_url}' is not like http://host:port"
            )
        scheme, host, port = match.groups()
        return chromadb.HttpClient(
            host=host,
            port=int(port or (443 if scheme == "https" else 8000)),
            ssl=scheme == "https",
            settings=chroma_settings,
        )
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def make_registry_engine(settings: Settings) -> Engine:
    """The registry database engine (SQLite by default, PostgreSQL for several workers)."""
    url = settings.registry_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        return create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    return create_engine(url, pool_pre_ping=True)
