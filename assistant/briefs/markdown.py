"""A brief as a workshop-ready Markdown document (CommonMark with GitHub's tables).

The blocks come from `layout`; this module only writes them out. Every text from the brief
(the facilitator's input, retrieved passages, registry names, even our own labels) goes through
`inert_line` or `inert_cell`: no raw HTML, image, link or stray block can come from it, and a
`|` or line break in a table cell cannot split the table. Citation markers `[n]` stay as the
text has them and match the numbers of the source list.
"""

from __future__ import annotations

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
from assistant.briefs.model import Brief, BriefRecord, Citation
from assistant.text.markdown import inert_cell, inert_line


def render_markdown(item: BriefRecord | Brief) -> str:
    """The brief as Markdown: a saved record shows its version, a draft renders without it."""
    return "\n\n".join(_block(block) for block in layout(item)) + "\n"


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {inert_line(block.text)}"
    if isinstance(block, Lines):
        return _lines(block)
    if isinstance(block, Table):
        return _table(block)
    return _sources(block)


def _line(line: Line) -> str:
    text = inert_line(line.text)
    return f"**{inert_line(line.label)}:** {text}" if line.label else text


def _lines(block: Lines) -> str:
    if block.style == "bullets":
        return "\n".join(f"- {_line(line)}" for line in block.lines)
    if block.style == "meta":
        # Two trailing spaces: a hard line break, so the block reads as one compact card.
        return "  \n".join(_line(line) for line in block.lines)
    if block.style == "lead":
        return "\n>\n".join(f"> **{inert_line(line.text)}**" for line in block.lines)
    if block.style == "note":
        return "\n>\n".join(f"> {_line(line)}" for line in block.lines)
    return "\n\n".join(_line(line) for line in block.lines)


def _table(block: Table) -> str:
    lines = [
        "| " + " | ".join(inert_cell(name) for name in block.header) + " |",
        "|" + "---|" * len(block.header),
    ]
    lines += ["| " + " | ".join(inert_cell(value) for value in row) + " |" for row in block.rows]
    return "\n".join(lines)


def _sources(block: Sources) -> str:
    numbers = [c.n for c in block.citations]
    # A Markdown ordered list counts on from its first number: right only for 1, 2, 3, ...
    # Other numbering gets escaped numbers, one paragraph each, so "[5]" still finds "5.".
    if numbers == list(range(1, len(numbers) + 1)):
        return "\n".join(f"{c.n}. {_source(c)}" for c in block.citations)
    return "\n\n".join(f"{c.n}\\. {_source(c)}" for c in block.citations)


def _source(citation: Citation) -> str:
    return ", ".join(inert_line(part) for part in source_parts(citation))
