"""The composition root's sharing: one chain for every surface, warmed before a server serves."""

from __future__ import annotations

import pytest

from assistant.answers.chain import ChainTuning
from assistant.errors import NotIndexedError
from assistant.index.access import Viewer
from assistant.services import Services
from tests.conftest import REPO

ANYONE = Viewer.anonymous()


@pytest.fixture
def whole_reads(fake_services: Services, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each read of every chunk in the store (a search reads only the chunks it found)."""
    reads: list[int] = []
    original = fake_services.store.iter_chunks

    def iter_chunks(ids=None):
        if ids is None:
            reads.append(1)
        return original(ids)

    monkeypatch.setattr(fake_services.store, "iter_chunks", iter_chunks)
    return reads


def test_answers_share_one_chain_and_what_it_learnt(
    fake_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_services.indexer.ingest([REPO / "knowledge" / "verdikompass.md"])
    first = fake_services.answer_chain()
    first.invoke("Hva er verdikompasset?", viewer=ANYONE)
    lookups: list[int] = []
    original = fake_services.store.cached_vectors
    monkeypatch.setattr(
        fake_services.store,
        "cached_vectors",
        lambda model, hashes: lookups.append(len(hashes)) or original(model, hashes),
    )

    again = fake_services.answer_chain()
    again.invoke("Hva er verdikompasset?", viewer=ANYONE)

    assert again is first
    assert lookups == []  # the unit vectors of the first answer were kept
    assert fake_services.answer_chain(tuning=ChainTuning(passages=3)) is not first


def test_after_warming_up_the_first_answer_reads_no_whole_store(
    fake_services: Services, whole_reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_services.indexer.ingest([REPO / "knowledge"])
    fake_services.warm_up()
    whole_reads.clear()
    lookups: list[int] = []
    original = fake_services.store.cached_vectors
    monkeypatch.setattr(
        fake_services.store,
        "cached_vectors",
        lambda model, hashes: lookups.append(len(hashes)) or original(model, hashes),
    )

    # The answers read lists on from the next chunk (verdikompass.md has several).
    for question in ("Hvordan samskaper partnerne?", "Hva er verdikompasset?"):
        fake_services.answer_chain().invoke(question, viewer=ANYONE)

    assert whole_reads == []
    assert lookups == []  # every unit vector was read at start-up


def test_without_warming_up_the_first_answer_reads_the_store(
    fake_services: Services, whole_reads: list[int]
) -> None:
    """The check above is real: an unwarmed chain reads the chunk order on its first answer."""
    fake_services.indexer.ingest([REPO / "knowledge"])
    whole_reads.clear()

    for question in ("Hvordan samskaper partnerne?", "Hva er verdikompasset?"):
        fake_services.answer_chain().invoke(question, viewer=ANYONE)

    assert whole_reads


def test_warming_up_an_empty_index_is_harmless(fake_services: Services) -> None:
    fake_services.warm_up()
    with pytest.raises(NotIndexedError):
        fake_services.answer_chain().invoke("Hva er arenaen?", viewer=ANYONE)
    fake_services.indexer.ingest([REPO / "knowledge" / "verdikompass.md"])
    assert (
        not fake_services.answer_chain().invoke("Hva er verdikompasset?", viewer=ANYONE).abstained
    )
