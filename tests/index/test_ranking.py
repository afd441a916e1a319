"""The second-stage ranker: each feature extractor on crafted passages, and the re-scoring."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.index.chunks import Chunk, content_hash
from assistant.index.ranking import (
    Ranker,
    RankerWeights,
    answer_kind,
    asked_kinds,
    combine,
    coverage,
    features,
    focus_word,
    heading_text,
    names_focus,
    proximity,
    query_terms,
    supplies,
)
from assistant.text.analysis import NorwegianAnalyzer, words


def chunk(
    chunk_id: str, text: str, *, source: str = "a.txt", ordinal: int = 0, heading: str = ""
) -> Chunk:
    location = f"section {ordinal + 1}: {heading}" if heading else f"section {ordinal + 1}"
    return Chunk(chunk_id, source, ordinal, text, location, heading, content_hash(text))


@pytest.fixture
def analyzer() -> NorwegianAnalyzer:
    analyzer = NorwegianAnalyzer()
    analyzer.learn(
        [
            "Kommunen har en plan for tjenester og tiltak. Kommunen har mange tjenester.",
            "Budsjettet for prosjektet og planen for tiltakene i kommunen.",
            "Demonstrasjonen av operasjonsplanlegging viste planlegging av operasjoner.",
        ]
    )
    return analyzer


def test_query_terms_weigh_rare_terms_above_common_ones(analyzer: NorwegianAnalyzer) -> None:
    terms = query_terms("Hvilke tiltak har kommunen?", analyzer)

    common, rare = analyzer.stem("kommunen"), analyzer.stem("tiltak")
    assert terms.weights[rare] > terms.weights[common] > 0


def test_proximity_prefers_terms_that_fall_together(analyzer: NorwegianAnalyzer) -> None:
    terms = query_terms("Hvilke tiltak har kommunen for budsjettet?", analyzer)
    wanted = set(terms.weights)
    filler = " ".join(["ord"] * 40)
    together = f"Kommunen setter av budsjettet til tiltak. {filler}"
    apart = f"Kommunen nevnes her. {filler} Budsjettet kommer senere. {filler} Tiltak til slutt."

    def positions(text: str) -> list[frozenset[str]]:
        return [frozenset({analyzer.stem(w)}) & wanted for w in words(text)]

    assert proximity(positions(together), terms, window=6) == pytest.approx(1.0)
    assert proximity(positions(apart), terms, window=6) < 0.7
    # Wide enough a window, scattered terms count as together again.
    assert proximity(positions(apart), terms, window=60) == pytest.approx(1.0)


def test_coverage_is_the_share_of_term_weight_found(analyzer: NorwegianAnalyzer) -> None:
    terms = query_terms("tiltak kommunen", analyzer)
    stems = list(terms.weights)

    assert coverage(set(stems), terms) == pytest.approx(1.0)
    assert coverage(set(), terms) == 0.0
    assert 0 < coverage({stems[0]}, terms) < 1


def test_heading_text_reads_the_heading_and_the_location() -> None:
    merged = Chunk("c", "a.docx", 0, "tekst", "sections 1–2: Bakgrunn; Tiltak", "Bakgrunn", "h")

    assert heading_text(merged) == "Bakgrunn Bakgrunn; Tiltak"
    assert heading_text(chunk("d", "tekst")) == ""


def test_heading_feature_rewards_a_heading_that_names_the_question(
    analyzer: NorwegianAnalyzer,
) -> None:
    named = chunk("named", "Tre punkter følger.", heading="Tiltak")
    other = chunk("other", "Tre punkter følger.", heading="Bakgrunn", ordinal=5)
    chunks = {"named": named, "other": other}

    found = features(
        "Hvilke tiltak?", ["named", "other"], chunks, {"named": 0, "other": 0}, analyzer
    )

    assert found["named"]["heading"] > found["other"]["heading"] == 0.0


def test_focus_word_is_the_noun_after_the_question_word() -> None:
    assert focus_word("Hvilke faser av innovasjonsløpet dekker ordningene?") == "faser"
    assert focus_word("Which three portfolios are named?") == "portfolios"
    assert focus_word("Hvordan virker det?") == ""


def test_names_focus_finds_compounds_built_on_the_focus(analyzer: NorwegianAnalyzer) -> None:
    assert names_focus("faser", words("i idéutviklingsfasen og pilotering"), analyzer)
    assert not names_focus("faser", words("i pilotering og spredning"), analyzer)
    # The focus word leading a compound is not what the compound is.
    assert not names_focus("faser", words("faseplanen"), analyzer)


def test_asked_kinds_read_the_question_form() -> None:
    assert asked_kinds("Hvem presenterte demonstrasjonen?") == ("who",)
    assert "figure" in asked_kinds("Hvor mange operasjoner strykes?")
    assert "when" in asked_kinds("When was the paper presented?")
    assert "list" in asked_kinds("Hvilke fire behov skal understøttes?")
    # English "to" is a preposition, not the number two.
    assert "list" not in asked_kinds("What did the report try to explain?")
    assert asked_kinds("Hva er verdikompasset?") == ()


def test_supplies_checks_the_passage_for_that_kind_of_answer() -> None:
    assert supplies("Innlegget ble holdt av Kari Nordmann fra OUS.", "who", "Hvem?")
    assert not supplies("innlegget ble holdt av en rådgiver.", "who", "Hvem?")
    assert supplies("Konferansen var i Stavanger i 2014.", "when", "When?")
    assert supplies("Over 3300 operasjoner i året.", "figure", "Hvor mange operasjoner?")
    assert not supplies("Mange operasjoner i året.", "figure", "Hvor mange operasjoner?")
    assert supplies("Behov:\n• a\n• b\n• c", "list", "Hvilke behov?")


def test_answer_kind_scores_plus_minus_one_and_zero_when_nothing_is_asked() -> None:
    question = "Hvem ledet arbeidet?"
    assert answer_kind("Ledet av Kari Nordmann.", question, ("who",)) == 1.0
    assert answer_kind("ledet av rådmannen.", question, ("who",)) == -1.0
    assert answer_kind("hva som helst", "Hva er dette?", ()) == 0.0


def test_neighbour_and_document_features_follow_the_pool(analyzer: NorwegianAnalyzer) -> None:
    chunks = {
        "a0": chunk("a0", "en", ordinal=0),
        "a1": chunk("a1", "to", ordinal=1),
        "b7": chunk("b7", "tre", source="b.txt", ordinal=7),
    }
    fused = {"a0": 2.0, "a1": 1.0, "b7": 0.5}

    found = features("spørsmål", ["a0", "a1", "b7"], chunks, fused, analyzer)

    # Each of a0 and a1 is the other's neighbour; b7 has none in the pool (the pool floor).
    assert found["a1"]["neighbour"] == pytest.approx(2.0 - 0.5)
    assert found["a0"]["neighbour"] == pytest.approx(1.0 - 0.5)
    assert found["b7"]["neighbour"] == 0.0
    # A document's standing is the mean of its best three scores (missing ones count as 0).
    assert found["a0"]["document"] == pytest.approx(3.0 / 3 - 0.5)
    assert found["b7"]["document"] == pytest.approx(0.5 / 3 - 0.5)


def test_language_feature_marks_english_passages_for_english_questions(
    analyzer: NorwegianAnalyzer,
) -> None:
    chunks = {
        "en": chunk("en", "This paper describes the management of the early stages."),
        "no": chunk("no", "Rapporten beskriver hvordan det er i de tidlige fasene.", ordinal=1),
    }
    fused = {"en": 1.0, "no": 0.9}

    english = features(
        "What does the paper say about the stages?", ["en", "no"], chunks, fused, analyzer
    )
    norwegian = features("Hva sier rapporten om fasene?", ["en", "no"], chunks, fused, analyzer)

    assert (english["en"]["language"], english["no"]["language"]) == (1.0, 0.0)
    assert (norwegian["en"]["language"], norwegian["no"]["language"]) == (0.0, 0.0)


def test_features_computes_only_what_is_asked(analyzer: NorwegianAnalyzer) -> None:
    chunks = {"a": chunk("a", "tekst")}
    found = features("spørsmål", ["a"], chunks, {"a": 1.0}, analyzer, only=["language"])
    assert set(found["a"]) == {"language"}


def test_ranker_reorders_deterministically_by_its_weights(analyzer: NorwegianAnalyzer) -> None:
    chunks = {
        "en": chunk("en", "This paper describes the management of the early stages."),
        "no": chunk("no", "Rapporten beskriver hvordan det er i de tidlige fasene.", ordinal=3),
    }
    fused = {"en": 1.0, "no": 0.9}
    question = "What does the report say about the early stages?"
    ranker = Ranker(RankerWeights(weights={"language": -0.5}))

    first = ranker.rescore(question, ["en", "no"], chunks, fused, analyzer)
    again = ranker.rescore(question, ["en", "no"], chunks, fused, analyzer)

    assert first == again
    assert first["no"] > first["en"]
    assert first["en"] == pytest.approx(0.5)
    # Without weights the fused order stands.
    assert Ranker(RankerWeights()).rescore(question, ["en", "no"], chunks, fused, analyzer) == fused


def test_combine_keeps_the_tail_below_the_rescored_head() -> None:
    ranked = ["a", "b", "c", "d"]
    fused = {"a": 3.0, "b": 2.0, "c": 1.9, "d": 1.0}
    found = {"a": {"x": 0.0}, "b": {"x": 1.0}}
    weights = RankerWeights(weights={"x": -1.0}, depth=2)

    scores = combine(ranked, fused, found, weights)

    assert scores["b"] == pytest.approx(1.0)
    assert sorted(ranked, key=scores.__getitem__, reverse=True) == ["a", "b", "c", "d"]
    assert scores["c"] - scores["d"] == pytest.approx(fused["c"] - fused["d"])


def test_ranker_caches_analyses_per_analyzer() -> None:
    """Each viewer's keyword index has its own analyzer; compound parts follow its vocabulary."""
    text = "Operasjonsplanlegging for alle."
    chunks = {"a": chunk("a", text)}
    knows = NorwegianAnalyzer(Counter({"operasjon": 3, "planlegging": 3}))
    blank = NorwegianAnalyzer(Counter())
    question = "Hva med planlegging?"

    with_parts = features(question, ["a"], chunks, {"a": 1.0}, knows, only=["coverage"])
    without = features(question, ["a"], chunks, {"a": 1.0}, blank, only=["coverage"])

    assert with_parts["a"]["coverage"] == pytest.approx(1.0)
    assert without["a"]["coverage"] == 0.0
