"""The embedding cache: documents once per model by content hash, queries once per process."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding, Embeddings

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


class SlowEmbeddings(Embeddings):
    """Slow enough that concurrent callers overlap; keeps every text it embeds."""

    def __init__(self, fail_first: bool = False) -> None:
        self.inner = DeterministicFakeEmbedding(size=8)
        self.fail_first = fail_first
        self.texts: list[str] = []
        self.started = threading.Event()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        first = not self.started.is_set()
        self.started.set()
        time.sleep(0.2)
        if first and self.fail_first:
            raise RuntimeError("the model fell over")
        self.texts.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def test_concurrent_askers_embed_each_missing_text_once(fake_services: Services) -> None:
    inner = SlowEmbeddings()
    cached = CachedEmbeddings(inner, fake_services.store, "slow")
    shared = [f"setning nummer {n} om samarbeid" for n in range(12)]
    barrier = threading.Barrier(6)

    def ask(n: int) -> list[list[float]]:
        barrier.wait()
        # Each asker needs the shared texts, and one of its own.
        return cached.embed_documents([*shared, f"egen setning {n}"])

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(ask, range(6)))

    assert sorted(inner.texts) == sorted([*shared, *(f"egen setning {n}" for n in range(6))])
    assert all(r[:12] == results[0][:12] for r in results)


def test_an_asker_waiting_on_a_failed_one_embeds_the_texts_itself(fake_services: Services) -> None:
    inner = SlowEmbeddings(fail_first=True)
    cached = CachedEmbeddings(inner, fake_services.store, "failing")
    texts = ["den første setningen", "den andre setningen"]

    with ThreadPoolExecutor(2) as pool:
        failing = pool.submit(cached.embed_documents, texts)
        inner.started.wait()
        waiting = pool.submit(cached.embed_documents, texts)
        with pytest.raises(RuntimeError, match="fell over"):
            failing.result()
        vectors = waiting.result()

    assert inner.texts == texts
    assert vectors == cached.embed_documents(texts)
