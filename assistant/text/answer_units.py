"""The units an extractive answer scores in a passage, and every such text ingest embeds ahead.

An answer reads retrieved chunks, a chunk ending in a list continued by the next chunk's
bullets, and cuts each passage into units (`scored_units`); a who-question also scores an
agenda's rows (`agenda_row`). Ingest embeds all of these texts for a document at once
(`unit_texts`), through the same functions, so the first question after an ingest embeds
nothing but itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from assistant.text.normalise import normalise_for_match, starts_bullet
from assistant.text.units import (
    Unit,
    UnitTuning,
    block_units,
    item_with_names,
    names_after,
    names_person,
    passage_units,
)

# At most this many lines of the next chunk continue a list cut where a chunk ends.
CONTINUED_LINES = 12


def scored_units(text: str, passage: int = 1, tuning: UnitTuning = UnitTuning()) -> list[Unit]:
    """Every unit of one passage: its sentences and lists, and intros with what they announce."""
    return block_units(passage_units(text, passage, tuning), tuning)


def agenda_row(unit: Unit, index: int) -> Unit | None:
    """A list's item `index` with the names after it, as a unit of its own; None without a name.

    "Demonstrasjon av Kontrolltårn; Jørgen; Schreiner; KPMG" gives the row "Agenda:
    Demonstrasjon av Kontrolltårn – Jørgen Schreiner, KPMG", the answer to "who presented".
    """
    row = item_with_names(unit.parts, index)
    if not names_person(row):
        return None
    text = f"{unit.heading}: {row}" if unit.heading else row
    # The row's own words as its quote (the whole list's if they do not stand together).
    quote = " ".join([unit.parts[index], *names_after(unit.parts, index)])
    return Unit(text, quote, unit.passage, unit.position, items=1)


def continue_list(text: str, following: str | None, max_lines: int = CONTINUED_LINES) -> str:
    """A passage ending in a bulleted list with the list's rest from the next chunk's text.

    Only the bullets that open the next chunk (and lines continuing them) are taken; lines
    the two chunks share through their overlap are not repeated.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    if following is None or not lines or not starts_bullet(lines[-1]):
        return text
    rest: list[str] = []
    had = {normalise_for_match(line) for line in lines}
    for line in following.split("\n")[:max_lines]:
        if normalise_for_match(line) in had and not rest:
            continue  # chunks overlap: the line is the passage's own
        if starts_bullet(line) or (rest and line.strip()[:1].islower()):
            rest.append(line)
            continue
        break
    return text + "\n" + "\n".join(rest) if rest else text


def unit_texts(
    chunk_texts: Sequence[str],
    tuning: UnitTuning = UnitTuning(),
    max_lines: int = CONTINUED_LINES,
) -> list[str]:
    """Every text an answer may score from one document's chunks, given in reading order.

    Each chunk as a passage on its own and as continued by the next one, cut into units,
    and every agenda row of its lists; each text once.
    """
    out: dict[str, None] = {}
    for n, text in enumerate(chunk_texts):
        following = chunk_texts[n + 1] if n + 1 < len(chunk_texts) else None
        for passage in dict.fromkeys((text, continue_list(text, following, max_lines))):
            for unit in scored_units(passage, 1, tuning):
                out[unit.text] = None
                for index in range(len(unit.parts) if len(unit.parts) >= 2 else 0):
                    row = agenda_row(unit, index)
                    if row is not None:
                        out[row.text] = None
    return list(out)


class _Chunk(Protocol):
    source: str
    ordinal: int
    text: str


def documents_unit_texts(
    chunks: Iterable[_Chunk],
    tuning: UnitTuning = UnitTuning(),
    max_lines: int = CONTINUED_LINES,
) -> list[str]:
    """`unit_texts` of every document whose chunks are given, each read in chunk order."""
    documents: dict[str, list[_Chunk]] = {}
    for chunk in chunks:
        documents.setdefault(chunk.source, []).append(chunk)
    out: dict[str, None] = {}
    for document in documents.values():
        ordered = [c.text for c in sorted(document, key=lambda c: c.ordinal)]
        out.update(dict.fromkeys(unit_texts(ordered, tuning, max_lines)))
    return list(out)
