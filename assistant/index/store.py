"""The chunk store: the one source of truth for ingested text, its documents and embeddings.

The dense (Chroma) and keyword (BM25) indexes are derived from it. Every change bumps a
revision number in the same transaction, so a derived index that records the revision it was
built from can tell, after a crash, that it is stale and must be rebuilt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine

from assistant.errors import ConfigError
from assistant.index.chunks import Chunk

metadata = MetaData()
# The PostgreSQL advisory lock under which the store's tables are created ("ARENA" in ASCII).
_SCHEMA_LOCK = 0x4152454E41

documents = Table(
    "documents",
    metadata,
    Column("source", String(512), primary_key=True),
    Column("path", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("file_type", String(16), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("pipeline", String(64), nullable=False),
    Column("visibility", String(128), nullable=False),
    Column("ingested_at", String(40), nullable=False),
    Column("chunk_count", Integer, nullable=False),
)

chunks = Table(
    "chunks",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("source", String(512), ForeignKey("documents.source"), nullable=False, index=True),
    Column("ordinal", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("heading", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("metadata", Text, nullable=False),
)

embedding_cache = Table(
    "embedding_cache",
    metadata,
    Column("model", String(256), primary_key=True),
    Column("content_hash", String(64), primary_key=True),
    Column("vector", LargeBinary, nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("path", Text, primary_key=True),
    Column("source", String(512), nullable=False),
    Column("error", Text, nullable=False),
    Column("failed_at", String(40), nullable=False),
)

state = Table(
    "state",
    metadata,
    Column("key", String(128), primary_key=True),
    Column("number", Float, nullable=False),
)


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back from the store."""

    id: str
    source: str
    ordinal: int
    text: str
    heading: str
    location: str
    content_hash: str
    metadata: dict[str, str | int]

    @property
    def index_text(self) -> str:
        if self.heading and self.heading.lower() not in self.text[: len(self.heading) + 20].lower():
            return f"{self.heading}\n{self.text}"
        return self.text


@dataclass(frozen=True)
class DocumentInfo:
    source: str
    path: str
    title: str
    file_type: str
    content_hash: str
    pipeline: str
    visibility: str
    ingested_at: str
    chunk_count: int


