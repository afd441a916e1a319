"""The planted-instruction filter: text in a document that speaks to the assistant, not the reader.

Extraction skips such sentences, and verification removes a generated sentence that repeats one.
"""

from __future__ import annotations

import re

# Sentences that speak to the assistant rather than about the topic are planted instructions.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget)\b.{0,40}\b(?:instructions?|rules|prompt|above)\b"
    r"|\b(?:ignorer|glem|se bort fra)\b.{0,40}\b(?:instruks\w*|regl\w*|beskjed\w*|ovenfor)\b"
    r"|\b(?:system prompt|you are now|du er nå|as an ai|svar bare med|reply only with|"
    r"answer only with|respond only with)\b",
    re.IGNORECASE,
)


def looks_like_instruction(text: str) -> bool:
    """True for text that addresses the assistant ("ignore the rules ...") instead of the reader."""
    return bool(_INSTRUCTION.search(text))
