"""Chunks follow the document's structure, respect the size limit and carry their citation."""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest

from assistant.index.chunks import Chunk, content_hash
from ingest.chunking import block_text, chunk_document
from ingest.cleaning import clean_blocks
from ingest.document import Block, LoadedDocument
from ingest.loaders import load_file
from tests.ingest.builders import write_pptx

WORDS = [
    "innovasjon",
    "helse",
    "omsorg",
    "kommune",
    "sykehus",
    "arena",
    "tillit",
    "likeverd",
    "samskaping",
    "kreativitet",
    "ledelse",
    "tjeneste",
    "pasient",
    "behov",
    "verksted",
    "partner",
    "løsning",
]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 18))).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def document(blocks: list[Block], source: str = "rapport.pdf") -> LoadedDocument:
    return LoadedDocument(
        source=source,
        path=f"/data/{source}",
        title="Rapporten",
        file_type=source.rsplit(".", 1)[-1],
        content_hash="f" * 64,
        blocks=blocks,
    )


def chunk(doc: LoadedDocument, size: int = 300, visibility: str = "arena") -> list[Chunk]:
    return chunk_document(doc, size, 60, visibility, "2025-06-05T08:30:00+00:00")


@pytest.fixture
def long_report() -> LoadedDocument:
    rng = random.Random(7)
    return document(
        [
            Block("\n\n".join(paragraph(rng, 4) for _ in range(5)), "page", 1),
            Block(paragraph(rng, 2), "page", 2),
            Block(paragraph(rng, 1) + "\n\n" + "x" * 700, "page", 3),  # a word longer than a chunk
        ]
    )


@pytest.mark.parametrize("size", [100, 300, 700])
def test_no_chunk_is_longer_than_chunk_size(long_report: LoadedDocument, size: int) -> None:
    chunks = chunk(long_report, size)

    assert len(chunks) > 1
    assert max(len(c.text) for c in chunks) <= size


def test_every_sentence_lands_in_some_chunk(long_report: LoadedDocument) -> None:
    chunks = chunk(long_report)
    joined = " ".join(" ".join(c.text.split()) for c in chunks)

    for block in long_report.blocks:
        for sentence_text in re.findall(r"[^.]+\.", block.text):
            assert " ".join(sentence_text.split()) in joined


def test_oversized_paragraph_splits_at_sentence_ends() -> None:
    rng = random.Random(3)
    doc = document([Block(paragraph(rng, 30), "page", 1)])

    chunks = chunk(doc)

    assert len(chunks) > 2
    assert all(c.text.endswith(".") for c in chunks)


def test_large_pages_never_share_a_chunk(long_report: LoadedDocument) -> None:
    chunks = chunk(long_report)

    assert all(re.fullmatch(r"page \d+", c.location) for c in chunks)
    assert [c.location for c in chunks].count("page 2") >= 1


def test_sections_start_new_chunks_when_the_previous_is_half_full() -> None:
    rng = random.Random(5)
    first, second = paragraph(rng, 3)[:200], paragraph(rng, 3)[:200]
    doc = document(
        [
            Block(first, "section", 1, heading="Tillit"),
            Block(second, "section", 2, heading="Likeverd"),
        ],
        source="kompass.md",
    )

    chunks = chunk(doc)

    assert [(c.text, c.location, c.heading) for c in chunks] == [
        (first, "section 1: Tillit", "Tillit"),
        (second, "section 2: Likeverd", "Likeverd"),
    ]


def test_small_slides_merge_with_a_location_range() -> None:
    slides = [Block(f"Punkt {i}", "slide", i, heading=f"Tittel {i}") for i in range(2, 7)]

    (only,) = chunk(document(slides, source="deck.pptx"))

    assert only.location == "slides 2–6"
    assert only.metadata["location"] == "slides 2–6"
    assert only.heading == "Tittel 2"
    assert only.text.splitlines()[:4] == ["Tittel 2", "Punkt 2", "Tittel 3", "Punkt 3"]


def test_slides_keep_title_and_speaker_notes_in_the_chunk(tmp_path: Path) -> None:
    loaded = load_file(write_pptx(tmp_path / "h2b.pptx"), 10**7)
    loaded.blocks = clean_blocks(loaded.blocks)

    chunks = chunk(loaded, size=700)
    text = "\n".join(c.text for c in chunks)

    assert "Kontrolltårnet" in text
    assert "Notater: Husk å nevne H2B Open-møtet i juni." in text
    assert chunks[0].location.startswith("slide")


def test_block_text_adds_slide_title_and_notes_but_not_twice() -> None:
    slide = Block("Bedre flyt", "slide", 1, heading="Kontrolltårnet", notes="Nevn H2B.")
    titled = Block("Kontrolltårnet\nBedre flyt", "slide", 1, heading="Kontrolltårnet")
    page = Block("Tekst", "page", 1, heading="Overskrift")

    assert block_text(slide) == "Kontrolltårnet\nBedre flyt\nNotater: Nevn H2B."
    assert block_text(titled) == "Kontrolltårnet\nBedre flyt"
    assert block_text(page) == "Tekst"


