"""Dense index: a Chroma collection holding one vector per chunk, given precomputed vectors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

# Chroma refuses batches over its server's limit (a few thousand); 1000 stays well under it.
_BATCH = 1000
_PAGE = 5000


class DenseIndex:
    """Cosine search over chunk vectors in a Chroma collection (local or server).

    The collection never embeds anything itself: vectors come from our own cached model, so
    Chroma's default embedding function (which downloads a model) is never used.

    A shared index (embedded files this process owns, or a Chroma server) is the one every
    process reads, so the chunk store records which revision it matches. A private one (an
    in-memory copy in a process that does not own the files) records that only in `revision`.
    """

    def __init__(self, collection: Any, shared: bool = True) -> None:
        self.collection = collection
        self.shared = shared
        self.revision = -1  # the store revision a private copy matches; unused when shared

    def count(self) -> int:
        return int(self.collection.count())

    def ids(self) -> set[str]:
        return set(self.metadata(include_metadata=False))

    def metadata(self, include_metadata: bool = True) -> dict[str, dict[str, Any]]:
        """Every chunk id with its metadata (empty dicts when `include_metadata` is False)."""
        found: dict[str, dict[str, Any]] = {}
        include = ["metadatas"] if include_metadata else []
        offset = 0
        while True:
            page = self.collection.get(include=include, limit=_PAGE, offset=offset)
            metadatas = page.get("metadatas") if include_metadata else None
            for n, chunk_id in enumerate(page["ids"]):
                found[chunk_id] = dict(metadatas[n] or {}) if metadatas else {}
            if len(page["ids"]) < _PAGE:
                return found
            offset += _PAGE

    def upsert(
        self,
        ids: Sequence[str],
        vectors: Sequence[np.ndarray],
        metadatas: Sequence[dict[str, str | int]],
    ) -> None:
        for start in range(0, len(ids), _BATCH):
            end = start + _BATCH
            self.collection.upsert(
                ids=list(ids[start:end]),
                embeddings=[np.asarray(v, dtype=np.float32) for v in vectors[start:end]],
                metadatas=[dict(m) for m in metadatas[start:end]],
            )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _BATCH):
            self.collection.delete(ids=list(ids[start : start + _BATCH]))

    def search(
        self, vector: Sequence[float], limit: int, visibility: list[str] | None = None
    ) -> list[tuple[str, float]]:
        """Nearest chunk ids with cosine similarity, highest first.

        `visibility` None searches every chunk; a list searches only chunks tagged with one of
        its tags (an empty list finds nothing).
        """
        if limit < 1 or (visibility is not None and not visibility):
            return []
        where = {"visibility": {"$in": list(visibility)}} if visibility is not None else None
        # Chroma returns what it has when asked for more (also from an empty collection), so
        # no count first: that was one more database round trip per search.
        result = self.collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=limit,
            where=where,
            include=["distances"],
        )
        ids = result["ids"][0]
        distances = result["distances"][0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        result = self.collection.get(ids=list(ids), include=["embeddings"])
        return {
            i: np.asarray(v, dtype=np.float32)
            for i, v in zip(result["ids"], result["embeddings"], strict=True)
        }
