"""The embedding cache: documents once per model by content hash, queries once per process."""

from __future__ import annotations

from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.index.embeddings import CachedEmbeddings
from assistant.services import Services


class CountingEmbeddings(DeterministicFakeEmbedding):
    calls: int = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += len(texts)
        return super().embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.calls += 1
        return super().embed_query(text)


def test_documents_and_queries_are_embedded_once(fake_services: Services) -> None:
    inner = CountingEmbeddings(size=8)
    cached = CachedEmbeddings(inner, fake_services.store, "counting")
    first = cached.embed_documents(["operasjonsplanlegging", "kontrolltårn"])
    assert cached.embed_documents(["kontrolltårn", "operasjonsplanlegging"]) == first[::-1]
    assert inner.calls == 2
    query = cached.embed_query("Hva er Kontrolltårn?")
    assert cached.embed_query("Hva er Kontrolltårn?") == query
    assert inner.calls == 3
    # A caller changing its copy does not change the cached vector.
    query[0] = 99.0
    assert cached.embed_query("Hva er Kontrolltårn?")[0] != 99.0
