"""Repair text extracted from slides and PDFs: spacing, hyphenation, broken lines, furniture."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from assistant.text.normalise import (
    join_broken_lines,
    known_hyphenated,
    normalise_bullets,
    normalise_characters,
)
from ingest.document import Block

_PAGE_NUMBER = re.compile(r"^\s*(?:side\s+|page\s+)?\d{1,3}(?:\s*(?:/|av|of)\s*\d{1,3})?\s*$", re.I)
_DOT_LEADER = re.compile(r"\s*\.{3,}\s*(\d*)\s*$")
_SPEAKER_NOTE_LABELS = {"foredragsholdernotater", "presentasjonsnotater", "speaker notes", "notes"}


def is_double_spaced(text: str) -> bool:
    """True when the extraction put a blank line after every line (as many PDF tools do)."""
    lines = text.split("\n")
    direct = single_blank = 0
    for prev, line, nxt in zip(lines, lines[1:], lines[2:], strict=False):
        if prev.strip() and line.strip():
            direct += 1
        elif prev.strip() and not line.strip() and nxt.strip():
            single_blank += 1
    return single_blank > 10 and single_blank > 2 * direct


def collapse_double_spacing(text: str) -> str:
    """Turn one blank line into a line break and n blank lines into n - 1."""

    def shrink(match: re.Match[str]) -> str:
        return "\n" * (match.group(0).count("\n") - 1)

    return re.sub(r"\n(?:[ ]*\n)+", shrink, text)


def furniture_lines(blocks: list[Block]) -> set[str]:
    """Short lines repeated on many pages or slides: running headers, footers, labels."""
    if len(blocks) < 4:
        return set()
    counts: Counter[str] = Counter()
    for block in blocks:
        counts.update(
            {line.strip() for line in block.text.split("\n") if 0 < len(line.strip()) <= 60}
        )
    # Headers and footers stand on most pages; an agenda slide shown three times is content.
    threshold = max(4, int(len(blocks) * 0.4))
    return {line for line, n in counts.items() if n >= threshold}


def strip_furniture(text: str, furniture: set[str]) -> str:
    """Drop furniture, lone page numbers, speaker-note labels and table-of-contents leaders."""
    kept: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped in furniture or (_PAGE_NUMBER.match(stripped) and stripped):
            continue
        if stripped.lower() in _SPEAKER_NOTE_LABELS:
            continue
        kept.append(_DOT_LEADER.sub(r" \1", line).rstrip())
    return "\n".join(kept)


def tidy_whitespace(text: str) -> str:
    """One space between words, at most one blank line between paragraphs."""
    text = re.sub(r"[ ]{2,}", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """Clean every block of one document; furniture is judged across the whole document."""
    whole = "\n".join(b.text for b in blocks)
    double = is_double_spaced(normalise_characters(whole))
    hyphenated = known_hyphenated(whole)
    prepared: list[Block] = []
    for block in blocks:
        text = normalise_characters(block.text)
        if double:
            text = collapse_double_spacing(text)
        prepared.append(replace(block, text=text))
    furniture = furniture_lines(prepared)
    cleaned: list[Block] = []
    for block in prepared:
        text = strip_furniture(block.text, furniture)
        text = tidy_whitespace(normalise_bullets(join_broken_lines(text, hyphenated)))
        notes = tidy_whitespace(join_broken_lines(normalise_characters(block.notes), hyphenated))
        heading = re.sub(r"\s+", " ", block.heading).strip()
        if text or notes:
            cleaned.append(replace(block, text=text, heading=heading, notes=notes))
    return cleaned
