"""Each loader turns its format into located blocks with a title; bad input raises IngestError."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.errors import (
    CorruptFileError,
    EmptyFileError,
    OversizedFileError,
    UnsupportedFileError,
)
from ingest.loaders import find_files, load_file
from tests.ingest.builders import (
    EXTRACTION_TEXT,
    HTML,
    MARKDOWN,
    write_docx,
    write_pdf,
    write_pptx,
    write_text,
)

MAX = 10_000_000


def test_pdf_has_one_block_per_page_with_page_numbers(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "rapport.pdf",
        ["Første side om helse- og omsorg.", "Andre side: æøå ÆØÅ og innovasjon."],
        title="Arenarapporten",
    )

    document = load_file(path, MAX)

    assert document.title == "Arenarapporten"
    assert document.file_type == "pdf"
    assert document.source == "rapport.pdf"
    assert [(b.kind, b.number, b.location) for b in document.blocks] == [
        ("page", 1, "page 1"),
        ("page", 2, "page 2"),
    ]
    assert "helse- og omsorg" in document.blocks[0].text
    assert "æøå ÆØÅ" in document.blocks[1].text


def test_pdf_without_title_metadata_is_named_after_the_file(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "arsrapport_helse-2024.pdf", ["Tekst."])

    assert load_file(path, MAX).title == "Arsrapport helse 2024"


def test_pdf_blank_pages_are_dropped(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "r.pdf", ["Side en.", "", "Side tre."])

    assert [b.number for b in load_file(path, MAX).blocks] == [1, 3]


def test_docx_sections_follow_headings_with_lists_and_tables(tmp_path: Path) -> None:
    document = load_file(write_docx(tmp_path / "kompass.docx"), MAX)

    # The Title-styled paragraph names the document when core properties have no title.
    assert document.title == "Verdikompasset"
    assert [(b.kind, b.number, b.heading) for b in document.blocks] == [
        ("section", 1, ""),
        ("section", 2, "Tillit"),
        ("section", 3, "Likeverd"),
    ]
    assert document.blocks[1].location == "section 2: Tillit"
    assert document.blocks[1].text.splitlines() == [
        "Vi holder det vi lover og deler det vi vet.",
        "• Åpne møtereferater",
        "• Klare roller",
    ]
    assert "Prinsipp | Forpliktelse" in document.blocks[2].text
    assert "Likeverd | Små aktører får ordet først" in document.blocks[2].text


def test_docx_core_title_wins_over_title_paragraph(tmp_path: Path) -> None:
    document = load_file(write_docx(tmp_path / "k.docx", title="Kompasset 2025"), MAX)

    assert document.title == "Kompasset 2025"


def test_pptx_slides_keep_number_title_body_table_and_notes(tmp_path: Path) -> None:
    document = load_file(write_pptx(tmp_path / "h2b.pptx"), MAX)

    assert document.title == "Kontrolltårnet"  # first slide's title when no core title
    first, second, third = document.blocks
    assert (first.kind, first.number, first.heading) == ("slide", 1, "Kontrolltårnet")
    assert first.location == "slide 1: Kontrolltårnet"
    assert first.text.splitlines() == [
        "Operasjonsplanlegging med maskinlæring",
        "• Færre strykninger",
        "• Bedre flyt på operasjonsstuene",
    ]
    assert first.notes == "Husk å nevne H2B Open-møtet i juni."
    assert (second.number, second.heading) == (2, "Tall fra sykehuset")
    assert second.text.splitlines() == ["År | Operasjoner", "2024 | 1200"]
    assert (third.number, third.heading) == (3, "Offentlig-privat samarbeid")
    # The title is the heading, not repeated in the body.
    assert "Kontrolltårnet" not in first.text


def test_html_sections_from_headings_without_script_nav_or_footer(tmp_path: Path) -> None:
    document = load_file(write_text(tmp_path / "side.html", HTML), MAX)

    assert document.title == "Slik jobber arenaen"
    assert [b.heading for b in document.blocks] == [
        "Slik jobber arenaen",
        "Fra behov til verksted",
        "Etterpå",
    ]
    assert document.blocks[1].text.splitlines() == [
        "En utfordring starter med et behov fra tjenesten.",
        "• Behovet beskrives",
        "• Partnere inviteres",
    ]
    everything = "\n".join(b.text + b.heading for b in document.blocks)
    for stripped in ("tracking", "color", "Navigasjonslenke", "Hjem", "Bunntekst"):
        assert stripped not in everything


def test_markdown_front_matter_becomes_title_and_metadata(tmp_path: Path) -> None:
    document = load_file(write_text(tmp_path / "kompass.md", MARKDOWN), MAX)

    assert document.title == "Verdikompass"
    assert document.metadata == {"title": "Verdikompass", "principles": ["tillit", "likeverd"]}
    assert [(b.number, b.heading) for b in document.blocks] == [
        (1, "Verdikompass"),
        (2, "Verdikompasset"),
        (3, "Tillit"),
        (4, "Samskaping"),
    ]
    assert "title:" not in document.blocks[0].text
    assert document.blocks[2].text.strip() == "Vi holder det vi lover."


def test_markdown_without_front_matter_takes_title_from_first_h1(tmp_path: Path) -> None:
    path = write_text(tmp_path / "notat.md", "# Casenotat\n\nTekst.\n\n## Del\n\nMer.\n")

    document = load_file(path, MAX)

    assert document.title == "Casenotat"
    assert [b.heading for b in document.blocks] == ["Casenotat", "Del"]


def test_markdown_with_broken_front_matter_is_corrupt(tmp_path: Path) -> None:
    path = write_text(tmp_path / "feil.md", "---\ntitle: [uavsluttet\n---\nTekst.\n")

    with pytest.raises(CorruptFileError, match=r"^feil\.md: .*YAML.*line 2") as caught:
        load_file(path, MAX)

    assert "\n" not in str(caught.value)


def test_text_extraction_splits_into_parts_at_page_breaks(tmp_path: Path) -> None:
    document = load_file(write_text(tmp_path / "rapport.txt", EXTRACTION_TEXT), MAX)

    assert document.title == "Helse2B rapport 2025"
    assert [(b.kind, b.number) for b in document.blocks] == [("part", n) for n in (1, 2, 3, 4)]


def test_text_part_headings_skip_the_running_header(tmp_path: Path) -> None:
    """A header repeated atop every page is furniture, not each page's heading."""
    document = load_file(write_text(tmp_path / "rapport.txt", EXTRACTION_TEXT), MAX)

    assert [b.heading for b in document.blocks] == ["Innledning", "Funn", "Innhold", "Anbefalinger"]