def test_index_text_puts_the_heading_before_text_that_lacks_it() -> None:
    doc = document([Block("Vi holder det vi lover.", "section", 1, heading="Tillit")], "k.md")

    (only,) = chunk(doc)

    assert only.index_text == "Tillit\nVi holder det vi lover."


def test_chunk_metadata_carries_the_citation(long_report: LoadedDocument) -> None:
    chunks = chunk(long_report, visibility="org:OUS")

    for c in chunks:
        assert c.metadata == {
            "source": "rapport.pdf",
            "title": "Rapporten",
            "location": c.location,
            "file_type": "pdf",
            "visibility": "org:OUS",
            "ingested_at": "2025-06-05T08:30:00+00:00",
            "document_hash": "f" * 64,
            "content_hash": content_hash(c.text),
        }
        assert c.content_hash == content_hash(c.text)
        assert c.source == "rapport.pdf"


def test_chunk_ids_are_deterministic_and_unique(long_report: LoadedDocument) -> None:
    first = chunk(long_report)
    again = chunk(long_report)

    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)
    assert [c.ordinal for c in first] == list(range(len(first)))


def test_same_text_in_another_file_gets_other_ids(long_report: LoadedDocument) -> None:
    other = document(long_report.blocks, source="kopi.pdf")

    assert not {c.id for c in chunk(long_report)} & {c.id for c in chunk(other)}


def test_repeated_slides_in_one_deck_get_distinct_ids() -> None:
    rng = random.Random(11)
    filler = [Block(paragraph(rng, 3)[:250], "slide", i) for i in range(1, 4)]
    thanks = [Block("Takk for oppmerksomheten", "slide", i, heading="Takk") for i in (4, 5)]
    chunks = chunk(document([filler[0], thanks[0], *filler[1:], thanks[1]], "deck.pptx"))

    assert len({c.id for c in chunks}) == len(chunks)


def test_changing_one_page_keeps_the_other_pages_ids(long_report: LoadedDocument) -> None:
    before = chunk(long_report)
    long_report.blocks[1].text = "Helt ny tekst på side to."
    after = chunk(long_report)

    unchanged = [c.id for c in before if c.location == "page 1"]
    assert unchanged == [c.id for c in after if c.location == "page 1"]
    assert {c.id for c in before if c.location == "page 2"}.isdisjoint(c.id for c in after)


def test_empty_document_gives_no_chunks() -> None:
    assert chunk(document([])) == []


def test_chunks_keep_document_order(long_report: LoadedDocument) -> None:
    numbers = [int(c.location.split()[1]) for c in chunk(long_report)]

    assert numbers == sorted(numbers)
    assert list(itertools.pairwise(numbers))  # more than one chunk to compare


def test_merged_docx_sections_name_their_headings(tmp_path: Path) -> None:
    """Small Word sections share a chunk; its location and text still say which is which."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.add_heading("Handlingsplan", level=0)
    document.add_heading("Bakgrunn", level=1)
    document.add_paragraph("Kommunen vil korte ned ventetiden.")
    document.add_heading("Tiltak", level=1)
    document.add_paragraph("Et felles planleggingsmøte hver uke.", style="List Bullet")
    document.add_paragraph("Bedre oversikt over ledige senger.", style="List Bullet")
    # A Norwegian Word names its heading style "Overskrift 2"; this one is based on Heading 2.
    custom = document.styles.add_style("Overskrift 2", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 2"]
    document.add_paragraph("Oppfølging", style="Overskrift 2")
    document.add_paragraph("Resultatene gjennomgås etter et halvt år.")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    loaded = load_file(path, 10**7)
    loaded.blocks = clean_blocks(loaded.blocks)

    (only,) = chunk(loaded, size=700)

    assert [b.heading for b in loaded.blocks] == ["Bakgrunn", "Tiltak", "Oppfølging"]
    assert only.location == "sections 1–3: Bakgrunn; Tiltak; Oppfølging"
    assert only.metadata["location"] == only.location
    assert only.heading == "Bakgrunn"
    lines = only.text.splitlines()
    # The first heading is the chunk's own heading; later ones stand above their lines.
    assert lines[0] == "Kommunen vil korte ned ventetiden."
    assert lines[lines.index("Tiltak") + 1] == "• Et felles planleggingsmøte hver uke."
    assert lines[lines.index("Oppfølging") + 1] == "Resultatene gjennomgås etter et halvt år."


def test_a_chunk_within_one_section_keeps_its_single_location(tmp_path: Path) -> None:
    rng = random.Random(11)
    doc = document(
        [
            Block(paragraph(rng, 3)[:250], "section", 1, heading="Bakgrunn"),
            Block(paragraph(rng, 3)[:250], "section", 2, heading="Tiltak"),
        ],
        source="plan.docx",
    )

    chunks = chunk(doc, size=300)

    assert [c.location for c in chunks] == ["section 1: Bakgrunn", "section 2: Tiltak"]
    assert not chunks[1].text.startswith("Tiltak")


def test_many_merged_sections_name_the_first_three_headings() -> None:
    sections = [Block(f"Punkt {i}.", "section", i, heading=f"Del {i}") for i in range(1, 6)]

    (only,) = chunk(document(sections, source="plan.docx"))

    assert only.location == "sections 1–5: Del 1; Del 2; Del 3; …"
