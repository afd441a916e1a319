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

    def embed_hashed(self, items: list[tuple[str, str]]) -> dict[str, np.ndarray]:
        """Vectors for (content_hash, text) pairs, embedding only those not cached yet."""
        hashes = list(dict.fromkeys(h for h, _ in items))
        found = self.store.cached_vectors(self.model_id, hashes)
        missing = {h: t for h, t in items if h not in found}
        if missing:
            vectors = self.inner.embed_documents(list(missing.values()))
            fresh = {
                h: np.asarray(v, dtype=np.float32) for h, v in zip(missing, vectors, strict=True)
            }
            self.store.cache_vectors(self.model_id, fresh)
            found.update(fresh)
        return found

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
