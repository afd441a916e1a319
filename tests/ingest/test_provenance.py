"""Section provenance: parsed from front matter, kept per block, and kept apart by the chunker."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import CorruptFileError
from ingest.chunking import chunk_document
from ingest.cleaning import clean_blocks
from ingest.loaders import load_file
from ingest.provenance import (
    PRACTICE,
    Provenance,
    SourceDocument,
    SourceRef,
    parse_provenance,
    provenance_label,
)
from tests.ingest.builders import write_text

MAX = 10_000_000
SLIDES = SourceDocument("h2b", "H2B Open (lysark)", "Health2B", "2025-06-05")

DOCUMENT = """---
title: Kompass
sources:
  h2b: {title: "H2B Open (lysark)", publisher: Health2B, date: 2025-06-05}
  rapport: {title: Rapporten, publisher: NTNU, date: 2023}
provenance:
  _intro: {practice: true}
  Tillit: {source: h2b, slide: 5}
  Funn: [{source: rapport, section: [Verdi og nytte, "4.2"]}, {source: h2b, slide: [7, 8]}]
  Praksis: {practice: true}
---
Innledning før første overskrift.

# Kompass

## Tillit

Vi arbeider åpent.

### Underpunkt

Arver provenansen fra Tillit.

## Funn

Verdi må ses opp mot formålet.

## Praksis

Fasilitatoren går gjennom kompasset.

## Uten kilde

Denne delen mangler i front matter.
"""


def test_labels_name_title_publisher_date_and_location_in_both_languages() -> None:
    slide = Provenance((SourceRef(SLIDES, "slide", ("5",)),))
    assert provenance_label(slide, "no") == (
        "Gjengitt fra: H2B Open (lysark), Health2B, 5. juni 2025, lysark 5"
    )
    assert provenance_label(slide, "en") == (
        "Restated from: H2B Open (lysark), Health2B, 5 June 2025, slide 5"
    )
    report = SourceDocument("r", "Rapporten", "NTNU", "2023")
    sections = Provenance((SourceRef(report, "section", ("Verdi og nytte", "4.2")),))
    assert provenance_label(sections, "en") == (
        "Restated from: Rapporten, NTNU, 2023, sections “Verdi og nytte” and 4.2"
    )
    undated = Provenance((SourceRef(SourceDocument("b", "Lysark", "BI"), "page", ("3", "4")),))
    assert provenance_label(undated, "no") == "Gjengitt fra: Lysark, BI, udatert, sidene 3 og 4"
    assert provenance_label(PRACTICE, "no") == "Arenaens egen praksis (ingen kilde)"
    assert provenance_label(PRACTICE, "en") == "Arena practice (no source)"


def test_loader_gives_each_section_its_provenance_and_subsections_their_parents(
    tmp_path: Path,
) -> None:
    document = load_file(write_text(tmp_path / "kompass.md", DOCUMENT), MAX)

    by_heading = {b.heading: b.provenance for b in document.blocks}
    assert by_heading["Kompass"] == PRACTICE  # the text before the first '##'
    assert provenance_label(by_heading["Tillit"]).endswith("lysark 5")  # type: ignore[arg-type]
    assert by_heading["Underpunkt"] == by_heading["Tillit"]
    funn = provenance_label(by_heading["Funn"], "no")  # type: ignore[arg-type]
    assert funn == (
        "Gjengitt fra: Rapporten, NTNU, 2023, avsnitt «Verdi og nytte» og 4.2; "
        "H2B Open (lysark), Health2B, 5. juni 2025, lysark 7 og 8"
    )
    assert by_heading["Praksis"] == PRACTICE
    assert by_heading["Uten kilde"] is None


def test_cleaning_keeps_provenance(tmp_path: Path) -> None:
    document = load_file(write_text(tmp_path / "kompass.md", DOCUMENT), MAX)
    cleaned = clean_blocks(document.blocks)
    assert [b.provenance for b in cleaned] == [b.provenance for b in document.blocks]


def test_chunks_carry_both_labels_and_never_mix_provenance(tmp_path: Path) -> None:
    document = load_file(write_text(tmp_path / "kompass.md", DOCUMENT), MAX)
    document.blocks = clean_blocks(document.blocks)

    # Every section is tiny: without the provenance rule they would all merge into one chunk.
    chunks = chunk_document(document, 700, 100, "arena", "2025-06-05T00:00:00+00:00")

    labels = [c.metadata.get("provenance") for c in chunks]
    assert labels == [
        "Arenaens egen praksis (ingen kilde)",
        provenance_label(document.blocks[1].provenance),  # type: ignore[arg-type]
        provenance_label(document.blocks[3].provenance),  # type: ignore[arg-type]
        "Arenaens egen praksis (ingen kilde)",
        None,
    ]
    assert "Arver provenansen" in chunks[1].text  # same provenance as Tillit: merged with it
    assert chunks[0].metadata["provenance_en"] == "Arena practice (no source)"
    assert "provenance_en" not in chunks[-1].metadata


def test_files_without_provenance_chunk_as_before(tmp_path: Path) -> None:
    text = "---\ntitle: X\n---\n## A\n\nKort.\n\n## B\n\nOgså kort.\n"
    document = load_file(write_text(tmp_path / "x.md", text), MAX)
    chunks = chunk_document(document, 700, 100, "arena", "now")
    assert len(chunks) == 1
    assert "provenance" not in chunks[0].metadata


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("{source: ukjent, slide: 5}", "unknown source 'ukjent'"),
        ("{source: h2b}", "exactly one of slide, page, section"),
        ("{source: h2b, slide: 5, page: 3}", "exactly one of slide, page, section"),
        ("{source: h2b, slides: 5}", "exactly one of slide, page, section"),
        ("[{practice: true}, {source: h2b, slide: 5}]", "'practice: true' stands alone"),
        ("{source: h2b, slide: ''}", "empty slide"),
        ("practice", "expected a mapping"),
    ],
)
def test_a_malformed_entry_is_refused_with_the_section_named(entry: str, problem: str) -> None:
    from yaml import safe_load

    front_matter = safe_load(
        "sources:\n  h2b: {title: T, publisher: P, date: 2025-06}\n"
        f"provenance:\n  Tillit: {entry}\n"
    )
    with pytest.raises(CorruptFileError, match="Tillit") as raised:
        parse_provenance(front_matter)
    assert problem in str(raised.value)


def test_a_source_needs_title_publisher_and_a_real_date() -> None:
    with pytest.raises(CorruptFileError, match="needs a title and a publisher"):
        parse_provenance({"sources": {"x": {"title": "T"}}, "provenance": {}})
    with pytest.raises(CorruptFileError, match="not YYYY"):
        parse_provenance(
            {
                "sources": {"x": {"title": "T", "publisher": "P", "date": "juni 2025"}},
                "provenance": {},
            }
        )


def test_load_file_names_the_file_when_provenance_is_malformed(tmp_path: Path) -> None:
    text = DOCUMENT.replace("Tillit: {source: h2b, slide: 5}", "Tillit: {source: h2c, slide: 5}")
    with pytest.raises(CorruptFileError, match=r"kompass\.md: provenance of 'Tillit'"):
        load_file(write_text(tmp_path / "kompass.md", text), MAX)
