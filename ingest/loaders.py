"""Read supported files into located blocks with the well-kept parsers for each format."""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import yaml

from assistant.errors import (
    CorruptFileError,
    EmptyFileError,
    IngestError,
    OversizedFileError,
    UnsupportedFileError,
)
from ingest.cleaning import furniture_lines
from ingest.document import Block, LoadedDocument
from ingest.provenance import INTRO_KEY, Provenance, parse_provenance

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".docx", ".pptx", ".html", ".htm")

# Plain-text extractions of slides and PDFs mark a page or slide break with a run of blank lines.
_PAGE_BREAK = re.compile(r"\n(?:[ \t\f]*\n){3,}|\f")
_MD_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


def find_files(paths: list[Path]) -> list[Path]:
    """Expand folders into the supported files below them, sorted; keep named files as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return found


def load_file(path: Path, max_bytes: int) -> LoadedDocument:
    """Read one file into blocks, or raise an IngestError whose message names the file."""
    suffix = path.suffix.lower()
    loader = _LOADERS.get(suffix)
    if loader is None:
        raise UnsupportedFileError(
            f"{path.name}: unsupported file type '{suffix or '(none)'}' "
            f"(supported: {', '.join(SUPPORTED_SUFFIXES)})"
        )
    if not path.is_file():
        raise CorruptFileError(f"{path}: no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise OversizedFileError(
            f"{path.name}: {_megabytes(size)} is over the {_megabytes(max_bytes)} limit "
            "(raise ARENA_MAX_FILE_MB to allow it)"
        )
    data = path.read_bytes()
    if not data.strip():
        raise EmptyFileError(f"{path.name}: the file is empty")
    try:
        title, blocks, metadata = loader(data)
    except IngestError as exc:
        # The loaders don't know the file's name; every message must name it, on one line.
        raise type(exc)(f"{path.name}: {_one_line(str(exc))}") from exc
    except Exception as exc:  # parsers raise anything on a damaged file
        raise CorruptFileError(
            f"{path.name}: cannot be read as {suffix[1:]}: {_one_line(str(exc))}"
        ) from exc
    blocks = [b for b in blocks if b.text.strip() or b.notes.strip()]
    if not blocks:
        raise EmptyFileError(f"{path.name}: no text could be extracted (a scanned PDF needs OCR)")
    return LoadedDocument(
        source=path.name,
        path=str(path.resolve()),
        title=title or _title_from_name(path),
        file_type=suffix[1:],
        content_hash=hashlib.sha256(data).hexdigest(),
        blocks=blocks,
        metadata=metadata,
    )


def _megabytes(size: float) -> str:
    return f"{size / 1e6:.3g} MB"


def _one_line(message: str, limit: int = 200) -> str:
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _title_from_name(path: Path) -> str:
    return re.sub(r"[_-]+", " ", path.stem).strip().capitalize()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CorruptFileError("not valid UTF-8 or Windows-1252 text")


def _load_text(data: bytes) -> tuple[str, list[Block], dict[str, object]]:
    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise CorruptFileError("binary content in a text file")
    parts = [p for p in _PAGE_BREAK.split(text) if p.strip()]
    numbers = [_leading_number(p) for p in parts]
    if _looks_like_slide_numbers(numbers):
        blocks = []
        for i, (part, number) in enumerate(zip(parts, numbers, strict=True), start=1):
            body = re.sub(r"^\s*\d{1,3}(?=\s|$)", "", part, count=1)
            blocks.append(Block(text=body, kind="slide", number=number or i))
    else:
        kind = "part" if len(parts) > 1 else "section"
        blocks = [Block(text=p, kind=kind, number=i) for i, p in enumerate(parts, start=1)]
    # A running header starts most pages: it is furniture, not each page's heading.
    furniture = furniture_lines(blocks)
    for block in blocks:
        block.heading = _first_line_heading(block.text, block.kind == "slide", furniture)
    first = text.strip().split("\n", 1)[0].strip() if text.strip() else ""
    title = first if 3 <= len(first) <= 100 else ""
    return title, blocks, {}


def _leading_number(part: str) -> int | None:
    match = re.match(r"\s*(\d{1,3})(?:\s|$)", part)
    return int(match.group(1)) if match else None


def _looks_like_slide_numbers(numbers: list[int | None]) -> bool:
    """Slides exported to text often start each slide with its number: 2, 3, 5, 6..."""
    present = [n for n in numbers if n is not None]
    if len(numbers) < 4 or len(present) < 0.5 * len(numbers):
        return False
    rising = sum(1 for a, b in itertools.pairwise(present) if b > a)
    return rising >= 0.8 * (len(present) - 1)


def _first_line_heading(text: str, strip_number: bool, skip: set[str] | None = None) -> str:
    for line in text.split("\n"):
        line = line.strip()
        if skip and line in skip:
            continue
        if strip_number:
            line = re.sub(r"^\d{1,3}\s*", "", line)
        if not line or line.isdigit():
            continue
        if len(line) <= 80 and not line.endswith((".", ",")) and not line.startswith(("•", "http")):
            return line
        return ""
    return ""


def _load_markdown(data: bytes) -> tuple[str, list[Block], dict[str, object]]:
    text = _decode(data).replace("\r\n", "\n")
    metadata: dict[str, object] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            # +2: the mark counts from 0 and from the line after the opening '---'.
            where = f" (line {mark.line + 2}: {getattr(exc, 'problem', '')})" if mark else ""
            raise CorruptFileError(f"front matter is not valid YAML{where}") from exc
        if isinstance(loaded, dict):
            metadata = loaded
        text = text[match.end() :]
    title = str(metadata.get("title", "")).strip()
    text = plain_markdown(text)
    blocks: list[Block] = []
    headings = list(_MD_HEADING.finditer(text))
    if not title and headings and headings[0].group(1) == "#":
        title = headings[0].group(2).strip()
    starts = [(m.start(), m.end(), m.group(2).strip(), len(m.group(1))) for m in headings]
    provenance = parse_provenance(metadata)
    section = INTRO_KEY  # the '##' section a block belongs to; '###' blocks share their parent's
    preamble_end = starts[0][0] if starts else len(text)
    if text[:preamble_end].strip():
        blocks.append(
            Block(
                text=text[:preamble_end],
                kind="section",
                number=1,
                heading=title,
                provenance=provenance.get(INTRO_KEY),
            )
        )
    for i, (_start, end, heading, level) in enumerate(starts):
        if level == 2:
            section = heading
        elif level == 1:
            section = INTRO_KEY
        body_end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        body = text[end:body_end]
        if body.strip():
            blocks.append(
                Block(
                    text=body,
                    kind="section",
                    number=len(blocks) + 1,
                    heading=heading,
                    provenance=provenance.get(section),
                )
            )
    if provenance:
        _warn_unmatched_provenance(provenance, blocks, starts)
    return title, blocks, metadata


def _warn_unmatched_provenance(
    provenance: dict[str, Provenance],
    blocks: list[Block],
    starts: list[tuple[int, int, str, int]],
) -> None:
    """A file that declares provenance should cover every section, and name only real ones."""
    sections = {INTRO_KEY} | {heading for _s, _e, heading, level in starts if level == 2}
    for key in sorted(set(provenance) - sections):
        logger.warning("front matter provenance names no section of the file: '%s'", key)
    for block in blocks:
        if block.provenance is None:
            logger.warning("section '%s' has no provenance in the front matter", block.heading)


def plain_markdown(text: str) -> str:
    """Drop inline Markdown markup, so quotes and answers cut from a passage read as text.

    Half an emphasis pair in an extracted sentence ("Arbeidspraksis.* Assistenten") would
    otherwise render as stray asterisks or italicise the rest of a chat message.
    """
    text = re.sub(r"!?\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"`([^`\n]+)`", r"\1", text)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", r"\2", text)
    return re.sub(r"^\s{0,3}>\s?", "", text, flags=re.MULTILINE)


def _load_pdf(data: bytes) -> tuple[str, list[Block], dict[str, object]]:
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


def _load_docx(data: bytes) -> tuple[str, list[Block], dict[str, object]]:
    import docx

    document = docx.Document(BytesIO(data))
    title = (document.core_properties.title or "").strip()
    blocks: list[Block] = []
    heading = ""
    lines: list[str] = []

    def flush() -> None:
        if "".join(lines).strip():
            blocks.append(
                Block(
                    text="\n".join(lines), kind="section", number=len(blocks) + 1, heading=heading
                )
            )
        lines.clear()

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
        elif style.startswith("Heading"):
            flush()
            heading = text
        else:
            bullet = "• " if "List" in style else ""
            lines.append(bullet + text)
    flush()
    return title, blocks, {}


def _load_pptx(data: bytes) -> tuple[str, list[Block], dict[str, object]]:
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


def _load_html(data: bytes) -> tuple[str, list[Block], dict[str, object]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "header", "noscript", "form", "aside"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    body = soup.body or soup
    blocks: list[Block] = []
    heading = ""
    lines: list[str] = []

    def flush() -> None:
        if "".join(lines).strip():
            blocks.append(
                Block(
                    text="\n".join(lines), kind="section", number=len(blocks) + 1, heading=heading
                )
            )
        lines.clear()

    for element in body.find_all(
        ["h1", "h2", "h3", "h4", "p", "li", "td", "th", "pre", "dd", "dt"]
    ):
        if element.find_parent(["li", "td", "th"]) is not None and element.name in ("p",):
            continue
        text = element.get_text(" ", strip=True)
        if not text:
            continue
        if element.name in ("h1", "h2", "h3", "h4"):
            flush()
            heading = text
            if not title and element.name == "h1":
                title = text
        elif element.name == "li":
            lines.append("• " + text)
        else:
            lines.append(text)
    flush()
    if not blocks:
        text = body.get_text("\n", strip=True)
        if text:
            blocks.append(Block(text=text, kind="section", number=1, heading=title))
    return title, blocks, {}


_LOADERS: dict[str, Callable[[bytes], tuple[str, list[Block], dict[str, object]]]] = {
    ".txt": _load_text,
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
    ".pptx": _load_pptx,
    ".html": _load_html,
    ".htm": _load_html,
}
