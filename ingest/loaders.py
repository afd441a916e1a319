"""Read supported files into located blocks with the well-kept parsers for each format."""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from collections.abc import Callable
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
from ingest.formats import load_docx, load_html, load_pdf, load_pptx
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


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """A Markdown text's YAML front matter (empty when it has none) and the body after it.

    Raises CorruptFileError, naming the line, when the front matter is not valid YAML.
    """
    text = text.replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        loaded = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # +2: the mark counts from 0 and from the line after the opening '---'.
        where = f" (line {mark.line + 2}: {getattr(exc, 'problem', '')})" if mark else ""
        raise CorruptFileError(f"front matter is not valid YAML{where}") from exc
    return (loaded if isinstance(loaded, dict) else {}), text[match.end() :]


def _load_markdown(data: bytes) -> tuple[str, list[Block], dict[str, object]]:
    metadata, text = split_front_matter(_decode(data))
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


_LOADERS: dict[str, Callable[[bytes], tuple[str, list[Block], dict[str, object]]]] = {
    ".txt": _load_text,
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".pptx": load_pptx,
    ".html": load_html,
    ".htm": load_html,
}
