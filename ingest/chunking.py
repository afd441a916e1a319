"""Structure-aware chunking: slides, pages and sections first, then paragraphs, then sentences."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.index.chunks import Chunk, content_hash
from ingest.document import Block, LoadedDocument
from ingest.provenance import provenance_metadata

# A chunk takes in the next page or slide only while shorter than this share of chunk_size, so
# tiny slides merge but pages rarely do.
MERGE_BELOW = 0.5

# A merged chunk's location names at most this many section headings.
MAX_NAMED_HEADINGS = 3

# Sentence ends first, then clause marks, so an oversized paragraph breaks where a reader would.
_SPLIT_SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ": ", ", ", " ", ""]


@dataclass
class _Piece:
    text: str
    block: Block


def block_text(block: Block) -> str:
    """A block's full text: slides keep their title and speaker notes."""
    parts = []
    if block.kind == "slide" and block.heading and not block.text.startswith(block.heading):
        parts.append(block.heading)
    if block.text:
        parts.append(block.text)
    if block.notes:
        parts.append(f"Notater: {block.notes}")
    return "\n".join(parts)


def split_block(block: Block, chunk_size: int, overlap: int) -> list[_Piece]:
    """Paragraphs of one block, with any paragraph over chunk_size split at sentence bounds."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=overlap,
        separators=_SPLIT_SEPARATORS,
        keep_separator="end",
        strip_whitespace=True,
    )
    text = block_text(block)
    if len(text) <= chunk_size:
        return [_Piece(text, block)]
    pieces: list[_Piece] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if len(paragraph) <= chunk_size:
            pieces.append(_Piece(paragraph, block))
        else:
            pieces.extend(_Piece(part, block) for part in splitter.split_text(paragraph))
    return pieces


def _location(blocks: list[Block]) -> str:
    """Where a chunk is: one block's location, or a range that names its sections' headings.

    Two small Word sections merged into one chunk read "sections 1–2: Bakgrunn; Tiltak", so a
    citation still says which heading a passage sits under. Pages, parts and slides keep a bare
    range: their headings are first lines guessed from plain text or a run of slide titles.
    """
    first, last = blocks[0], blocks[-1]
    if first is last or first.number == last.number:
        return first.location
    plural = {"page": "pages", "slide": "slides", "part": "parts", "section": "sections"}
    span = f"{plural[first.kind]} {first.number}–{last.number}"
    headings = list(dict.fromkeys(b.heading for b in blocks if b.heading))
    if first.kind != "section" or not headings:
        return span
    named = "; ".join(headings[:MAX_NAMED_HEADINGS])
    return f"{span}: {named}{'; …' if len(headings) > MAX_NAMED_HEADINGS else ''}"


def _with_heading(piece: _Piece) -> _Piece:
    """A section's first piece inside a chunk begun by another block, under its own heading."""
    block = piece.block
    if block.kind != "section" or not block.heading:
        return piece
    if block.heading.lower() in piece.text[: len(block.heading) + 20].lower():
        return piece
    return _Piece(f"{block.heading}\n{piece.text}", block)


def chunk_document(
    document: LoadedDocument,
    chunk_size: int,
    overlap: int,
    visibility: str,
    ingested_at: str,
) -> list[Chunk]:
    """Pack a cleaned document's pieces into chunks no longer than chunk_size.

    Pieces of one block are packed together; a following block joins the chunk only while
    the chunk is still under MERGE_BELOW of the size and the block has the same provenance.
    A Markdown section's provenance lands in the chunk's metadata under "provenance" (Norwegian
    label) and "provenance_en" (English label).
    """
    groups: list[list[_Piece]] = []
    current: list[_Piece] = []
    length = 0
    for block in document.blocks:
        for piece in split_block(block, chunk_size, overlap):
            new_block = bool(current) and current[-1].block is not piece.block
            fits = length + len(piece.text) + 1 <= chunk_size
            # A chunk cites one provenance: restated text never shares it with arena practice.
            other_origin = new_block and current[-1].block.provenance != piece.block.provenance
            full = new_block and length >= chunk_size * MERGE_BELOW
            if current and (not fits or full or other_origin):
                groups.append(current)
                current, length = [], 0
            elif new_block:
                # Joining a chunk that another section began: keep this section's heading in
                # the text, or its lines would read as if under the first section's heading.
                headed = _with_heading(piece)
                if length + len(headed.text) + 1 <= chunk_size:
                    piece = headed
            current.append(piece)
            length += len(piece.text) + 1
    if current:
        groups.append(current)

    chunks: list[Chunk] = []
    for ordinal, group in enumerate(groups):
        text = "\n".join(p.text for p in group).strip()
        if not text:
            continue
        blocks = list(dict.fromkeys(p.block for p in group))
        digest = content_hash(text)
        # Visibility is part of the id: a document made private (or public) gets new ids, so
        # every derived index replaces its chunks instead of keeping their old access tag.
        chunk_id = hashlib.sha1(
            f"{document.source}\x00{ordinal}\x00{digest}\x00{visibility}".encode(),
            usedforsecurity=False,
        ).hexdigest()[:24]
        heading = blocks[0].heading
        chunks.append(
            Chunk(
                id=chunk_id,
                source=document.source,
                ordinal=ordinal,
                text=text,
                location=_location(blocks),
                heading=heading,
                content_hash=digest,
                metadata={
                    "source": document.source,
                    "title": document.title,
                    "location": _location(blocks),
                    "file_type": document.file_type,
                    "visibility": visibility,
                    "ingested_at": ingested_at,
                    "document_hash": document.content_hash,
                    "content_hash": digest,
                    **provenance_metadata(blocks[0].provenance),
                },
            )
        )
    return chunks
