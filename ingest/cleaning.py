"""Repair text extracted from slides and PDFs: spacing, hyphenation, broken lines, furniture."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace

from ingest.document import Block

BULLET_GLYPHS = "•▪✓✔◦●■□➢►▸‣⁃–*-"
_BULLET_LINE = re.compile(rf"^\s*[{re.escape(BULLET_GLYPHS)}]\s+|^\s*[•▪✓✔◦●■□➢►▸‣⁃]\s*")
_GLYPH_BULLET = re.compile(r"^\s*[•▪✓✔◦●■□➢►▸‣⁃]\s*")
_PAGE_NUMBER = re.compile(r"^\s*(?:side\s+|page\s+)?\d{1,3}(?:\s*(?:/|av|of)\s*\d{1,3})?\s*$", re.I)
_DOT_LEADER = re.compile(r"\s*\.{3,}\s*(\d*)\s*$")
_SENTENCE_END = re.compile(r"[.!?:;»”\"')\]]\s*$")
# Joiners after which a trailing hyphen is an elided compound ("helse- og omsorg"), not a break.
_ELISION_WORDS = {"og", "eller", "til", "samt", "and", "or", "to"}
_SPEAKER_NOTE_LABELS = {"foredragsholdernotater", "presentasjonsnotater", "speaker notes", "notes"}


def normalise_characters(text: str) -> str:
    """Unify Unicode forms, spaces and line ends so later rules see one alphabet."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n")
    text = text.replace("\u00ad", "").replace("\u200b", "")
    text = re.sub(r"[\u00a0\u2007\u202f\t]", " ", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


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


def known_hyphenated(text: str) -> set[str]:
    """Hyphenated words written on one line somewhere in the text, e.g. 'case-kommunen'."""
    return {m.group(0).lower() for m in re.finditer(r"\b\w+-\w+\b", text)}


def join_broken_lines(text: str, hyphenated: set[str] | None = None) -> str:
    """Join lines broken mid-sentence and words hyphenated across lines; keep list structure."""
    hyphenated = hyphenated or set()
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not out or not line or not out[-1]:
            out.append(line)
            continue
        prev = out[-1]
        starts_bullet = bool(_BULLET_LINE.match(line))
        first = line[0]
        hyphen = re.search(r"(\w+)-$", prev)
        if hyphen and not starts_bullet and first.isdigit() and hyphen.group(1).isdigit():
            out[-1] = prev + line  # a number range broken at its dash: "34-\n35"
            continue
        if hyphen and not starts_bullet and first.isupper() and hyphen.group(1).isupper():
            out[-1] = prev[:-1] + line  # an upper-case word broken across lines
            continue
        if hyphen and not starts_bullet and first.isalpha() and first.islower():
            head, word = hyphen.group(1), line.split(" ", 1)[0]
            tail_word = re.match(r"\w+", word)
            tail = tail_word.group(0) if tail_word else word
            if tail.lower() in _ELISION_WORDS:
                out[-1] = prev + " " + line
            elif f"{head}-{tail}".lower() in hyphenated:
                out[-1] = prev + line
            else:
                out[-1] = prev[:-1] + line
            continue
        table_row = " | " in line or " | " in prev
        continues = (
            (first.islower() or first.isdigit() or first in "(,–-")
            and not starts_bullet
            and not table_row
        )
        if continues and not _SENTENCE_END.search(prev):
            out[-1] = prev + " " + line
            continue
        out.append(line)
    return "\n".join(out)


def normalise_bullets(text: str) -> str:
    """Write every glyph bullet as '• '; dash bullets stay, as they also carry meaning in text."""
    return "\n".join(
        _GLYPH_BULLET.sub("• ", line, count=1) if _GLYPH_BULLET.match(line) else line
        for line in text.split("\n")
    )


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
