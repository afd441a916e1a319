"""Integration: the real corpus, the real default model, recall on dev questions."""

from __future__ import annotations

import pytest

from assistant.evaluation.retrieval import evaluate_retrieval, first_hit_rank, load_questions
from assistant.index.access import Viewer
from assistant.services import Services
from tests.conftest import DEV_QUESTIONS

# These tests rank arena-wide documents, which every reader sees.
ANYONE = Viewer.anonymous()

pytestmark = pytest.mark.slow


def test_every_corpus_file_is_indexed_with_locations(corpus_services: Services) -> None:
    documents = corpus_services.store.documents()
    assert len(documents) == 5
    assert all(d.chunk_count > 5 for d in documents)
    chunks = list(corpus_services.store.iter_chunks())
    assert all(c.location and c.metadata["content_hash"] for c in chunks)
    # Sized for the model: no chunk is longer than the configured size plus a heading.
    assert max(len(c.text) for c in chunks) <= corpus_services.settings.chunk_chars + 100


def test_named_questions_find_their_evidence(corpus_services: Services) -> None:
    """A handful of dev questions, Norwegian and English, each within the top 5."""
    wanted = {"q001", "q009", "q030", "q059", "q067", "q012"}
    items = [q for q in load_questions(DEV_QUESTIONS) if q.id in wanted]
    assert len(items) == len(wanted)
    for item in items:
        results = corpus_services.retriever.search(item.question, k=5, viewer=ANYONE)
        rank = first_hit_rank([r.text for r in results], item.evidence)
        assert rank is not None, f"{item.id} not in top 5: {[r.location for r in results]}"


def test_hybrid_beats_both_single_retrievers_on_dev(corpus_services: Services) -> None:
    report = evaluate_retrieval(corpus_services.retriever, load_questions(DEV_QUESTIONS))
    modes = report["modes"]
    hybrid = modes["hybrid"]  # type: ignore[index]
    assert hybrid["recall@5"] >= 0.85
    assert hybrid["recall@5"] > modes["dense"]["recall@5"]  # type: ignore[index]
    assert hybrid["recall@5"] > modes["keyword"]["recall@5"]  # type: ignore[index]
    assert hybrid["mrr@10"] > modes["keyword"]["mrr@10"]  # type: ignore[index]


def test_search_answers_an_english_question_over_norwegian_text(corpus_services: Services) -> None:
    results = corpus_services.retriever.search("What is the H2B value compass?", k=5, viewer=ANYONE)
    assert any("verdikompass" in r.text.lower() for r in results)
