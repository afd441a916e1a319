"""Passage segmentation: repaired lines, slides read as lists, intros and tables as blocks."""

from __future__ import annotations

from assistant.answers.citations import quote_in_passage
from assistant.text.apparatus import is_apparatus
from assistant.text.units import (
    Unit,
    UnitTuning,
    block_units,
    close_sentence,
    item_with_names,
    list_rows,
    names_person,
    passage_units,
)


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


def test_a_slide_title_with_bullets_starts_its_own_unit() -> None:
    text = (
        "Eks. Inkrementell: CD, radikal: streaming\n"
        "Innovasjon som prosess – fra lineær til spagettimodellen\n"
        "• Kaotiske og usikre\n• Sirkulære (læring)\n• Interaktive\n"
    )
    texts = [u.text for u in passage_units(text)]
    assert texts[-1] == (
        "Innovasjon som prosess – fra lineær til spagettimodellen: "
        "Kaotiske og usikre; Sirkulære (læring); Interaktive"
    )
    assert not any("streaming" in t and "Kaotiske" in t for t in texts)


def test_an_intro_ending_in_a_colon_is_offered_with_the_items_it_announces() -> None:
    text = (
        "• «Normalisering»: Arbeidet med å veve inn noe nytt i daglig praksis. "
        "Generative mekanismer:\n"
        "• Sammenheng: definerer og organiserer elementene som skal med i endringen\n"
        "• Kognitiv deltakelse: definerer og organiserer menneskene som deltar i endringen\n"
        "• Kollektiv handling: definerer og organiserer skapingen av ny praksis i enheten\n"
    )
    units = block_units(passage_units(text))
    blocks = [u for u in units if u.items >= 3]
    assert len(blocks) == 1
    assert "Generative mekanismer:" in blocks[0].text
    assert "Kollektiv handling" in blocks[0].text
    assert quote_in_passage(blocks[0].quote.split(" • ")[0], text)


def test_private_use_pdf_bullets_become_list_items() -> None:
    units = passage_units(
        "Funn i kommune A:\n\uf0b7 Ansatte er sterkt involvert. \uf0b7 Kommunen satser på kompetanse."
    )
    text = " ".join(u.text for u in units)
    assert "\uf0b7" not in text
    assert "Ansatte er sterkt involvert" in text
    assert "Kommunen satser på kompetanse" in text


def test_a_table_caption_is_offered_with_its_rows() -> None:
    text = (
        "Tabell 1: Utvalget\nKommune nr. Antall ansatte\nAntall innbyggere\n"
        "A 2 275 44 000\nB 670 10 000\nC 260 3 500"
    )
    units = block_units(passage_units(text))
    table = max(units, key=lambda u: len(u.text))
    assert table.text.startswith("Tabell 1: Utvalget")
    assert "2 275 44 000" in table.text
    assert "260 3 500" in table.text


def test_a_figure_alone_on_its_line_joins_the_label_above_it() -> None:
    text = "Tydelige mål\n\nRaskere innovasjon\n\n10%\n\nØkt produktivitet\n\n30%"
    (unit,) = passage_units(text)
    assert unit.text == "Tydelige mål: Raskere innovasjon 10%; Økt produktivitet 30%"
    assert quote_in_passage(unit.quote, text)


def test_a_long_list_is_cut_into_units_no_longer_than_the_tuning_allows() -> None:
    items = "\n".join(f"• Punkt nummer {n} i en lang liste over tiltak" for n in range(1, 13))
    text = f"Tiltak i kommunen\n{items}"
    default = passage_units(text)
    assert len(default) == 2
    assert all(len(u.text) <= UnitTuning().max_unit_chars for u in default)
    assert all(u.text.startswith("Tiltak i kommunen: ") for u in default)
    short = passage_units(text, tuning=UnitTuning(max_unit_chars=200))
    assert len(short) > len(default)
    assert all(len(u.text) <= 200 for u in short)


def test_fragments_below_the_word_minimum_are_no_units() -> None:
    text = "Kommunen valgte en ny modell. Slik gikk det."
    assert [u.text for u in passage_units(text)] == [
        "Kommunen valgte en ny modell.",
        "Slik gikk det.",
    ]
    assert [u.text for u in passage_units(text, tuning=UnitTuning(min_words=4))] == [
        "Kommunen valgte en ny modell."
    ]


def test_a_block_stops_at_its_character_budget() -> None:
    intro = Unit("Dette fant vi i kommunene:", "Dette fant vi i kommunene:", 1, 0)
    findings = [
        Unit(f"Kommune {n} satset på opplæring.", f"Kommune {n} satset på opplæring.", 1, n + 1)
        for n in range(8)
    ]
    full = block_units([intro, *findings])[-1]
    assert full.items == 8
    assert full.text.startswith("Dette fant vi i kommunene: Kommune 0 satset på opplæring; ")
    small = block_units([intro, *findings], UnitTuning(max_block_chars=120))[-1]
    assert 1 <= small.items < 8
    assert len(small.text) <= 120 + len(findings[0].text)


def test_close_sentence_adds_a_full_stop_only_where_one_is_missing() -> None:
    assert close_sentence(" Kantinen er åpen ") == "Kantinen er åpen."
    assert close_sentence("Er kantinen åpen?") == "Er kantinen åpen?"
    assert close_sentence("Tiltak:") == "Tiltak:"


