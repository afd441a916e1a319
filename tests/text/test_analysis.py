"""Norwegian analysis: stop and question words, stems, compound parts, and their tuning."""

from __future__ import annotations

from assistant.text.analysis import AnalyzerTuning, NorwegianAnalyzer
from assistant.text.stopwords import NORWEGIAN_STOP_WORDS, QUESTION_WORDS


def test_question_framing_words_are_not_query_terms() -> None:
    terms = NorwegianAnalyzer().terms("Hva innebærer samskaping, og hva betyr det?", query=True)
    assert terms == ["samskaping"]


def test_stop_words_are_dropped_and_question_words_only_from_queries() -> None:
    assert "og" in NORWEGIAN_STOP_WORDS
    assert "the" in NORWEGIAN_STOP_WORDS
    assert "rapporten" in QUESTION_WORDS
    assert "rapporten" not in NORWEGIAN_STOP_WORDS
    analyzer = NorwegianAnalyzer(split_compounds="off")
    assert analyzer.terms("rapporten og kommunen") == [analyzer.stem("rapporten"), "kommun"]
    assert analyzer.terms("rapporten og kommunen", query=True) == ["kommun"]


def test_compound_parts_are_found_against_the_vocabulary() -> None:
    analyzer = NorwegianAnalyzer()
    analyzer.learn(["operasjon", "planlegging"])
    terms = analyzer.terms("operasjonsplanlegging", query=True)
    assert analyzer.stem("operasjon") in terms
    assert analyzer.stem("planlegging") in terms
    # Not split in documents, in the default "query" mode.
    assert analyzer.terms("operasjonsplanlegging") == [analyzer.stem("operasjonsplanlegging")]


def test_the_shortest_compound_part_is_tunable() -> None:
    strict = NorwegianAnalyzer(tuning=AnalyzerTuning(min_part=10))
    strict.learn(["operasjon", "planlegging"])
    assert strict.compound_parts("operasjonsplanlegging") == ()
    assert AnalyzerTuning().min_part == 4
