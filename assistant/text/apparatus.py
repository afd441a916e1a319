"""A document's apparatus: reference-list entries and bare links, which answer no question."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")
# A document's apparatus answers no question: a reference list's entries ("- Vargo, S.L. and
# Lusch, R.F. (2016). Title", "- [Title](#) (2023). Publisher") and lines that are only a
# link ("www.health2b.no", "Les mer: https://..."). A year in brackets elsewhere ("Første
# ventil (1989). Første pasient") is no entry: an entry is a bullet naming "Surname, Given"
# or a linked title before its year, or a bullet that is a linked title ("- [Title](#). NOU").
_REFERENCE_ENTRY = re.compile(
    r"^\s*[-•*]\s+(?:(?:\[[^\]\n]+\]\(#\)[^()\n]{0,20}|[A-ZÆØÅ][\w'’-]+,\s[^()\n]{1,150}?)"
    r"\s*(?:\([^()\n]*\)\s*)?\((?:1[89]|20)\d\d[a-z]?\)[.,]|\[[^\]\n]+\]\(#\)\s*[.,(])"
)
_LINK = re.compile(r"https?://\S+|www\.\S+")
# A line with a link and at most this many words besides is the link, not a statement.
_LINK_LINE_WORDS = 4


def is_apparatus(line: str) -> bool:
    """A reference-list entry or a bare link: never part of an answer."""
    if _REFERENCE_ENTRY.match(line):
        return True
    if not _LINK.search(line):
        return False
    return len(_WORD.findall(_LINK.sub(" ", line))) <= _LINK_LINE_WORDS
