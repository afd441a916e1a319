"""Ingest files into the chunk store and keep the dense and keyword indexes derived from it."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from assistant.errors import DocumentNotFoundError, IngestError
from assistant.index.chunks import content_hash, embed_key
from assistant.index.store import DocumentInfo, now_iso
from assistant.index.sync import KnowledgeIndex
from assistant.text.answer_units import unit_texts
from ingest.chunking import chunk_document
from ingest.cleaning import clean_blocks
from ingest.loaders import find_files, load_file

logger = logging.getLogger(__name__)

# Bump when cleaning, chunking or what is embedded changes, so unchanged files are redone once.
# 7: the units extractive answers score are embedded at ingest.
# 8: reference-list entries and bare links are no answer units.
PIPELINE_VERSION = "8"

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

    def __init__(self, settings: Settings, index: KnowledgeIndex) -> None:
        self.settings = settings
        self.index = index
        self.store = index.store
        self.embeddings = index.embeddings
        self.dense = index.dense

    def pipeline_fingerprint(self) -> str:
        raw = f"{PIPELINE_VERSION}:{self.settings.chunk_chars}:{self.settings.chunk_overlap}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    # Ingest ----------------------------------------------------------------------------------

    def ingest(
        self,
        paths: list[Path],
        visibility: str | None = None,
        progress: Progress | None = None,
        keep_others: bool = False,
    ) -> IngestReport:
        """Ingest files and folders; one bad file is reported and the rest still land.

        With `keep_others`, a file is refused when a document of the same name is kept for
        other readers (another visibility): an upload must not replace or re-tag a document
        its uploader was not given. Without it (the operator's CLI) such a file replaces it.
        """
        started = time.perf_counter()
        report = IngestReport()
        visibility = visibility or self.settings.default_visibility
        self.index.sync()
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
                if keep_others:
                    self._refuse_others(path, visibility)
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
        self.index.refresh_keyword_index()
        report.seconds = time.perf_counter() - started
        return report

    def _refuse_others(self, path: Path, visibility: str) -> None:
        existing = self.store.document(path.name)
        if existing is not None and existing.visibility != visibility:
            raise IngestError(
                f"{path.name}: a document with this name is already kept for other readers; "
                "rename the file and upload it again"
            )

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
        # The units answers score are embedded too, so no question pays for embedding them.
        units = unit_texts([c.text for c in chunks])
        vectors = self.embeddings.embed_hashed(
            [(embed_key(c), c.index_text) for c in chunks] + [(content_hash(t), t) for t in units]
        )
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
        in_sync = self.index.dense_in_sync()
        old_ids, revision = self.store.replace_document(info, chunks)
        new_ids = {c.id for c in chunks}
        self.dense.delete([i for i in old_ids if i not in new_ids])
        self.dense.upsert(
            [c.id for c in chunks],
            [vectors[embed_key(c)] for c in chunks],
            [c.metadata for c in chunks],
        )
        if in_sync:
            self.index.mark_dense(revision)
        return ("updated" if existing else "added"), len(chunks)

    # Remove ----------------------------------------------------------------------------------

    def remove(self, name: str) -> int:
        """Delete a whole document by its file name; returns how many chunks went."""
        source = Path(name).name
        if self.store.document(source) is None:
            raise DocumentNotFoundError(f"No document named '{source}': see `arena sources`")
        in_sync = self.index.dense_in_sync()
        ids, revision = self.store.remove_document(source)
        self.dense.delete(ids)
        if in_sync:
            self.index.mark_dense(revision)
        self.index.refresh_keyword_index()
        return len(ids)
