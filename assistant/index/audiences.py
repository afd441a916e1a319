"""Keyword indexes per audience: BM25 over only the documents a group of viewers may read."""

from __future__ import annotations

import threading
from collections import OrderedDict

from assistant.index.access import Viewer
from assistant.index.keyword import KeywordIndex, KeywordSnapshot
from assistant.index.store import ChunkStore
from assistant.text.analysis import CompoundMode


class AudienceIndexes:
    """In-memory keyword indexes for viewers who may not read every document.

    BM25's term statistics (and the analyzer's learned compounds) come from the documents
    indexed, so an index shared with private documents would let those documents shift the
    scores others see. Each distinct set of readable tags gets its own index instead, built on
    first use and rebuilt when the store's revision moves. While no private document exists,
    every viewer reads everything and the shared index serves them all at no cost.
    """

    def __init__(self, store: ChunkStore, split_compounds: CompoundMode, capacity: int = 16):
        self.store = store
        self.split_compounds = split_compounds
        self.capacity = capacity
        self._indexes: OrderedDict[frozenset[str], KeywordSnapshot] = OrderedDict()
        self._present: tuple[int, frozenset[str]] = (-1, frozenset())
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every audience index (they are rebuilt on next use)."""
        with self._lock:
            self._indexes.clear()

    def readable(self, viewer: Viewer, revision: int) -> frozenset[str] | None:
        """The tags `viewer` reads among those in the store; None when that is all of them."""
        cached_revision, present = self._present
        if cached_revision != revision:
            present = frozenset(self.store.visibilities())
            self._present = (revision, present)
        return viewer.readable(present)

    def index_for(self, tags: frozenset[str], revision: int) -> KeywordSnapshot:
        """The keyword index over documents tagged with one of `tags`, at `revision`."""
        with self._lock:
            index = self._indexes.get(tags)
            if index is not None and index.revision == revision:
                self._indexes.move_to_end(tags)
                return index
            builder = KeywordIndex(None, split_compounds=self.split_compounds)
            builder.build(
                ((c.id, c.source, c.index_text) for c in self.store.readable_chunks(tags)),
                revision,
            )
            index = builder.snapshot()
            self._indexes[tags] = index
            self._indexes.move_to_end(tags)
            while len(self._indexes) > self.capacity:
                self._indexes.popitem(last=False)
            return index
