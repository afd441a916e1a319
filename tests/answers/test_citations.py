"""Citations are checked in code: bad numbers dropped, quotes must stand in the cited passage."""

from __future__ import annotations

from assistant.answers.citations import (
    cited_numbers,
    quote_in_passage,
    resolve_citations,
    split_answer,
    strip_citations,
)
from assistant.index.retrieval import SearchResult

PASSAGES = [
    SearchResult("a", "Kantinen er åpen fra 11 til 13.", "kantine.txt", "Kantine", "part 1", 1.0),
    SearchResult(
        "b",
        "Kontrolltårn bruker maskin-\nlæring. Det ble startet i 2024.",
        "kontroll.txt",
        "Kontrolltårn",
        "slide 3",
        0.9,
    ),
]


def test_numbers_are_found_in_every_marker_style() -> None:
    assert cited_numbers("A [2]. B [1, 3]. C [Source 4][2].") == [2, 1, 3, 4]


def test_markers_after_a_full_stop_stay_with_their_sentence() -> None:
    assert split_answer("Første setning. [1] Andre setning [2].\n- Tredje [1].") == [
        "Første setning. [1]",
        "Andre setning [2].",
        "Tredje [1].",
    ]


def test_a_number_pointing_at_no_passage_is_dropped_and_the_rest_renumbered() -> None:
    text, citations = resolve_citations(
        "Det startet i 2024 [2][7]. Kantinen åpner 11 [1].", PASSAGES
    )
    assert text == "Det startet i 2024 [1]. Kantinen åpner 11 [2]."
    assert [(c.n, c.source, c.location) for c in citations] == [
        (1, "kontroll.txt", "slide 3"),
        (2, "kantine.txt", "part 1"),
    ]


def test_a_quote_that_is_not_in_the_cited_passage_is_replaced_by_one_that_is() -> None:
    invented = "Kontrolltårn ble startet i 2019."
    _, citations = resolve_citations("Det startet i 2024 [2].", PASSAGES, quotes={2: invented})
    assert citations[0].quote != invented
    assert quote_in_passage(citations[0].quote, PASSAGES[1].text)
    assert "2024" in citations[0].quote


def test_a_true_quote_is_kept_even_across_a_hyphenated_line_break() -> None:
    quote = "Kontrolltårn bruker maskinlæring."
    assert quote_in_passage(quote, PASSAGES[1].text)
    _, citations = resolve_citations("Det bruker ML [2].", PASSAGES, quotes={2: quote})
    assert citations[0].quote == quote


def test_quotes_from_the_wrong_passage_do_not_count() -> None:
    assert not quote_in_passage("Kantinen er åpen fra 11 til 13.", PASSAGES[1].text)


def test_strip_citations_leaves_clean_text() -> None:
    assert strip_citations("Det startet i 2024 [1][2].") == "Det startet i 2024."


def test_a_citation_carries_its_passages_provenance_when_the_document_declares_it() -> None:
    labelled = SearchResult(
        "c",
        "Vi arbeider åpent og inkluderende.",
        "verdikompass.md",
        "Verdikompass",
        "section 2: Tillit",
        0.8,
        metadata={"provenance": "Gjengitt fra: X, Health2B, 2025, lysark 5", "provenance_en": "Y"},
    )

    _, citations = resolve_citations("Åpent [1]. Kantinen [2].", [labelled, PASSAGES[0]])

    assert citations[0].provenance == "Gjengitt fra: X, Health2B, 2025, lysark 5"
    assert citations[0].provenance_en == "Y"
    assert citations[1].provenance is None
    assert citations[1].provenance_en is None
