"""Cleaning repairs what text extraction breaks and keeps what carries meaning."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.text.normalise import (
    join_broken_lines,
    known_hyphenated,
    normalise_bullets,
    normalise_characters,
)
from ingest.cleaning import (
    clean_blocks,
    collapse_double_spacing,
    furniture_lines,
    is_double_spaced,
    strip_furniture,
    tidy_whitespace,
)
from ingest.document import Block
from ingest.loaders import load_file
from tests.ingest.builders import EXTRACTION_TEXT, write_text


def join(text: str) -> str:
    return join_broken_lines(text, known_hyphenated(text))


def test_normalise_characters_drops_soft_hyphens_and_unifies_spaces() -> None:
    raw = "inno\u00advasjon\u00a0og\tdrift\r\nny\u200blinje  \n"

    assert normalise_characters(raw) == "innovasjon og drift\nnylinje\n"


def test_normalise_characters_composes_decomposed_letters() -> None:
    assert normalise_characters("a\u030a") == "å"


def test_double_spacing_is_detected_and_collapsed() -> None:
    double = "\n\n".join(f"Linje {i} i rapporten" for i in range(12))
    single = "\n".join(f"Linje {i} i rapporten" for i in range(12))

    assert is_double_spaced(double)
    assert not is_double_spaced(single)
    assert collapse_double_spacing(double) == single


def test_collapse_keeps_paragraph_breaks_one_line_shorter() -> None:
    assert collapse_double_spacing("a\n\nb\n\n\n\nc") == "a\nb\n\n\nc"


def test_few_blank_lines_are_not_double_spacing() -> None:
    assert not is_double_spaced("Avsnitt en.\nFortsetter.\n\nAvsnitt to.\nFortsetter.")


def test_word_hyphenated_across_lines_is_joined() -> None:
    assert join("Dette handler om innova-\nsjon i kommunene.") == (
        "Dette handler om innovasjon i kommunene."
    )


@pytest.mark.parametrize("joiner", ["og", "eller", "til", "samt"])
def test_elided_compound_keeps_its_hyphen_and_a_space(joiner: str) -> None:
    assert join(f"Kommunal helse-\n{joiner} omsorgssektor.") == (
        f"Kommunal helse- {joiner} omsorgssektor."
    )


def test_known_hyphenated_word_keeps_its_hyphen_when_broken_at_it() -> None:
    text = "Funnene i case-kommuner.\nI alle tre case-\nkommuner var ansatte med."

    assert known_hyphenated(text) == {"case-kommuner"}
    assert join(text).splitlines()[1] == "I alle tre case-kommuner var ansatte med."


def test_unknown_hyphenated_word_is_joined_without_hyphen() -> None:
    assert join("I alle tre case-\nkommuner.") == "I alle tre casekommuner."


def test_lines_broken_mid_sentence_are_joined() -> None:
    text = "Arbeidet ble gjort i tre\nkommuner i Agder, med\n2024 som referanseår."

    assert join(text) == "Arbeidet ble gjort i tre kommuner i Agder, med 2024 som referanseår."


def test_sentence_end_and_capital_start_keep_the_line_break() -> None:
    assert join("Første setning.\nny linje") == "Første setning.\nny linje"
    assert join("Overskrift\nNeste avsnitt") == "Overskrift\nNeste avsnitt"
    assert join("Spørsmål:\nsvar her") == "Spørsmål:\nsvar her"


def test_bullets_stay_list_items_and_their_broken_lines_rejoin() -> None:
    text = "Funn\n• Kulturen for innovasjon\nvarierer mellom kommunene\n• Ledelsen er avgjørende"

    assert join(text).splitlines() == [
        "Funn",
        "• Kulturen for innovasjon varierer mellom kommunene",
        "• Ledelsen er avgjørende",
    ]


def test_hyphen_before_a_bullet_is_not_a_word_break() -> None:
    assert join("Tjeneste-\n• neste punkt") == "Tjeneste-\n• neste punkt"


def test_dash_bullets_are_list_items_too() -> None:
    assert join("- første punkt\n- andre punkt") == "- første punkt\n- andre punkt"


def test_glyph_bullets_are_normalised_dash_bullets_kept() -> None:
    text = "▪ firkant\n✓ hake\n➢ pil\n●rund\n- strek"

    assert normalise_bullets(text).splitlines() == [
        "• firkant",
        "• hake",
        "• pil",
        "• rund",
        "- strek",
    ]


def test_furniture_is_short_lines_repeated_on_many_blocks() -> None:
    pages = [
        Block(f"Helse2B rapport\nInnhold på side {i}\nAgenda\nKonfidensielt", "page", i)
        for i in range(1, 11)
    ]
    for page in pages[3:]:
        page.text = page.text.replace("Agenda\n", "")  # shown on 3 of 10 pages: content

    assert furniture_lines(pages) == {"Helse2B rapport", "Konfidensielt"}


def test_short_documents_have_no_furniture() -> None:
    pages = [Block("Topptekst\nInnhold", "page", i) for i in range(1, 4)]

    assert furniture_lines(pages) == set()


def test_strip_furniture_drops_headers_page_numbers_and_note_labels() -> None:
    text = "Topptekst\nInnhold her\n12\nSide 3\n3 av 10\nPage 4 of 9\nForedragsholdernotater\n2024 var et godt år"

    assert strip_furniture(text, {"Topptekst"}).splitlines() == [
        "Innhold her",
        "2024 var et godt år",
    ]


def test_strip_furniture_removes_dot_leaders_but_keeps_the_page() -> None:
    text = "Innledning ........ 3\nFunn ..............12"

    assert strip_furniture(text, set()) == "Innledning 3\nFunn 12"


def test_tidy_whitespace() -> None:
    assert tidy_whitespace("  to   ord\n\n\n\nneste  ") == "to ord\n\nneste"


def test_clean_blocks_repairs_a_whole_extraction(tmp_path: Path) -> None:
    blocks = load_file(write_text(tmp_path / "r.txt", EXTRACTION_TEXT), 10**6).blocks

    cleaned = clean_blocks(blocks)

    assert [b.text for b in cleaned] == [
        "Innledning\nDenne rapporten handler om innovasjon i kommunal helse- og omsorgssektor. "
        "Arbeidet ble gjort i tre case-kommuner i Agder.",
        "Funn\n• Kulturen for innovasjon varierer\n• Ledelsen er avgjørende\n"
        "I alle tre case-kommuner var ansatte sterkt involvert.",
        "Innhold\nInnledning 3\nFunn 7",
        "Anbefalinger\nKommunene bør etablere en felles strategi for innovasjon og "
        "tjenesteutvikling.",
    ]
    assert [(b.kind, b.number) for b in cleaned] == [(b.kind, b.number) for b in blocks]


def test_clean_blocks_cleans_notes_and_headings() -> None:
    slide = Block("Tekst", "slide", 4, heading="Kontroll\n tårnet", notes="Husk å\nnevne H2B.")

    (cleaned,) = clean_blocks([slide])

    assert (cleaned.heading, cleaned.notes) == ("Kontroll tårnet", "Husk å nevne H2B.")


def test_clean_blocks_drops_blocks_left_empty() -> None:
    blocks = [Block(f"Innhold {i}\nTopptekst", "page", i) for i in range(1, 5)]
    blocks.append(Block("Topptekst\n5", "page", 5))

    assert [b.number for b in clean_blocks(blocks)] == [1, 2, 3, 4]


# Line-break repairs found on the shared corpus -----------------------------------------------


def test_capitalised_hyphen_break_is_joined() -> None:
    """Corpus 002 and 003 have 'TJENESTE-\\nINNOVASJON', 'DRIFTS-\\nKULTUR'."""
    assert join("TJENESTE-\nINNOVASJON") == "TJENESTEINNOVASJON"


def test_number_range_broken_at_its_hyphen_is_joined() -> None:
    """Corpus 001 has '(NOU 2011:34-\\n\\n35)'."""
    assert join("jf. NOU 2011:34-\n35 om omsorg") == "jf. NOU 2011:34-35 om omsorg"


def test_table_rows_from_docx_and_pptx_stay_separate_lines() -> None:
    """Loaders write table rows as 'cell | cell' lines; '2024 | 1200' is a row, not a sequel."""
    assert join("År | Operasjoner\n2024 | 1200") == "År | Operasjoner\n2024 | 1200"
