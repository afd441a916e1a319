"""The brief as a Word file, opened back with python-docx: headings, tables, lists and sources."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table

from assistant.briefs.layout import columns, label
from assistant.briefs.model import SectionId
from assistant.briefs.word import render_docx
from assistant.i18n import Language
from tests.briefs.render_builders import foreign_labels, make_brief, make_record, mentions

LANGUAGES: list[Language] = ["no", "en"]


def opened(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def styled(document: Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def under(document: Document, heading: str) -> list[str]:
    """The paragraphs' texts after the Heading 2 `heading`, up to the next Heading 2."""
    texts: list[str] = []
    inside = False
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name == "Heading 2":
            if inside:
                break
            inside = paragraph.text == heading
        elif inside:
            texts.append(paragraph.text)
    return texts


def table_with(document: Document, header: list[str]) -> Table:
    (table,) = [t for t in document.tables if [c.text for c in t.rows[0].cells] == header]
    return table


def body_text(document: Document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_title_is_heading_1_and_each_section_a_heading_2_in_order(language: Language) -> None:
    record = make_record(language)
    document = opened(render_docx(record))
    assert styled(document, "Heading 1") == [record.brief.title]
    assert styled(document, "Heading 2") == [
        *(s.title for s in record.brief.sections if s.id != SectionId.summary),
        label("compass", language),
        label("findings", language),
        label("changes", language),
        label("sources", language),
    ]
    assert styled(document, "Heading 3") == [
        label("changes_added", language),
        label("changes_resolved", language),
    ]
    assert styled(document, "Intense Quote") == [record.brief.how_might_we]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_core_properties_name_title_language_author_and_version(language: Language) -> None:
    record = make_record(language, version=3)
    properties = opened(render_docx(record)).core_properties
    assert properties.title == record.brief.title
    assert properties.language == {"no": "nb-NO", "en": "en-GB"}[language]
    assert properties.author == record.author
    assert properties.revision == 3
    assert properties.created == dt.datetime(2025, 2, 20, 9, 30, tzinfo=dt.UTC)
    assert "python-docx" not in (properties.comments + properties.last_modified_by)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compass_is_a_table_with_a_header_row_and_a_row_per_commitment(
    language: Language,
) -> None:
    record = make_record(language)
    table = table_with(opened(render_docx(record)), columns("compass", language))
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows == [
        [c.principle_name, c.text, label(f"status_{c.status}", language), c.reason]
        for c in record.brief.compass
    ]
    assert table.style is not None
    assert table.style.name == "Table Grid"  # ruled cells
    header = table.rows[0]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_conflict_check_is_a_table_of_the_participants(language: Language) -> None:
    record = make_record(language)
    table = table_with(opened(render_docx(record)), columns("conflict", language))
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [row[0] for row in rows] == [c.participant for c in record.brief.conflicts]
    assert rows[1][2:4] == [
        label("declaration_none", language),
        label("conflict_severity_direct", language),
    ]
    assert rows[2][2] == label("not_registered", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_open_sections_items_and_findings(language: Language) -> None:
    record = make_record(language)
    document = opened(render_docx(record))
    brief = record.brief
    notes = styled(document, "Quote")
    open_word = label("open", language)
    assert notes == [f"{open_word}: {s.open_reason}" for s in brief.sections if s.status == "open"]
    bullets = styled(document, "List Bullet")
    for item in brief.section(SectionId.stakeholders).paragraphs:
        assert item.text in bullets
    findings = under(document, label("findings", language))
    assert findings == [
        f"{label(f'severity_{f.severity}', language).capitalize()}: {f.message}"
        for f in brief.findings
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sources_are_numbered_as_the_markers_in_the_text(language: Language) -> None:
    record = make_record(language)
    document = opened(render_docx(record))
    sources = under(document, label("sources", language))
    assert len(sources) == len(record.brief.citations)
    for line, citation in zip(sources, record.brief.citations, strict=True):
        assert line == f"{citation.n}. {citation.source}, {citation.location}, «{citation.quote}»"
    before = body_text(document).split(label("sources", language))[0]
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", before)}
    assert markers == {int(line.split(".")[0]) for line in sources}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_word_brief_speaks_one_language(language: Language) -> None:
    text = body_text(opened(render_docx(make_record(language))))
    assert sorted(word for word in foreign_labels(language) if mentions(text, word)) == []
    for key in ("owners", "compass", "findings", "sources", "open", "status_met"):
        assert mentions(text, label(key, language)), key


def test_control_characters_from_pdfs_do_not_break_the_file() -> None:
    brief = make_brief("en")
    brief.citations[0].quote = "tried\x0c digital\x00 home follow-up\x1b"
    document = opened(render_docx(brief))
    assert "1. case-innovasjonsledelse-kommuner.md, Experience, «tried digital home follow-up»" in (
        under(document, "Sources")
    )


def test_a_draft_not_saved_yet_has_no_version_and_no_author() -> None:
    document = opened(render_docx(make_brief("no")))
    assert not any(p.startswith("Versjon:") for p in styled(document, "No Spacing"))
    assert (
        styled(document, "No Spacing")[0] == "Utfordringseiere: Agder kommune, Sørlandet sykehus HF"
    )
    assert document.core_properties.author == ""