def test_text_with_leading_slide_numbers_becomes_slides(tmp_path: Path) -> None:
    slides = [
        "1 Velkommen\n\nOm arenaen",
        "2 Partnere\n\nSykehus og kommuner",
        "3 Verdier\n\nTillit og likeverd",
        "5 Prosjekt\n\nKontrolltårnet",
    ]
    path = write_text(tmp_path / "slides.txt", "\n\n\n\n".join(slides))

    blocks = load_file(path, MAX).blocks

    assert [(b.kind, b.number, b.heading) for b in blocks] == [
        ("slide", 1, "Velkommen"),
        ("slide", 2, "Partnere"),
        ("slide", 3, "Verdier"),
        ("slide", 5, "Prosjekt"),
    ]
    assert not blocks[0].text.lstrip().startswith("1")


def test_single_text_without_breaks_is_one_section(tmp_path: Path) -> None:
    path = write_text(tmp_path / "kort.txt", "Et kort notat.\nMed to linjer.\n")

    blocks = load_file(path, MAX).blocks

    assert [(b.kind, b.number) for b in blocks] == [("section", 1)]


def test_windows_1252_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "gammel.txt"
    path.write_bytes("Blåbærsyltetøy på sykehuset.".encode("cp1252"))

    assert "Blåbærsyltetøy" in load_file(path, MAX).blocks[0].text


def test_content_hash_is_of_the_file_bytes(tmp_path: Path) -> None:
    a = load_file(write_text(tmp_path / "a.txt", "Samme tekst."), MAX)
    b = load_file(write_text(tmp_path / "b.txt", "Samme tekst."), MAX)
    c = load_file(write_text(tmp_path / "c.txt", "Annen tekst."), MAX)

    assert a.content_hash == b.content_hash != c.content_hash


# Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".pptx"])
def test_random_bytes_are_a_corrupt_file_named_in_the_message(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"skadet{suffix}"
    path.write_bytes(os.urandom(2048))

    with pytest.raises(CorruptFileError, match=rf"^skadet\{suffix}: ") as caught:
        load_file(path, MAX)

    assert "\n" not in str(caught.value)


def test_binary_content_in_a_text_file_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "binær.txt"
    path.write_bytes(b"tekst\x00\x01\x02 mer")

    with pytest.raises(CorruptFileError, match=r"^binær\.txt: binary content"):
        load_file(path, MAX)


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n"])
def test_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "tom.md"
    path.write_bytes(content)

    with pytest.raises(EmptyFileError, match=r"tom\.md"):
        load_file(path, MAX)


def test_pdf_without_text_is_empty(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "skannet.pdf", ["", ""])

    with pytest.raises(EmptyFileError, match=r"skannet\.pdf.*OCR"):
        load_file(path, MAX)


def test_oversized_file_is_refused_with_its_size_and_the_limit(tmp_path: Path) -> None:
    path = write_text(tmp_path / "stor.txt", "ord " * 1000)

    with pytest.raises(OversizedFileError, match=r"stor\.txt") as caught:
        load_file(path, 1500)

    message = str(caught.value)
    assert "0.004 MB is over the 0.0015 MB limit" in message
    assert "ARENA_MAX_FILE_MB" in message
    assert "\n" not in message


def test_unsupported_file_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "budsjett.xlsx"
    path.write_bytes(b"PK\x03\x04")

    with pytest.raises(UnsupportedFileError, match=r"budsjett\.xlsx.*'\.xlsx'"):
        load_file(path, MAX)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CorruptFileError, match=r"borte\.txt"):
        load_file(tmp_path / "borte.txt", MAX)


def test_find_files_expands_folders_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    folder = tmp_path / "kunnskap"
    (folder / "under").mkdir(parents=True)
    (folder / ".git").mkdir()
    for name in ("b.md", "a.txt", "under/c.pdf", ".git/d.md", "bilde.png", "under/.skjult.txt"):
        (folder / name).write_text("x")
    named = tmp_path / "annet.xlsx"

    found = find_files([folder, named])

    assert found == [folder / "a.txt", folder / "b.md", folder / "under" / "c.pdf", named]


def test_markdown_inline_markup_becomes_plain_text() -> None:
    from ingest.loaders import plain_markdown

    source = (
        "*Arbeidspraksis.* Se **verdikompasset** og [veilederen](https://example.org/v).\n"
        "> Et sitat med `kode` og snake_case_navn beholdes.\n"
        "- punkt med _vekt_\n"
        "| a | b |"
    )
    assert plain_markdown(source) == (
        "Arbeidspraksis. Se verdikompasset og veilederen.\n"
        "Et sitat med kode og snake_case_navn beholdes.\n"
        "- punkt med vekt\n"
        "| a | b |"
    )
