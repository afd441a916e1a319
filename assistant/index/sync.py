"""The knowledge index: the chunk store and the two indexes derived from it, kept in step."""

from __future__ import annotations

import logging

from assistant.index.access import Viewer
from assistant.index.audiences import AudienceIndexes
from assistant.index.chunks import embed_key
from assistant.index.dense import DenseIndex
from assistant.index.embeddings import CachedEmbeddings
from assistant.index.keyword import KeywordIndex
from assistant.index.store import ChunkStore
from assistant.text.analysis import NorwegianAnalyzer

logger = logging.getLogger(__name__)


class KnowledgeIndex:
    """The store is the source of truth; dense and keyword indexes follow its revision number.

    Writers (the ingest pipeline) change the store and then the derived indexes; readers call
    `ensure_current()` and rebuild whatever lags behind, so a crash between the two steps or
    another process's write is repaired on the next read.
    """

    def __init__(
        self,
        store: ChunkStore,
        embeddings: CachedEmbeddings,
        dense: DenseIndex,
        keyword: KeywordIndex,
    ) -> None:
        self.store = store
        self.embeddings = embeddings
        self.dense = dense
        self.keyword = keyword
        self.audiences = AudienceIndexes(store, keyword.split_compounds)

    @property
    def dense_name(self) -> str:
        """The derived-index name under which the store records the dense index's revision."""
        return f"dense:{self.embeddings.model_id}"

    @property
    def analyzer(self) -> NorwegianAnalyzer:
        """The word analysis the keyword index was built with (rebuilt with it)."""
        return self.keyword.analyzer

    def keyword_for(self, viewer: Viewer) -> KeywordIndex:
        """The keyword index over exactly the documents `viewer` may read (call after sync)."""
        revision = self.keyword.revision
        tags = self.audiences.readable(viewer, revision)
        if tags is None:
            return self.keyword
        return self.audiences.index_for(tags, revision)

    def dense_in_sync(self) -> bool:
        return self.store.derived_revision(self.dense_name) == self.store.revision()

    def ensure_current(self) -> None:
        """Sync only when the store has moved on: cheap enough to call before every search."""
        revision = self.store.revision()
        if self.keyword.revision != revision or not self.dense_in_sync():
            self.sync()

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
            vectors = self.embeddings.embed_hashed([(embed_key(c), c.index_text) for c in chunks])
            self.dense.upsert(
                [c.id for c in chunks],
                [vectors[embed_key(c)] for c in chunks],
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
