"""A brief as a Word document: real headings, lists and tables, citations as a numbered list.

The blocks come from `layout`, as for Markdown: Heading 1 for the title, Heading 2 per section
(Heading 3 inside "changes in the findings"), 'List Bullet' where Markdown has bullets, the
compass and conflict checks as tables with a header row that repeats on each page, and the
sources as paragraphs that begin with their number ("2. "), the number the text's `[2]` names.
Word has no markup to inject, but XML refuses control characters that PDFs leave in passages,
so they are dropped.

python-docx looks a style up by name by scanning every style of the template, for each
paragraph: that was two thirds of an export. So each style's id is looked up once per file and
set on the paragraph directly.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import TYPE_CHECKING

from assistant.briefs.layout import (
    Block,
    Heading,
    Line,
    Lines,
    Sources,
    Table,
    layout,
    source_parts,
)
from assistant.briefs.model import Brief, BriefRecord

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

# Characters XML 1.0 does not allow (tab, line feed and carriage return it does).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Word's language tags for the brief's languages (spell checking and the document's metadata).
_WORD_LANGUAGE = {"no": "nb-NO", "en": "en-GB"}
_STYLES = {
    "prose": "Normal",
    "bullets": "List Bullet",
    "meta": "No Spacing",
    "lead": "Intense Quote",
    "note": "Quote",
}


def render_docx(item: BriefRecord | Brief) -> bytes:
    """The brief as a .docx file: a saved record shows its version, a draft renders without it."""
    import docx  # python-docx: loaded by the first export, not by every import of the package

    record = item if isinstance(item, BriefRecord) else None
    brief = item.brief if isinstance(item, BriefRecord) else item
    document = docx.Document()
    _properties(document, brief, record)
    writer = _Writer(document)
    for block in layout(item):
        writer.block(block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _properties(document: Document, brief: Brief, record: BriefRecord | None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    language = _WORD_LANGUAGE[brief.language]
    properties = document.core_properties
    properties.title = _text(brief.title)
    properties.language = language
    properties.author = _text(record.author) if record else ""
    properties.last_modified_by = properties.author
    properties.comments = ""
    properties.keywords = brief.kind.value
    if record is not None:
        properties.revision = record.version
        saved = _moment(record.created_at)
        if saved is not None:
            properties.created = properties.modified = saved
    # The Normal style's language: Word spell-checks the brief in the language it is written in.
    run_properties = document.styles["Normal"].element.get_or_add_rPr()
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), language)


def _moment(text: str) -> dt.datetime | None:
    """The saving time from the record's ISO text, in UTC; None when it is not one."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


class _Writer:
    """Writes blocks into one document, with the template's style ids looked up once."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.style_ids: dict[str, str] = {}

    def paragraph(self, style: str) -> Paragraph:
        paragraph = self.document.add_paragraph()
        if style != "Normal":
            if style not in self.style_ids:
                self.style_ids[style] = self.document.styles[style].style_id
            paragraph._p.style = self.style_ids[style]
        return paragraph

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.paragraph(f"Heading {block.level}").add_run(_text(block.text))
        elif isinstance(block, Lines):
            for line in block.lines:
                _line(self.paragraph(_STYLES[block.style]), line)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Sources):
            for citation in block.citations:
                paragraph = self.paragraph("Normal")
                paragraph.add_run(f"{citation.n}. ").bold = True
                paragraph.add_run(_text(", ".join(source_parts(citation))))

    def table(self, block: Table) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        table = self.document.add_table(rows=1, cols=len(block.header))
        if "Table Grid" not in self.style_ids:
            self.style_ids["Table Grid"] = self.document.styles["Table Grid"].style_id
        table._tbl.tblStyle_val = self.style_ids["Table Grid"]
        header = table.rows[0]
        # A long compass table runs over pages: its header row repeats on each.
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header._tr.get_or_add_trPr().append(repeat)
        for cell, name in zip(header.cells, block.header, strict=True):
            cell.paragraphs[0].add_run(_text(name)).bold = True
        for row in block.rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.paragraphs[0].add_run(_text(value))


def _line(paragraph: Paragraph, line: Line) -> None:
    if line.label:
        paragraph.add_run(_text(f"{line.label}: ")).bold = True
    paragraph.add_run(_text(line.text))
