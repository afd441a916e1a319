"""How the chosen units read: a short paragraph in document order, or a list when asked for one.

The extractive answer is made of units from several passages. They are put in the order a
reader of the documents meets them (by document, then by where they stand in it), said once,
and written either as sentences joined into a paragraph or, for a question asking for several
things, as Markdown bullets under the list's heading. Each unit keeps its citation number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol, TypeVar

from assistant.index.retrieval import SearchResult
from assistant.text.units import Unit, close_sentence, list_rows

_FIRST_NUMBER = re.compile(r"\d+")


class Chosen(Protocol):
    unit: Unit
    score: float


T = TypeVar("T", bound=Chosen)


def document_order(chosen: list[T], passages: Sequence[SearchResult]) -> list[T]:
    """Best document first; within a document, units in the order the document has them.

    Passages carry their place as "part 12" or "section 3: Tittel"; units their place within
    the passage. Units of one document that no location orders keep the passages' order.
    """

    def source(s: T) -> str:
        n = s.unit.passage
        return passages[n - 1].source if 0 < n <= len(passages) else str(n)

    best: dict[str, float] = {}
    for s in chosen:
        best[source(s)] = max(best.get(source(s), float("-inf")), s.score)
    first_seen = {key: n for n, key in enumerate(dict.fromkeys(source(s) for s in chosen))}
    return sorted(
        chosen,
        key=lambda s: (
            -best[source(s)],
            first_seen[source(s)],
            _place(passages, s.unit.passage),
            s.unit.passage,
            s.unit.position,
        ),
    )


def _place(passages: Sequence[SearchResult], n: int) -> int:
    if not 0 < n <= len(passages):
        return 0
    match = _FIRST_NUMBER.search(passages[n - 1].location)
    return int(match.group(0)) if match else 0


def sentence(text: str) -> str:
    """A unit as a sentence: a capital first letter and a closing full stop."""
    text = " ".join(text.split()).strip(" ;,")
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return close_sentence(text) if text else text


def render(chosen: Sequence[Chosen], as_list: bool) -> str:
    """The answer text: a paragraph, or bullets when a list is asked for and one was chosen.

    In a list answer each list unit gives its heading as a lead line and its items as
    bullets, and the rest of a list cut into several units goes on under the same heading;
    any other unit is one bullet of its own. Citation numbers close each sentence, or each
    lead line and single bullet, so every claim stays cited.
    """
    shared = Counter(s.unit.heading for s in chosen if s.unit.heading and s.unit.parts)

    def listed(unit: Unit) -> bool:
        return len(unit.parts) >= 2 or (bool(unit.parts) and shared[unit.heading] >= 2)

    if not as_list or not any(listed(s.unit) for s in chosen):
        return " ".join(f"{sentence(s.unit.text)} [{s.unit.passage}]" for s in chosen)
    lines: list[str] = []
    heading = None
    for s in chosen:
        unit, marker = s.unit, f"[{s.unit.passage}]"
        if unit.heading and unit.heading == heading and unit.parts:
            lines.extend(f"- {_item(p)}" for p in list_rows(unit.parts))
            continue
        if not listed(unit):
            lines.append(f"- {sentence(unit.text)} {marker}")
            heading = None
            continue
        if unit.heading:
            if lines:
                lines.append("")
            lines.append(f"{sentence(unit.heading).rstrip('.:')}: {marker}")
            lines.extend(f"- {_item(p)}" for p in list_rows(unit.parts))
        else:
            items = list_rows(unit.parts)
            lines.extend(f"- {_item(p)}" for p in items[:-1])
            lines.append(f"- {_item(items[-1])} {marker}")
        heading = unit.heading or None
    return "\n".join(lines)


def _item(text: str) -> str:
    text = " ".join(text.split()).strip(" ;,.")
    return text[0].upper() + text[1:] if text[:1].islower() else text
