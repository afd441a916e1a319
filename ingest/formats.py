"""Readers for binary and markup formats: PDF pages, Word sections, PowerPoint slides, HTML."""

from __future__ import annotations

import re
from io import BytesIO

from assistant.errors import CorruptFileError
from ingest.document import Block


def load_pdf(data: bytes) -> tuple[str, list[Block], dict[str, object]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            raise CorruptFileError("the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise CorruptFileError(f"not a readable PDF: {exc}") from exc
    title = ""
    if reader.metadata and reader.metadata.title:
        title = str(reader.metadata.title).strip()
    blocks = [Block(text=t, kind="page", number=i) for i, t in enumerate(pages, start=1)]
    return title, blocks, {}


class _Sections:
    """Lines gathered under the current heading, closed into a section Block at each heading."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lines: list[str] = []
        self.heading = ""

    def start(self, heading: str) -> None:
        """Close the section so far and open one under a new heading."""
        self._flush()
        self.heading = heading

    def close(self) -> list[Block]:
        self._flush()
        return self.blocks

    def _flush(self) -> None:
        if "".join(self.lines).strip():
            number = len(self.blocks) + 1
            text = "\n".join(self.lines)
            self.blocks.append(
                Block(text=text, kind="section", number=number, heading=self.heading)
            )
        self.lines.clear()


def load_docx(data: bytes) -> tuple[str, list[Block], dict[str, object]]:
    import docx

    document = docx.Document(BytesIO(data))
    title = (document.core_properties.title or "").strip()
    sections = _Sections()
    lines = sections.lines

    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            for row in item.rows:
                cells = [c.text.strip() for c in row.cells]
                lines.append(" | ".join(dict.fromkeys(c for c in cells if c)))
            continue
        style = (item.style.name if item.style is not None else "") or ""
        text = item.text.strip()
        if not text:
            lines.append("")
            continue
        if style == "Title" and not title:
            title = text
        elif _is_docx_heading(item):
            sections.start(text)
        else:
            bullet = "• " if "List" in style else ""
            lines.append(bullet + text)
    return title, sections.close(), {}


# Heading styles under their English names or a Norwegian Word's ("Overskrift 2").
_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*\d", re.IGNORECASE)
_OUTLINE_LEVEL = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl"
_W_VAL = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"


def _is_docx_heading(paragraph: object) -> bool:
    """A heading by its style (or a style it is based on) or by an outline level of its own.

    Documents made in a localised Word or another editor name their heading styles otherwise or
    base a custom style on one; a heading missed here loses its name from every chunk under it.
    """
    own = paragraph._p.pPr  # type: ignore[attr-defined]
    if own is not None and _outline_level(own) is not None:
        return True
    style = paragraph.style  # type: ignore[attr-defined]
    for _ in range(5):  # base styles chain; a short walk suffices and stops any loop
        if style is None:
            return False
        if _HEADING_STYLE.match(style.name or ""):
            return True
        if style.element.pPr is not None and _outline_level(style.element.pPr) is not None:
            return True
        style = style.base_style
    return False


def _outline_level(ppr: object) -> int | None:
    """The outline level 0-8 a paragraph property sets (9 is Word's 'body text')."""
    found = ppr.find(_OUTLINE_LEVEL)  # type: ignore[attr-defined]
    if found is None:
        return None
    try:
        level = int(found.get(_W_VAL))
    except (TypeError, ValueError):
        return None
    return level if level < 9 else None


def load_pptx(data: bytes) -> tuple[str, list[Block], dict[str, object]]:
    from pptx import Presentation

    presentation = Presentation(BytesIO(data))
    title = (presentation.core_properties.title or "").strip()
    blocks: list[Block] = []
    for number, slide in enumerate(presentation.slides, start=1):
        slide_title = ""
        if slide.shapes.title is not None and slide.shapes.title.has_text_frame:
            slide_title = slide.shapes.title.text_frame.text.strip()
        lines: list[str] = []
        for shape in slide.shapes:
            if shape == slide.shapes.title:
                continue
            lines.extend(_shape_lines(shape))
        notes = ""
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            notes = slide.notes_slide.notes_text_frame.text.strip()
        blocks.append(
            Block(
                text="\n".join(lines),
                kind="slide",
                number=number,
                heading=slide_title.replace("\n", " "),
                notes=notes,
            )
        )
    if not title and blocks:
        title = blocks[0].heading
    return title, blocks, {}


def _shape_lines(shape: object) -> list[str]:
    lines: list[str] = []
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:  # type: ignore[attr-defined]
        for paragraph in shape.text_frame.paragraphs:  # type: ignore[attr-defined]
            text = "".join(run.text for run in paragraph.runs).strip()
            if text:
                lines.append(("• " if paragraph.level > 0 else "") + text)
    if getattr(shape, "has_table", False) and shape.has_table:  # type: ignore[attr-defined]
        for row in shape.table.rows:  # type: ignore[attr-defined]
            cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
            if cells:
                lines.append(" | ".join(cells))
    for child in getattr(shape, "shapes", []) or []:
        lines.extend(_shape_lines(child))
    return lines


def load_html(data: bytes) -> tuple[str, list[Block], dict[str, object]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "header", "noscript", "form", "aside"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    body = soup.body or soup
    sections = _Sections()
    lines = sections.lines

    for element in body.find_all(
        ["h1", "h2", "h3", "h4", "p", "li", "td", "th", "pre", "dd", "dt"]
    ):
        if element.find_parent(["li", "td", "th"]) is not None and element.name in ("p",):
            continue
        text = element.get_text(" ", strip=True)
        if not text:
            continue
        if element.name in ("h1", "h2", "h3", "h4"):
            sections.start(text)
            if not title and element.name == "h1":
                title = text
        elif element.name == "li":
            lines.append("• " + text)
        else:
            lines.append(text)
    blocks = sections.close()
    if not blocks:
        text = body.get_text("\n", strip=True)
        if text:
            blocks.append(Block(text=text, kind="section", number=1, heading=title))
    return title, blocks, {}
