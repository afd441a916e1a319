"""The evidence a language model reads: the extractive answer's passages, cut and numbered."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.answers.extractive import Extract
from assistant.index.retrieval import SearchResult

_BRACKET_NUMBER = re.compile(r"\[\s*(\d+)\s*\]")


@dataclass(frozen=True)
class EvidenceTuning:
    """How much of the retrieved text a language model is shown."""

    # On a 2-core CPU, llama.cpp reads a small model's prompt at roughly 200-270 tokens a
    # second, and Norwegian text costs about one token per 2.5 characters, so six whole
    # passages (~1,800 tokens) meant 10-35 s before the first token. The model is shown the
    # sentences the extractive answerer chose, best first, from at most this many passages
    # (and `llm_context_chars` characters), and cites those passages by number.
    passages: int = 3
    # Less room than this is not worth a fragment of another sentence.
    min_piece: int = 60


def format_context(passages: Sequence[SearchResult]) -> str:
    """Passages as numbered lines of data, "[1] text", one passage to a line.

    Line breaks inside a passage become spaces and a bracketed number inside it becomes "(n)",
    so a document cannot start a passage of its own. The model needs only the numbers:
    citations are resolved to files and locations in code. This costs about 4 tokens a passage,
    where XML-like tags cost 13: a CPU-bound model reads ~200 tokens a second before its first.
    """
    lines = []
    for n, p in enumerate(passages, start=1):
        text = _BRACKET_NUMBER.sub(r"(\1)", " ".join(p.text.split()))
        lines.append(f"[{n}] {text}")
    return "\n".join(lines)


def evidence_context(
    extract: Extract,
    passages: Sequence[SearchResult],
    max_chars: int,
    tuning: EvidenceTuning = EvidenceTuning(),
) -> list[SearchResult]:
    """The passages the extractive answer drew on, best first, each cut to its chosen units.

    Units fill the budget in order of relevance, so a small budget holds the best sentences
    whole rather than the first words of every passage; the last one may be cut. The results
    keep their source and location (citations still point at the whole passage and are
    checked against it); only the text the model reads is shortened.
    """
    limit = tuning.passages
    kept: dict[int, list[tuple[int, str]]] = {}
    used = 0
    for s in sorted(extract.chosen, key=lambda s: s.score, reverse=True):
        n = s.unit.passage
        room = max_chars - used
        if room < tuning.min_piece:
            break
        if n not in kept and len(kept) >= limit:
            continue
        text = _cut(s.unit.text, room)
        kept.setdefault(n, []).append((s.unit.position, text))
        used += len(text) + 1
    if not kept:
        count = min(limit, len(passages))
        share = max_chars // max(1, count)
        kept = {n: [(0, _cut(passages[n - 1].text, share))] for n in range(1, count + 1)}
    return [
        replace(passages[n - 1], text=" ".join(text for _, text in sorted(units)))
        for n, units in kept.items()
    ]


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 2].rsplit(" ", 1)[0] + " …"
