"""Unit vectors made at ingest: the first questions after an ingest embed only themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding, Embeddings

from assistant.answers.answer import Answer
from assistant.answers.chain import ChainTuning
from assistant.answers.extractive import ExtractiveTuning
from assistant.answers.passages import ChunkOrder, continue_lists
from assistant.config import Settings
from assistant.index.access import Viewer
from assistant.index.chunks import content_hash
from assistant.index.retrieval import SearchResult
from assistant.services import Services, build_services
from assistant.text.units import UnitTuning
from tests.conftest import REPO

ANYONE = Viewer.anonymous()

# Invented documents: an agenda (rows for who-questions) and a list long enough to be cut
# where one chunk ends and continued from the next.
PROGRAMME = (
    "Program for partnermøtet\n\nÅpning av dagen\n\nMarte\nKvalheim\n\nFKL\n\n"
    "Visning av planleggingsverktøyet\n\nSindre\nBrekke\n\nNORDA\n\n"
    "Erfaringer fra pilotene\n\nTone\nHaugland\n\nVKS\n"
)
MEASURES = "Tiltak i fjordkommunene\n\nKommunene har satt i gang disse tiltakene:\n" + "\n".join(
    f"• tiltak {n}: bedre samarbeid mellom hjemmetjeneste og fastlege i område {n}"
    for n in range(1, 25)
)
QUESTIONS = [
    "Hva er Kontrolltårn?",
    "What is the value compass?",
    "Hvem viste planleggingsverktøyet?",
    "Hvilke tiltak har fjordkommunene satt i gang?",
    "Hvordan fungerer arenaen for partnerne?",
    "Hva sier både verdikompasset og Kontrolltårn om samarbeid?",
]


class CountingEmbedding(Embeddings):
    """The deterministic fake, keeping every passage text and question it embeds."""

    def __init__(self) -> None:
        self.inner = DeterministicFakeEmbedding(size=64)
        self.documents: list[str] = []
        self.queries: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return self.inner.embed_query(text)


@pytest.fixture
def counted(tmp_path: Path) -> tuple[Services, CountingEmbedding]:
    """The starter knowledge and two invented documents ingested, unit vectors scored on."""
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "program.txt").write_text(PROGRAMME, encoding="utf-8")
    (folder / "tiltak.txt").write_text(MEASURES, encoding="utf-8")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=tmp_path / "data", answer_unit_embeddings=True
    )
    counting = CountingEmbedding()
    services = build_services(settings, base_embeddings=counting)
    report = services.indexer.ingest([REPO / "knowledge", folder])
    assert report.ok, report.failed
    yield services, counting
    services.store.engine.dispose()


def test_answers_right_after_an_ingest_embed_no_passage_text(
    counted: tuple[Services, CountingEmbedding],
) -> None:
    services, counting = counted
    counting.documents.clear()
    chain = services.answer_chain()

    answers = [chain.invoke(q, viewer=ANYONE) for q in QUESTIONS]

    assert all(isinstance(a, Answer) for a in answers)
    assert counting.documents == []
    # Only questions were embedded (a cross-document question also embeds its parts) ...
    assert set(QUESTIONS) <= set(counting.queries)
    # ... and the units were scored by their vectors, an agenda row and a cut list among them.
    scored = set(chain.unit_vectors)
    assert any("Sindre Brekke" in text and "Marte" not in text for text in scored)
    assert any("tiltak 24" in text for text in scored)


def test_every_unit_an_answer_scores_was_embedded_at_ingest(
    counted: tuple[Services, CountingEmbedding],
) -> None:
    services, _ = counted
    chain = services.answer_chain()
    answerer = chain.extractive(ANYONE)
    order = ChunkOrder(services.store)
    passages = [
        SearchResult(c.id, c.text, c.source, c.source, c.location, 1.0, metadata=c.metadata)
        for c in services.store.iter_chunks()
    ]
    continued = continue_lists(passages, order, ANYONE, chain.tuning.reading)
    assert any(a.text != b.text for a, b in zip(passages, continued, strict=True))

    texts = {u.text for u in answerer.units(passages + continued)}
    cached = services.store.cached_vectors(
        services.embeddings.model_id, [content_hash(t) for t in texts]
    )

    assert len(texts) > len(passages)
    assert {t for t in texts if content_hash(t) not in cached} == set()


def test_an_answer_cutting_units_otherwise_than_ingest_embeds_them_itself(
    counted: tuple[Services, CountingEmbedding],
) -> None:
    """The check above is real: units cut another way are not in the cache."""
    services, counting = counted
    counting.documents.clear()
    cut = ExtractiveTuning(units=UnitTuning(max_unit_chars=120))
    chain = services.answer_chain(tuning=ChainTuning(extractive=cut))

    chain.invoke("Hvilke tiltak har fjordkommunene satt i gang?", viewer=ANYONE)

    assert any("tiltak" in text for text in counting.documents)
