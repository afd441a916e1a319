"""The passage the whole index is made of, and the content hash that names texts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass
class Chunk:
    """One retrievable passage with everything needed to cite it."""

    id: str
    source: str
    ordinal: int
    text: str
    location: str
    heading: str
    content_hash: str
    metadata: dict[str, str | int] = field(default_factory=dict)

    @property
    def index_text(self) -> str:
        """What the retrievers see: the passage under its heading, so short slides keep context."""
        if self.heading and self.heading.lower() not in self.text[: len(self.heading) + 20].lower():
            return f"{self.heading}\n{self.text}"
        return self.text


def content_hash(text: str) -> str:
    """The SHA-256 of a text: the key of cached vectors and of unchanged documents."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embed_key(chunk: Chunk) -> str:
    """The cache key of a chunk's vector: the hash of exactly what the retrievers see."""
    return content_hash(chunk.index_text)
