"""The one sentence splitter, for passages and for generated answers alike."""

from __future__ import annotations

import re

# A break needs an end mark, space, then what opens a sentence (a capital, a digit, a quote, or a
# citation marker such as "[2]" that belongs with the sentence before it).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[«\"(\[]?[A-ZÆØÅ0-9])")
# Norwegian abbreviations that end in a full stop without ending the sentence.
_ABBREVIATION = re.compile(r"\b(?:f\.eks|bl\.a|m\.fl|m\.m|dvs|ca|jf|nr|kap|s|mv|pkt|Eks|eks)\.$")


def split_sentences(text: str) -> list[str]:
    """Split prose on sentence ends, keeping abbreviations such as 'f.eks.' inside."""
    out: list[str] = []
    for piece in _SENTENCE_BREAK.split(text.strip()):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [p.strip() for p in out if p.strip()]
