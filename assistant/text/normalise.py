"""The one text normaliser: Unicode and spacing, broken lines, bullet glyphs, match keys."""

from __future__ import annotations

import re
import unicodedata

# Glyphs that start a list item in extracted slides and PDFs; dashes only with a space after.
GLYPH_BULLETS = "•▪✓✔◦●■□➢►▸‣⁃"
BULLET_GLYPHS = GLYPH_BULLETS + "–*-"
# Symbol-font bullets that some PDF extractions leave as private-use characters.
PRIVATE_USE_BULLETS = "\uf0b7\uf0a7\uf076\uf0d8\uf0fc"

_BULLET_LINE = re.compile(rf"^\s*[{re.escape(BULLET_GLYPHS)}]\s+|^\s*[{GLYPH_BULLETS}]\s*")
_GLYPH_BULLET = re.compile(rf"^\s*[{GLYPH_BULLETS}]\s*")
_ANY_GLYPH = re.compile(rf"[{GLYPH_BULLETS}]")
_SENTENCE_END = re.compile(r"[.!?:;»”\"')\]]\s*$")
# Joiners after which a trailing hyphen is an elided compound ("helse- og omsorg"), not a break.
_ELISION_WORDS = {"og", "eller", "til", "samt", "and", "or", "to"}


def normalise_characters(text: str) -> str:
    """Unify Unicode forms, spaces and line ends so later rules see one alphabet."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n")
    text = text.replace("\u00ad", "").replace("\u200b", "")
    text = re.sub(r"[\u00a0\u2007\u202f\t]", " ", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


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


def normalise_for_match(text: str) -> str:
    """Lower-case, drop bullet glyphs, collapse whitespace, join words broken by '- '."""
    text = _ANY_GLYPH.sub(" ", text.lower())
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(\w)- (\w)", r"\1\2", text).strip()


def starts_bullet(line: str) -> bool:
    """Whether a line opens a list item."""
    return bool(_BULLET_LINE.match(line))
