"""Database engines and the Chroma client: embedded files by default, servers for scale-out."""

from __future__ import annotations

import fcntl
import os
import re
import threading
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


# The lock file that names the one process allowed to open the embedded Chroma files.
CHROMA_LOCK = "owner.lock"

_owned: dict[str, int] = {}  # lock path -> open descriptor, held for the process's life
_owned_pid = os.getpid()
_owned_guard = threading.Lock()


def claim_chroma_files(path: Path) -> bool:
    """Take the embedded Chroma files at `path` for this process, or say another process has them.

    Chroma's embedded files break when two processes write them (a running server then fails
    with "Error finding id"), so an exclusive `flock` picks one owner and keeps it until the
    owner exits; the kernel frees it even after a SIGKILL. Several clients in the owning
    process share Chroma's one in-process system, which is safe.
    """
    global _owned_pid
    path.mkdir(parents=True, exist_ok=True)
    key = str((path / CHROMA_LOCK).resolve())
    with _owned_guard:
        if _owned_pid != os.getpid():
            # A forked child inherits the parent's descriptor but not its ownership; its own
            # flock below fails while the parent's lock stands.
            _owned.clear()
            _owned_pid = os.getpid()
        if key in _owned:
            return True
        fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())  # for a person wondering who holds it
        _owned[key] = fd
        return True


def chroma_is_shared(client: Any) -> bool:
    """True when other processes see this client's collections (files we own, or a server).

    A private in-memory client is what a process gets while another one owns the files: it
    is filled from the chunk store and never marks the shared index's revision.
    """
    settings = client.get_settings()
    return bool(settings.is_persistent) or "fastapi" in str(settings.chroma_api_impl).lower()


def make_chroma_client(settings: Settings) -> Any:
    """A Chroma server's client, the embedded files (one owner process) or a private copy."""
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
    if claim_chroma_files(path):
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    # Another process (the running server, a first worker) owns the files: work in memory.
    return chromadb.EphemeralClient(settings=chroma_settings)


def make_registry_engine(settings: Settings) -> Engine:
    """The registry database engine (SQLite by default, PostgreSQL for several workers)."""
    url = settings.registry_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        return create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    return create_engine(url, pool_pre_ping=True)
