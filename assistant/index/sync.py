"""The knowledge index: the chunk store and the two indexes derived from it, kept in step."""

from __future__ import annotations

import logging
import threading

from assistant.index.access import Viewer
from assistant.index.audiences import AudienceIndexes
from assistant.index.chunks import embed_key
from assistant.index.dense import DenseIndex
from assistant.index.embeddings import CachedEmbeddings
from assistant.index.keyword import KeywordIndex, KeywordSnapshot
from assistant.index.store import ChunkStore, DocumentInfo
from assistant.text.analysis import NorwegianAnalyzer

logger = logging.getLogger(__name__)


class KnowledgeIndex:
    """The store is the source of truth; dense and keyword indexes follow its revision number.

    Writers (the ingest pipeline) change the store and then the derived indexes; readers call
    `ensure_current()` and rebuild whatever lags behind, so a crash between the two steps or
    another process's write is repaired on the next read.

    Where the dense index is shared by processes (the embedded Chroma files, which one process
    owns, or a Chroma server), the store records the revision it matches. A private in-memory
    copy (in a process that does not own the files) keeps its revision to itself and is filled
    from the store's cached vectors on its first search, so no model call is needed.
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
        self.keyword_index = keyword
        self.audiences = AudienceIndexes(store, keyword.split_compounds)
        # One sync at a time per process: two request threads seeing the same new revision
        # would otherwise both rebuild.
        self._lock = threading.RLock()
        # The store's documents as of this process's last dense sync (None before the first).
        self._synced_documents: dict[str, DocumentInfo] | None = None

    @property
    def keyword(self) -> KeywordSnapshot:
        """The current keyword index, whole: a search keeps it even if a rebuild lands meanwhile."""
        return self.keyword_index.snapshot()

    @property
    def dense_name(self) -> str:
        """The derived-index name under which the store records the dense index's revision."""
        return f"dense:{self.embeddings.model_id}"

    @property
    def analyzer(self) -> NorwegianAnalyzer:
        """The word analysis the keyword index was built with (rebuilt with it)."""
        return self.keyword.analyzer

    def keyword_for(self, viewer: Viewer) -> KeywordSnapshot:
        """The keyword index over exactly the documents `viewer` may read (call after sync)."""
        return self.audience(viewer)[0]

    def audience(self, viewer: Viewer) -> tuple[KeywordSnapshot, frozenset[str] | None]:
        """The viewer's keyword index and the tags it reads (None: every document)."""
        current = self.keyword
        tags = self.audiences.readable(viewer, current.revision)
        if tags is None:
            return current, None
        return self.audiences.index_for(tags, current.revision), tags

    # Revisions ---------------------------------------------------------------------------------

    def dense_revision(self) -> int:
        """The store revision the dense index matches (-1 when unknown)."""
        if self.dense.shared:
            return self.store.derived_revision(self.dense_name)
        return self.dense.revision

    def mark_dense(self, revision: int) -> None:
        """Record that the dense index matches `revision`; a private copy tells no one else."""
        self._record_revision(revision)
        with self._lock:
            if self._synced_documents is None:
                return
            # A writer in this process keeps the index in step itself; remember the documents
            # it holds now, unless someone wrote since (then they are not all in it yet).
            documents = {d.source: d for d in self.store.documents()}
            if self.store.revision() == revision:
                self._synced_documents = documents

    def _record_revision(self, revision: int) -> None:
        if self.dense.shared:
            self.store.mark_derived(self.dense_name, revision)
        else:
            self.dense.revision = revision

    def dense_in_sync(self) -> bool:
        return self.dense_revision() == self.store.revision()

    # Sync --------------------------------------------------------------------------------------

    def ensure_current(self) -> None:
        """Sync only when the store has moved on: cheap enough to call before every search."""
        revision = self.store.revision()
        if self.keyword_index.revision == revision and self.dense_revision() == revision:
            return
        with self._lock:
            self._sync(fill_private=True)

    def sync(self) -> None:
        """Make both derived indexes match the chunk store (after a crash or a model change).

        A private dense copy that no search has filled yet stays empty: a process that only
        writes (`arena ingest` while the server runs) never needs it.
        """
        with self._lock:
            self._sync(fill_private=False)

    def _sync(self, fill_private: bool) -> None:
        if fill_private or self.dense.shared or self.dense.revision >= 0:
            self.sync_dense()
        self.ensure_keyword_current()

    def sync_dense(self) -> None:
        """Bring the dense index to the store: add or refresh what differs, drop what is gone."""
        with self._lock:
            revision = self.store.revision()
            if self.dense_revision() == revision:
                return
            documents = {d.source: d for d in self.store.documents()}
            # Read the index before the store: writers commit to the store first, so a chunk a
            # writer added in between is in the store read and is never taken for a stray.
            if self._synced_documents is None:
                # First sync in this process: compare every chunk's metadata, which catches a
                # document re-ingested with another visibility (same text, so same chunk ids).
                present = self.dense.metadata()
                wanted = self.store.chunk_metadata()
                stale = [i for i, meta in wanted.items() if present.get(i) != meta]
            else:
                # Later syncs compare documents, not chunks: far cheaper on a large index.
                changed = {
                    source
                    for source, info in documents.items()
                    if self._synced_documents.get(source) != info
                }
                present = self.dense.metadata(include_metadata=False)
                sources = self.store.chunk_sources()
                stale = [
                    i for i, source in sources.items() if source in changed or i not in present
                ]
                wanted = dict.fromkeys(sources)
            if stale:
                logger.info("Adding or refreshing %d chunks in the dense index", len(stale))
                chunks = list(self.store.iter_chunks(sorted(stale)))
                vectors = self.embeddings.embed_hashed(
                    [(embed_key(c), c.index_text) for c in chunks]
                )
                self.dense.upsert(
                    [c.id for c in chunks],
                    [vectors[embed_key(c)] for c in chunks],
                    [c.metadata for c in chunks],
                )
                # Another process may have removed some of those chunks since we read them;
                # look again so none comes back as a stray.
                present = self.dense.metadata(include_metadata=False)
                wanted = dict.fromkeys(self.store.chunk_ids())
            extra = sorted(set(present) - set(wanted))
            if extra:
                self.dense.delete(extra)
            # The revision read first: anything written since is repaired on the next read.
            self._record_revision(revision)
            self._synced_documents = documents

    def ensure_keyword_current(self) -> None:
        """Load or rebuild the keyword index when the store has moved on since it was built."""
        with self._lock:
            revision = self.store.revision()
            if self.keyword_index.revision == revision:
                return
            if self.keyword_index.load() and self.keyword_index.revision == revision:
                return
            self.refresh_keyword_index()

    def refresh_keyword_index(self) -> None:
        with self._lock:
            revision = self.store.revision()
            if (
                self.keyword_index.revision == revision
                and len(self.keyword_index) == self.store.chunk_count()
            ):
                return
            self.keyword_index.build(
                ((c.id, c.source, c.index_text) for c in self.store.iter_chunks()), revision
            )
