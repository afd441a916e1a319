"""Ingest files into the chunk store and keep the dense and keyword indexes derived from it."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.chunk_store import ChunkStore, DocumentInfo, now_iso
from assistant.config import Settings
from assistant.embeddings import CachedEmbeddings
from assistant.errors import DocumentNotFoundError, IngestError
from assistant.keyword_index import KeywordIndex
from assistant.vector_index import DenseIndex
from ingest.chunking import Chunk, chunk_document, content_hash
from ingest.cleaning import clean_blocks
from ingest.loaders import find_files, load_file

logger = logging.getLogger(__name__)

# Bump when cleaning or chunking changes, so unchanged files are re-chunked once.
PIPELINE_VERSION = "6"

Progress = Callable[[str, str], None]


@dataclass
class IngestReport:
    """What one `ingest` call did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    chunks: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


class Indexer:
    """Writes documents to the chunk store first, then brings the derived indexes up to date."""

    def __init__(
        self,
        settings: Settings,
        store: ChunkStore,
        embeddings: CachedEmbeddings,
        dense: DenseIndex,
        keyword: KeywordIndex,
    ) -> None:
        self.settings = settings
        self.store = store
        self.embeddings = embeddings
        self.dense = dense
        self.keyword = keyword

    @property
    def dense_name(self) -> str:
        return f"dense:{self.embeddings.model_id}"

    def pipeline_fingerprint(self) -> str:
        raw = f"{PIPELINE_VERSION}:{self.settings.chunk_chars}:{self.settings.chunk_overlap}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    # Ingest ----------------------------------------------------------------------------------

    def ingest(
        self,
        paths: list[Path],
        visibility: str | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest files and folders; one bad file is reported and the rest still land."""
        started = time.perf_counter()
        report = IngestReport()
        visibility = visibility or self.settings.default_visibility
        self.sync()
        seen: dict[str, Path] = {}
        for path in find_files(paths):
            if progress:
                progress(path.name, "start")
            try:
                if path.name in seen and seen[path.name].resolve() != path.resolve():
                    raise IngestError(
                        f"{path}: another file named '{path.name}' ({seen[path.name]}) is in this "
                        "batch; documents are known by file name, so rename one of them"
                    )
                seen[path.name] = path
                status, count = self.ingest_file(path, visibility)
            except IngestError as exc:
                message = str(exc)
                report.failed.append((str(path), message))
                self.store.record_failure(str(path.resolve()), path.name, message)
                logger.info("%s", message)
                if progress:
                    progress(path.name, "failed")
                continue
            getattr(report, status).append(path.name)
            report.chunks += count
            if progress:
                progress(path.name, status)
        self.refresh_keyword_index()
        report.seconds = time.perf_counter() - started
        return report

    def ingest_file(self, path: Path, visibility: str) -> tuple[str, int]:
        """Ingest one file; returns ('added' | 'updated' | 'unchanged', chunk count)."""
        max_bytes = int(self.settings.max_file_mb * 1_000_000)
        document = load_file(path, max_bytes)
        pipeline = self.pipeline_fingerprint()
        existing = self.store.document(document.source)
        if (
            existing is not None
            and existing.content_hash == document.content_hash
            and existing.pipeline == pipeline
            and existing.visibility == visibility
        ):
            return "unchanged", existing.chunk_count
        document.blocks = clean_blocks(document.blocks)
        ingested_at = now_iso()
        chunks = chunk_document(
            document,
            self.settings.chunk_chars,
            self.settings.chunk_overlap,
            visibility,
            ingested_at,
        )
        if not chunks:
            raise IngestError(f"{path.name}: no text left after cleaning")
        # Embed before touching the store: a crash here leaves the old version fully intact.
        vectors = self.embeddings.embed_hashed([(_embed_key(c), c.index_text) for c in chunks])
        info = DocumentInfo(
            source=document.source,
            path=document.path,
            title=document.title,
            file_type=document.file_type,
            content_hash=document.content_hash,
            pipeline=pipeline,
            visibility=visibility,
            ingested_at=ingested_at,
            chunk_count=len(chunks),
        )
        in_sync = self.store.derived_revision(self.dense_name) == self.store.revision()
        old_ids, revision = self.store.replace_document(info, chunks)
        new_ids = {c.id for c in chunks}
        self.dense.delete([i for i in old_ids if i not in new_ids])
        self.dense.upsert(
            [c.id for c in chunks],
            [vectors[_embed_key(c)] for c in chunks],
            [c.metadata for c in chunks],
        )
        if in_sync:
            self.store.mark_derived(self.dense_name, revision)
        return ("updated" if existing else "added"), len(chunks)

    # Remove ----------------------------------------------------------------------------------

    def remove(self, name: str) -> int:
        """Delete a whole document by its file name; returns how many chunks went."""
        source = Path(name).name
        if self.store.document(source) is None:
            raise DocumentNotFoundError(f"No document named '{source}': see `arena sources`")
        in_sync = self.store.derived_revision(self.dense_name) == self.store.revision()
        ids, revision = self.store.remove_document(source)
        self.dense.delete(ids)
        if in_sync:
            self.store.mark_derived(self.dense_name, revision)
        self.refresh_keyword_index()
        return len(ids)

    # Derived indexes -------------------------------------------------------------------------

    def sync(self) -> None:
        """Make both derived indexes match the chunk store (after a crash or a model change)."""
        self.sync_dense()
        self.ensure_keyword_current()

    def sync_dense(self) -> None:
        revision = self.store.revision()
        if self.store.derived_revision(self.dense_name) == revision:
            return
        wanted = self.store.chunk_ids()
        present = self.dense.ids()
        extra = sorted(present - wanted)
        missing = sorted(wanted - present)
        if extra:
            self.dense.delete(extra)
        if missing:
            logger.info("Adding %d chunks missing from the dense index", len(missing))
            chunks = list(self.store.iter_chunks(missing))
            vectors = self.embeddings.embed_hashed([(_embed_key(c), c.index_text) for c in chunks])
            self.dense.upsert(
                [c.id for c in chunks],
                [vectors[_embed_key(c)] for c in chunks],
                [c.metadata for c in chunks],
            )
        self.store.mark_derived(self.dense_name, revision)

    def ensure_keyword_current(self) -> None:
        """Load or rebuild the keyword index when the store has moved on since it was built."""
        revision = self.store.revision()
        if self.keyword.revision == revision:
            return
        if self.keyword.load() and self.keyword.revision == revision:
            return
        self.refresh_keyword_index()

    def refresh_keyword_index(self) -> None:
        revision = self.store.revision()
        if self.keyword.revision == revision and len(self.keyword) == self.store.chunk_count():
            return
        self.keyword.build(
            ((c.id, c.source, c.index_text) for c in self.store.iter_chunks()), revision
        )


def _embed_key(chunk: Chunk | object) -> str:
    return content_hash(chunk.index_text)  # type: ignore[attr-defined]
