"""The shapes that flow through ingestion: a loaded document made of located blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ingest.provenance import Provenance

BlockKind = Literal["page", "slide", "section", "part"]


@dataclass(eq=False)
class Block:
    """A located piece of a document: one page, one slide, or one section."""

    text: str
    kind: BlockKind
    number: int
    heading: str = ""
    notes: str = ""
    # Set for Markdown sections whose front matter declares it (see ingest/provenance.py).
    provenance: Provenance | None = None

    @property
    def location(self) -> str:
        """Where a reader finds the block, e.g. 'page 3' or 'slide 5: Verdikompasset'."""
        label = f"{self.kind} {self.number}"
        return f"{label}: {self.heading}" if self.heading else label


@dataclass
class LoadedDocument:
    """A file read into blocks, before cleaning and chunking."""

    source: str
    path: str
    title: str
    file_type: str
    content_hash: str
    blocks: list[Block] = field(default_factory=list)
    metadata: dict[str, object] = field(default_factory=dict)
