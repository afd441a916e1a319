"""The one sentence splitter, for passages and for generated answers alike."""

from __future__ import annotations

import re

# A break needs an end mark, space, then what opens a sentence (a capital, a digit, a quote, or a
# citation marker such as "[2]" that belongs with the sentence before it).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[«\"(\[]?[A-ZÆØÅ0-9])")
# Abbreviations that end in a full stop without ending the sentence: Norwegian ("kl. 8.30",
# "bl.a.", "jf."), English ("e.g.", "p. 47", "et al."), and an initial after a first name
# ("Henning R. Andersen"; not "kommune B.", where the capital ends the sentence).
_ABBREVIATION = re.compile(
    r"(?:(?:^|[\s(\[/«\"'])(?i:f\.eks|bl\.a|m\.fl|m\.m|dvs|ca|jf|nr|kap|s|mv|pkt|eks|kl|evt|"
    r"inkl|ekskl|avd|tlf|ref|henv|iflg|e\.g|i\.e|cf|vs|pp?|figs?|ch|vol|eds?|dr|prof|mrs?|ms|"
    r"st|al|approx|resp)|(?:^|\s)[A-ZÆØÅ][a-zæøåéü]+\s+(?:[A-ZÆØÅ]\.)*[A-ZÆØÅ])\.$"
)
# A parenthesis or bracket left open this many characters later was never meant to close.
_MAX_ENCLOSED = 400
_PAIRS = (("(", ")"), ("[", "]"))


def split_sentences(text: str) -> list[str]:
    """Split prose on sentence ends, keeping abbreviations and parentheses inside a sentence.

    "(kl. 8.30–10.30)" and "(Johnsen, 2009, p. 47)" stay whole: a piece that leaves a
    parenthesis open is joined to the next one when a later piece closes it.
    """
    pieces = _SENTENCE_BREAK.split(text.strip())
    out: list[str] = []
    for n, piece in enumerate(pieces):
        if out and (_ABBREVIATION.search(out[-1]) or _closes_later(out[-1], pieces[n:])):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [p.strip() for p in out if p.strip()]


def _closes_later(sentence: str, rest: list[str]) -> bool:
    """True when the sentence leaves a bracket open that the text soon after closes."""
    for opening, closing in _PAIRS:
        depth = sentence.count(opening) - sentence.count(closing)
        if depth <= 0:
            continue
        ahead = ""
        for piece in rest:
            ahead += " " + piece
            if ahead.count(closing) - ahead.count(opening) >= depth:
                return True
            if len(ahead) > _MAX_ENCLOSED:
                break
    return False
