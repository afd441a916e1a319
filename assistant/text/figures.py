"""Figures in questions and text: what kind of amount a question asks for, and who states one.

Shared by the extractive answerer (which prefers sentences stating the figure asked for) and
the abstainer (which declines when no relevant sentence states it).
"""

from __future__ import annotations

import re

# A question asking for an amount needs a figure in the evidence, not just its topic.
_ASKS_FOR_FIGURE = re.compile(
    r"\b(?:hvor (?:mye|mange|stor\w*|høy\w*|lang\w*|ofte)|hvilket beløp|hvilken sum|"
    r"how (?:much|many|large|big|high|long|often)|by how many|what (?:amount|percentage|share)|"
    r"budsjett\w*|budget\w*|beløp\w*|kroner|prosentpoeng|percentage points?|"
    r"kvantifiser\w*|tallfest\w*|quantif\w*|måltall\w*)\b",
    re.IGNORECASE,
)
_ASKS_FOR_MONEY = re.compile(
    r"\b(?:penger|beløp\w*|budsjett\w*|kroner|kostnad\w*|kostet|koste|tildelt|finansiering\w*|"
    r"money|amount|budget\w*|cost\w*|funding|funded|granted)\b",
    re.IGNORECASE,
)
_ASKS_FOR_PERCENT = re.compile(r"prosent|percent|andel|share\b", re.IGNORECASE)
_MONEY = re.compile(
    r"\b(?:kr|kroner|nok|mnok|mill\w*|mrd|milliard\w*|euro|dollar\w*)\b|[$€£]", re.IGNORECASE
)
_PERCENT = re.compile(r"%|\bprosent\w*|\bpercent\w*", re.IGNORECASE)
_FIGURE = re.compile(
    r"\d|\b(?:to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|tjue|hundre|tusen|"
    r"million\w*|milliard\w*|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|"
    r"hundred|thousand|billion)\b",
    re.IGNORECASE,
)
_PATTERNS = {"money": _MONEY, "percent": _PERCENT, "count": _FIGURE}


def figure_kind(question: str) -> str:
    """What kind of figure a question asks for: 'money', 'percent', 'count' or '' (none)."""
    if not _ASKS_FOR_FIGURE.search(question):
        return ""
    if _ASKS_FOR_MONEY.search(question):
        return "money"
    if _ASKS_FOR_PERCENT.search(question):
        return "percent"
    return "count"


def states_figure(text: str, kind: str) -> bool:
    """True when the text states a figure of the kind: money needs a currency, percent a '%'."""
    return bool(kind) and bool(_PATTERNS[kind].search(without_numbering(text)))


def without_numbering(text: str) -> str:
    """Slide numbers and agenda digits ('12 Agenda', '1 2 3 4') are not figures."""
    text = re.sub(r"(?:\b\d\b\s*){3,}", " ", text)
    return re.sub(r"^\d{1,2}\s+(?=[A-ZÆØÅ])", "", text)