def test_a_numbered_enumeration_is_one_list_and_a_lone_numbered_heading_is_not() -> None:
    text = (
        "Møtet hadde fire deler:\n\n"
        "1. Ideen bak Kontrolltårn – Øyvind Skraastad, OUS.\n"
        "2. Demonstrasjon av løsningen – Jørgen Schreiner, KPMG.\n"
        "3. Hvordan ta løsningen i bruk – Odd Arild Lehne, OUS."
    )
    (unit,) = passage_units(text)
    assert unit.heading == "Møtet hadde fire deler"
    assert unit.parts == (
        "Ideen bak Kontrolltårn – Øyvind Skraastad, OUS",
        "Demonstrasjon av løsningen – Jørgen Schreiner, KPMG",
        "Hvordan ta løsningen i bruk – Odd Arild Lehne, OUS",
    )
    assert quote_in_passage(unit.quote, text)
    report = "3. Method\nA qualitative case study approach was chosen for the work."
    assert [u.text for u in passage_units(report)] == [
        "3. Method: A qualitative case study approach was chosen for the work."
    ]


def test_an_agenda_row_pairs_a_talk_with_the_names_listed_after_it() -> None:
    parts = (
        "Ideen bak", "Kontrolltårn", "Øyvind", "Skraastad", "OUS",
        "Demonstrasjon av Kontrolltårn", "Jørgen", "Schreiner", "KPMG",
        "Hvordan ta i bruk Kontrolltårn", "Odd Arild", "Lehne", "OUS",
    )  # fmt: skip
    assert item_with_names(parts, 5) == "Demonstrasjon av Kontrolltårn – Jørgen Schreiner, KPMG"
    assert item_with_names(parts, 9) == "Hvordan ta i bruk Kontrolltårn – Odd Arild Lehne, OUS"
    assert item_with_names(("Pause", "Lunsj i kantinen"), 0) == "Pause"


def test_a_person_is_named_by_two_capitalised_words_or_after_v_slash() -> None:
    assert names_person("Demonstrasjon av løsningen – Jørgen Schreiner, KPMG")
    assert names_person("kl. 10.00 Demonstrasjon v/ Kari")
    assert not names_person("Helse Sør-Øst har mange sykehus")  # capitals that open a line
    assert not names_person("Lysarkene ga et bilde av omfanget ved OUS.")


def test_list_rows_join_a_title_with_its_names_and_leave_a_list_of_names_alone() -> None:
    agenda = ("Ideer", "Demonstrasjon av løsningen", "Jørgen", "Schreiner", "KPMG", "Pause i salen")
    assert list_rows(agenda) == [
        "Ideer",
        "Demonstrasjon av løsningen – Jørgen Schreiner, KPMG",
        "Pause i salen",
    ]
    values = ("Lagspiller", "Endringsvillig", "Ansvarlig")
    assert list_rows(values) == list(values)


def test_a_bulleted_item_ending_in_a_colon_heads_the_items_after_it() -> None:
    text = "• Mobiliseringsarbeid:\n• Problematisere\n• Interessere\n• Mobilisere"
    (unit,) = passage_units(text)
    assert unit.heading == "Mobiliseringsarbeid"
    assert unit.parts == ("Problematisere", "Interessere", "Mobilisere")


def test_reference_entries_and_bare_links_are_apparatus() -> None:
    assert is_apparatus("- Nordmann, Kari og Ola Hansen (2019). *Tittel på boka*. Forlaget.")
    assert is_apparatus("- Smith, J.A. and Lee, R. (2016). [A title](#). *A Journal*, 4, 5-23.")
    assert is_apparatus("- [Nasjonal plan for noe](#) (2023). Direktoratet.")
    assert is_apparatus("- [Ei stortingsmelding](#). Meld. St. 5 (2022-2023).")
    assert is_apparatus("www.eksempel.no")
    assert is_apparatus("Les mer: https://eksempel.no/side")
    # A year in brackets, or a link inside a statement, is content.
    assert not is_apparatus("Første ventil (1989). Første pasient (2002).")
    assert not is_apparatus("• Oppfinnelse (1989), første prosedyre (2007)")
    assert not is_apparatus(
        "Modellen er beskrevet av Carl May (www.eksempel.org) og brukes i mange land."
    )
    assert not is_apparatus("- [DRIV](#) er en arena for studenter som vil skape noe nytt.")


def test_apparatus_lines_make_no_units() -> None:
    text = (
        "Veien videre\n• Vi lager en plan for piloten\n• Vi evaluerer etter ett år\n"
        "www.eksempel.no\nhttps://www.linkedin.com/showcase/eksempel/\n\nKILDER\n\n"
        "- Nordmann, Kari (2019). *Tittel*. Forlaget.\n- [Rapporten](#) (2021). Utgiveren."
    )
    texts = " ".join(u.text for u in passage_units(text))
    for kept in ("piloten", "evaluerer"):
        assert kept in texts
    for dropped in ("eksempel.no", "linkedin", "Nordmann", "Rapporten"):
        assert dropped not in texts


def test_a_passage_of_links_only_has_no_units() -> None:
    assert passage_units("www.eksempel.no\nhttps://eksempel.no/kontakt") == []