@dataclass(frozen=True)
class Failure:
    path: str
    source: str
    error: str
    failed_at: str


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ChunkStore:
    """Documents, chunks, cached embeddings and ingest failures in one SQL database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Workers starting together on an empty database would race to CREATE TABLE;
                # the lock makes them take turns (it ends with this transaction).
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
            metadata.create_all(conn)

    # Revisions -------------------------------------------------------------------------------

    def revision(self) -> int:
        return int(self._state("revision"))

    def derived_revision(self, name: str) -> int:
        """The revision an index named `name` was last built from (-1 if never)."""
        return int(self._state(f"built:{name}", default=-1))

    def mark_derived(self, name: str, revision: int) -> None:
        with self.engine.begin() as conn:
            self._set_state(conn, f"built:{name}", revision)

    def _state(self, key: str, default: float = 0) -> float:
        with self.engine.connect() as conn:
            value = conn.execute(select(state.c.number).where(state.c.key == key)).scalar()
        return default if value is None else value

    @staticmethod
    def _set_state(conn: Connection, key: str, number: float) -> None:
        changed = conn.execute(update(state).where(state.c.key == key).values(number=number))
        if changed.rowcount == 0:
            conn.execute(insert(state).values(key=key, number=number))

    def _bump(self, conn: Connection) -> int:
        current = conn.execute(select(state.c.number).where(state.c.key == "revision")).scalar()
        new = int(current or 0) + 1
        self._set_state(conn, "revision", new)
        return new

    # Documents -------------------------------------------------------------------------------

    def document(self, source: str) -> DocumentInfo | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.source == source)).first()
        return DocumentInfo(**row._mapping) if row else None

    def documents(self) -> list[DocumentInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(documents).order_by(documents.c.source)).all()
        return [DocumentInfo(**row._mapping) for row in rows]

    def replace_document(
        self, info: DocumentInfo, new_chunks: list[Chunk]
    ) -> tuple[list[str], int]:
        """Swap a document's chunks for new ones in one transaction; return the old chunk ids."""
        with self.engine.begin() as conn:
            old_ids = list(
                conn.execute(select(chunks.c.id).where(chunks.c.source == info.source)).scalars()
            )
            conn.execute(delete(chunks).where(chunks.c.source == info.source))
            conn.execute(delete(documents).where(documents.c.source == info.source))
            conn.execute(insert(documents).values(**info.__dict__))
            if new_chunks:
                conn.execute(
                    insert(chunks),
                    [
                        {
                            "id": c.id,
                            "source": c.source,
                            "ordinal": c.ordinal,
                            "text": c.text,
                            "heading": c.heading,
                            "location": c.location,
                            "content_hash": c.content_hash,
                            "metadata": json.dumps(c.metadata, ensure_ascii=False),
                        }
                        for c in new_chunks
                    ],
                )
            conn.execute(delete(failures).where(failures.c.path == info.path))
            revision = self._bump(conn)
        return old_ids, revision

    def remove_document(self, source: str) -> tuple[list[str], int]:
        """Delete a document and its chunks; return the removed chunk ids and the new revision."""
        with self.engine.begin() as conn:
            ids = list(conn.execute(select(chunks.c.id).where(chunks.c.source == source)).scalars())
            conn.execute(delete(chunks).where(chunks.c.source == source))
            conn.execute(delete(documents).where(documents.c.source == source))
            conn.execute(delete(failures).where(failures.c.source == source))
            revision = self._bump(conn)
        return ids, revision

    # Chunks ----------------------------------------------------------------------------------

    def chunk_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(chunks)).scalar() or 0)

    def chunk_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(chunks.c.id)).scalars())

    def chunk_sources(self) -> dict[str, str]:
        """Every chunk id with its document's source name."""
        with self.engine.connect() as conn:
            return dict(conn.execute(select(chunks.c.id, chunks.c.source)).tuples().all())

    def chunk_metadata(self) -> dict[str, dict[str, str | int]]:
        """Every chunk id with the metadata a dense index stores beside its vector."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(chunks.c.id, chunks.c.metadata)).all()
        return {chunk_id: json.loads(raw) for chunk_id, raw in rows}

    def iter_chunks(self, ids: Iterable[str] | None = None) -> Iterator[StoredChunk]:
        query = select(chunks).order_by(chunks.c.source, chunks.c.ordinal)
        with self.engine.connect() as conn:
            if ids is None:
                rows = conn.execute(query).all()
            else:
                wanted = list(ids)
                rows = []
                for start in range(0, len(wanted), 500):
                    batch = wanted[start : start + 500]
                    rows.extend(conn.execute(query.where(chunks.c.id.in_(batch))).all())
        for row in rows:
            values = dict(row._mapping)
            values["metadata"] = json.loads(values["metadata"])
            yield StoredChunk(**values)

    def get_chunks(self, ids: list[str]) -> dict[str, StoredChunk]:
        return {c.id: c for c in self.iter_chunks(ids)}

    def visibilities(self) -> set[str]:
        """The visibility tags of the documents in the store."""
        with self.engine.connect() as conn:
            return set(conn.execute(select(documents.c.visibility).distinct()).scalars())

    def readable_chunks(self, tags: Iterable[str]) -> Iterator[StoredChunk]:
        """The chunks of documents whose visibility is one of `tags`, in store order."""
        wanted = list(tags)
        with self.engine.connect() as conn:
            sources = set(
                conn.execute(
                    select(documents.c.source).where(documents.c.visibility.in_(wanted))
                ).scalars()
            )
        return (c for c in self.iter_chunks() if c.source in sources)

    # Embedding cache -------------------------------------------------------------------------

    def cached_vectors(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(hashes), 500):
                batch = hashes[start : start + 500]
                rows = conn.execute(
                    select(embedding_cache.c.content_hash, embedding_cache.c.vector).where(
                        embedding_cache.c.model == model,
                        embedding_cache.c.content_hash.in_(batch),
                    )
                ).all()
                for digest, blob in rows:
                    found[digest] = np.frombuffer(blob, dtype=np.float32)
        return found

    def cache_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Keep vectors by content hash; a vector another writer cached meanwhile is kept as is.

        One statement that skips existing keys (ON CONFLICT DO NOTHING), not read-then-insert:
        two answers or processes embedding the same sentence at once must both succeed.
        """
        if not vectors:
            return
        rows = [
            {"model": model, "content_hash": h, "vector": v.astype(np.float32).tobytes()}
            for h, v in vectors.items()
        ]
        statement = _insert_ignoring_duplicates(self.engine, embedding_cache)
        with self.engine.begin() as conn:
            for start in range(0, len(rows), 500):
                conn.execute(statement, rows[start : start + 500])

    # Failures --------------------------------------------------------------------------------

    def record_failure(self, path: str, source: str, error: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(failures).where(failures.c.path == path))
            conn.execute(
                insert(failures).values(path=path, source=source, error=error, failed_at=now_iso())
            )

    def failures(self) -> list[Failure]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(failures).order_by(failures.c.failed_at)).all()
        return [Failure(**row._mapping) for row in rows]


def _insert_ignoring_duplicates(engine: Engine, table: Table) -> Any:
    """INSERT that skips rows whose primary key exists, in the engine's own dialect."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif engine.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        raise ConfigError(
            f"The chunk store supports SQLite and PostgreSQL, not {engine.dialect.name}"
        )
    return dialect_insert(table).on_conflict_do_nothing()
