"""Fusion, near-duplicate collapse, per-document diversity and query language, in isolation."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.index.retrieval import (
    HybridRetriever,
    collapse_near_duplicates,
    diversify,
)
from assistant.text.analysis import NorwegianAnalyzer


@pytest.fixture
def retriever(settings: Settings) -> HybridRetriever:
    return HybridRetriever(settings, index=None)  # type: ignore[arg-type]


def test_fusion_rewards_agreement(retriever: HybridRetriever) -> None:
    candidates = ["both", "dense_only", "keyword_only", "neither"]
    dense = {"both": 0.80, "dense_only": 0.82, "keyword_only": 0.60, "neither": 0.58}
    keyword = {"both": 9.0, "dense_only": 0.0, "keyword_only": 10.0, "neither": 0.5}

    fused = retriever.fuse(candidates, dense, keyword, "hybrid", dense_weight=0.5)

    assert max(fused, key=fused.__getitem__) == "both"
    assert min(fused, key=fused.__getitem__) == "neither"


def test_fusion_weight_moves_the_balance(retriever: HybridRetriever) -> None:
    candidates = ["a", "b"]
    dense = {"a": 0.9, "b": 0.1}
    keyword = {"a": 0.0, "b": 5.0}

    dense_heavy = retriever.fuse(candidates, dense, keyword, "hybrid", dense_weight=0.9)
    keyword_heavy = retriever.fuse(candidates, dense, keyword, "hybrid", dense_weight=0.1)

    assert dense_heavy["a"] > dense_heavy["b"]
    assert keyword_heavy["b"] > keyword_heavy["a"]


def test_single_retriever_modes_keep_raw_scores(retriever: HybridRetriever) -> None:
    dense = {"a": 0.7}
    keyword = {"a": 3.0}
    assert retriever.fuse(["a"], dense, keyword, "dense") == {"a": 0.7}
    assert retriever.fuse(["a"], dense, keyword, "keyword") == {"a": 3.0}


def test_english_questions_weigh_dense_more(retriever: HybridRetriever) -> None:
    english = retriever.weight_for("What does the report say about trust?")
    norwegian = retriever.weight_for("Hva sier rapporten om tillit?")
    assert english == retriever.settings.dense_weight_english
    assert norwegian == retriever.settings.dense_weight
    assert english > norwegian


def test_near_duplicates_collapse_to_the_better_ranked() -> None:
    texts = {
        "a": "Vi bygger tillit gjennom å operere åpent og inkluderende i alle prosjekter.",
        "b": "Vi bygger tillit gjennom å operere åpent og inkluderende i alle prosjekter!",
        "c": "Samskaping betyr at brukere og ansatte utvikler løsningene sammen.",
    }
    assert collapse_near_duplicates(["a", "b", "c"], texts) == ["a", "c"]


def test_one_document_does_not_crowd_out_relevant_others() -> None:
    ranked = ["a1", "a2", "a3", "a4", "b1", "c1"]
    sources = {"a1": "A", "a2": "A", "a3": "A", "a4": "A", "b1": "B", "c1": "C"}
    scores = {"a1": 1.0, "a2": 0.95, "a3": 0.9, "a4": 0.85, "b1": 0.8, "c1": 0.75}

    top = diversify(ranked, sources, scores, k=5, max_per_document=2)

    assert top[:4] == ["a1", "a2", "b1", "c1"]
    assert set(top) == set(ranked)


def test_a_document_keeps_the_top_when_others_are_irrelevant() -> None:
    ranked = ["a1", "a2", "a3", "b1"]
    sources = {"a1": "A", "a2": "A", "a3": "A", "b1": "B"}
    scores = {"a1": 1.0, "a2": 0.9, "a3": 0.8, "b1": 0.1}

    assert diversify(ranked, sources, scores, k=3, max_per_document=2)[:3] == ["a1", "a2", "a3"]


def test_compounds_are_split_in_queries_only_by_default() -> None:
    analyzer = NorwegianAnalyzer()
    analyzer.learn(["planlegging av operasjoner", "operasjon", "planlegging og styring"])
    query_terms = analyzer.terms("operasjonsplanlegging", query=True)
    document_terms = analyzer.terms("operasjonsplanlegging")
    assert {analyzer.stem("operasjon"), analyzer.stem("planlegging")} <= set(query_terms)
    assert document_terms == [analyzer.stem("operasjonsplanlegging")]


def test_tokens_keep_norwegian_letters() -> None:
    analyzer = NorwegianAnalyzer(split_compounds="off")
    terms = analyzer.terms("Likeverdighet og åpenhet gir bærekraft i sørøst")
    assert any("å" in t for t in terms)
    assert any("æ" in t for t in terms)
    assert any("ø" in t for t in terms)


def test_question_words_are_dropped_from_queries_only() -> None:
    analyzer = NorwegianAnalyzer(split_compounds="off")
    assert "rapport" not in " ".join(analyzer.terms("Hva sier rapporten om tillit?", query=True))
    assert analyzer.terms("Rapporten om tillit")[0].startswith("rapport")


def test_few_shared_words_are_no_evidence_against_a_chunk(retriever: HybridRetriever) -> None:
    # "english" answers in other words: BM25 scores it lowest, dense highest.
    candidates = ["english", "mid", "words"]
    dense = {"english": 0.90, "mid": 0.85, "words": 0.80}
    keyword = {"english": 0.0, "mid": 5.0, "words": 10.0}
    fused = retriever.fuse(candidates, dense, keyword, "hybrid", dense_weight=0.6)
    z_dense = 0.9 - 0.85  # all three are evenly spaced, so z = (x - mean) / std
    spread = (2 * z_dense**2 / 3) ** 0.5
    assert fused["english"] == pytest.approx(0.6 * z_dense / spread)  # no BM25 penalty
    assert fused["words"] == pytest.approx(0.6 * -z_dense / spread + 0.4 * z_dense / spread)
