"""Extractive selection: repaired units, relevant and diverse sentences, each cited."""

from __future__ import annotations

from assistant.chains import AnswerChain
from assistant.citations import quote_in_passage
from assistant.extractive import ExtractiveAnswerer, passage_units, split_sentences
from assistant.factory import Services
from assistant.retrieval import SearchResult
from assistant.text_analysis import NorwegianAnalyzer


def _result(text: str, n: int = 1, score: float = 1.0) -> SearchResult:
    return SearchResult(f"c{n}", text, f"doc{n}.txt", f"Doc {n}", f"part {n}", score)


def test_slide_bullets_become_one_list_sentence_under_their_heading() -> None:
    text = "Innovasjon som prosess\n• Kaotiske og usikre\n• Sirkulære (læring)\n• Interaktive"
    units = passage_units(text)
    assert [u.text for u in units] == [
        "Innovasjon som prosess: Kaotiske og usikre; Sirkulære (læring); Interaktive"
    ]
    assert quote_in_passage(units[0].quote, text)


def test_unbulleted_slide_labels_are_read_as_a_list_and_broken_items_joined() -> None:
    text = (
        "Sykehuspartner må understøtte behov\n\nØkt endringstakt\n\nNyttiggjøring av helse- og"
        "\n\nstyringsdata\n\nSamhandling"
    )
    (unit,) = passage_units(text)
    assert unit.text == (
        "Sykehuspartner må understøtte behov: Økt endringstakt; "
        "Nyttiggjøring av helse- og styringsdata; Samhandling"
    )


def test_prose_lines_broken_mid_sentence_are_joined_and_split_into_sentences() -> None:
    text = "Kommunen valgte en ny\nmodell for hjemmetjenester. Den ble\nevaluert i 2020."
    assert [u.text for u in passage_units(text)] == [
        "Kommunen valgte en ny modell for hjemmetjenester.",
        "Den ble evaluert i 2020.",
    ]


def test_abbreviations_do_not_end_a_sentence() -> None:
    assert split_sentences("Vi bruker f.eks. Skype i møtene. Det virker.") == [
        "Vi bruker f.eks. Skype i møtene.",
        "Det virker.",
    ]


def test_selection_is_relevant_diverse_and_cites_each_sentence() -> None:
    passages = [
        _result(
            "Kontrolltårn bruker maskinlæring til operasjonsplanlegging. "
            "Kontrolltårn bruker maskinlæring til operasjonsplanlegging på sykehuset. "
            "Kantinen serverer suppe på fredager.",
            1,
        ),
        _result("Maskinlæring i Kontrolltårn lærer av historiske operasjonsplaner.", 2, 0.8),
    ]
    answerer = ExtractiveAnswerer(NorwegianAnalyzer())
    extract = answerer.answer("Hvordan bruker Kontrolltårn maskinlæring?", passages)
    texts = [s.unit.text for s in extract.chosen]
    assert 2 <= len(texts) <= 5
    assert not any("Kantinen" in t for t in texts)
    # The near-copy of the first sentence adds nothing, so only one of the two is chosen.
    assert sum("operasjonsplanlegging" in t for t in texts) == 1
    assert "[2]" in extract.text
    assert "[1]" in extract.text
    for s in extract.chosen:
        assert quote_in_passage(s.unit.quote, passages[s.unit.passage - 1].text)


def test_extractive_answer_over_the_index_cites_the_right_document(indexed: Services) -> None:
    answer = AnswerChain(indexed).invoke("Hva er utnyttelsen av bemannede operasjonsstuer?")
    assert not answer.abstained
    assert answer.mode == "extractive"
    assert answer.citations
    assert answer.citations[0].source == "kontrolltarn.txt"
    assert "70 prosent" in answer.text
    assert "[1]" in answer.text
