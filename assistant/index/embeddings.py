"""A content-hash cache in front of any embedding model: each distinct text is embedded once."""

from __future__ import annotations

import threading

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.index.store import ChunkStore

# Retrieval, answer scoring and verification embed the same question in turn; a few hundred
# recent questions cover every chat session's follow-ups at a few hundred KB.
_QUERY_CACHE_SIZE = 256


class CachedEmbeddings(Embeddings):
    """Embeds each distinct text once per model: vectors are kept in the chunk store by hash."""

    def __init__(self, inner: Embeddings, store: ChunkStore, model_id: str) -> None:
        self.inner = inner
        self.store = store
        self.model_id = model_id
        self._queries: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        # Hashes some thread of this process is embedding now; others wait for its vectors.
        self._embedding: dict[str, threading.Event] = {}

    def embed_hashed(self, items: list[tuple[str, str]]) -> dict[str, np.ndarray]:
        """Vectors for (content_hash, text) pairs, embedding only those not cached yet.

        Concurrent answers often need the same texts (an index older than its unit vectors,
        a document just added): each text is embedded by the first thread to need it, and
        the others wait for its vectors instead of embedding them again.
        """
        hashes = list(dict.fromkeys(h for h, _ in items))
        found = self.store.cached_vectors(self.model_id, hashes)
        missing = {h: t for h, t in items if h not in found}
        while missing:
            mine, theirs = self._claim(missing)
            try:
                if mine:
                    vectors = self.inner.embed_documents(list(mine.values()))
                    fresh = {
                        h: np.asarray(v, dtype=np.float32)
                        for h, v in zip(mine, vectors, strict=True)
                    }
                    self.store.cache_vectors(self.model_id, fresh)
                    found.update(fresh)
            finally:
                self._release(mine)
            for event in theirs.values():
                event.wait()
            if theirs:
                found.update(self.store.cached_vectors(self.model_id, list(theirs)))
            # What another thread failed to embed, this one tries itself.
            missing = {h: missing[h] for h in theirs if h not in found}
        return found

    def _claim(self, missing: dict[str, str]) -> tuple[dict[str, str], dict[str, threading.Event]]:
        """Split `missing` into the texts this thread embeds and those another one is."""
        mine: dict[str, str] = {}
        theirs: dict[str, threading.Event] = {}
        with self._lock:
            for digest, text in missing.items():
                event = self._embedding.get(digest)
                if event is None:
                    self._embedding[digest] = threading.Event()
                    mine[digest] = text
                else:
                    theirs[digest] = event
        return mine, theirs

    def _release(self, claimed: dict[str, str]) -> None:
        with self._lock:
            events = [self._embedding.pop(digest) for digest in claimed]
        for event in events:
            event.set()

    def cached_texts(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The vectors already cached for these texts, by text; nothing is embedded."""
        from assistant.index.chunks import content_hash

        hashes = {t: content_hash(t) for t in texts}
        found = self.store.cached_vectors(self.model_id, list(dict.fromkeys(hashes.values())))
        return {t: found[h] for t, h in hashes.items() if h in found}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        from assistant.index.chunks import content_hash

        items = [(content_hash(t), t) for t in texts]
        vectors = self.embed_hashed(items)
        return [vectors[h].tolist() for h, _ in items]

    def embed_query(self, text: str) -> list[float]:
        # Retrieval, sentence scoring and verification all embed the same question in turn.
        with self._lock:
            cached = self._queries.get(text)
        if cached is None:
            cached = self.inner.embed_query(text)
            with self._lock:
                if len(self._queries) >= _QUERY_CACHE_SIZE:
                    self._queries.pop(next(iter(self._queries)))
                self._queries[text] = cached
        return list(cached)

    def forget_queries(self) -> None:
        """Drop the cached query vectors (benchmarks time each query's embedding honestly)."""
        with self._lock:
            self._queries.clear()
