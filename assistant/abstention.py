"""Deciding when the retrieved evidence does not support an answer, and saying so helpfully.

Thresholds were set by hand against the answerable and unanswerable items of
shared/eval/dev.jsonl (bench/answers_bench.py reports the resulting rates); there are only
four unanswerable items, so this is a first calibration, not a fitted one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.extractive import Extract
from assistant.prompts import Language, detect_language
from assistant.retrieval import SearchResult

# A question asking for an amount needs a figure in the evidence, not just its topic.
_ASKS_FOR_FIGURE = re.compile(
    r"\b(?:hvor (?:mye|mange|stor\w*|høy\w*|lang\w*|ofte)|hvilket beløp|hvilken sum|"
    r"how (?:much|many|large|big|high|long|often)|by how many|what (?:amount|percentage|share)|"
    r"budsjett\w*|budget\w*|beløp\w*|kroner|prosentpoeng|percentage points?)\b",
    re.IGNORECASE,
)
_FIGURE = re.compile(
    r"\d|\b(?:to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|tjue|hundre|tusen|"
    r"million\w*|milliard\w*|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|"
    r"hundred|thousand|billion)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AbstentionPolicy:
    """Cut-offs below which the evidence is judged too weak to answer from."""

    # Best single sentence's weighted share of the question's terms (same language).
    min_sentence_coverage: float = 0.15
    # Best passage's dense (cosine) similarity; carries cross-language questions.
    min_dense: float = 0.8
    # Below this dense score, lexical coverage alone must be strong.
    strong_coverage: float = 0.45
    # Coverage a sentence with a figure needs to count as stating the figure asked for.
    figure_coverage: float = 0.3


@dataclass
class Verdict:
    """Whether to answer, and if not, why, in words a partner understands."""

    answer: bool
    reason: str = ""
    kind: str = ""  # "nothing", "weak" or "no_figure"


def assess(
    question: str,
    passages: Sequence[SearchResult],
    extract: Extract,
    policy: AbstentionPolicy | None = None,
) -> Verdict:
    """Judge the evidence for a question from the passages and their scored sentences."""
    policy = policy or AbstentionPolicy()
    if not passages or not extract.scored:
        return Verdict(False, "nothing relevant was found", "nothing")
    best_dense = max(p.dense_score for p in passages)
    best_lexical = max(s.lexical for s in extract.scored)
    language = detect_language(question)
    # Word overlap fails across languages, so only an English question may lean on meaning.
    if best_lexical < policy.min_sentence_coverage and (
        language == "no" or best_dense < policy.min_dense
    ):
        return Verdict(False, "only weakly related passages were found", "weak")
    if best_dense < policy.min_dense and best_lexical < policy.strong_coverage:
        return Verdict(False, "only weakly related passages were found", "weak")
    asked = _ASKS_FOR_FIGURE.search(question)
    if asked:
        # The words right after "hvor mye" / "how many" name what is counted ("penger").
        # Only checked in Norwegian: the corpus is Norwegian, so English words rarely match.
        counted: frozenset[str] = frozenset()
        if language == "no":
            counted = frozenset(extract_terms(question[asked.end() :].split()[:3]))
        relevant = {
            (s.unit.passage, s.unit.position)
            for s in extract.scored
            if s.lexical >= policy.figure_coverage
        }
        # A figure often stands in the sentence after the one that names its topic.
        stated = [
            s
            for s in extract.scored
            if _FIGURE.search(_without_numbering(s.unit.text))
            and (
                (s.unit.passage, s.unit.position) in relevant
                or (s.unit.passage, s.unit.position - 1) in relevant
                or (language == "en" and s.unit.passage <= 2)
            )
            and (not counted or counted & s.unit.terms or s.lexical >= policy.strong_coverage)
        ]
        if not stated:
            return Verdict(
                False,
                "related passages were found, but none states the figure asked for",
                "no_figure",
            )
    return Verdict(True)


def extract_terms(words: list[str]) -> list[str]:
    """Stems of content words, as the keyword index writes them."""
    from assistant.text_analysis import NorwegianAnalyzer

    return NorwegianAnalyzer(split_compounds=False).terms(" ".join(words))


def _without_numbering(text: str) -> str:
    """Slide numbers and agenda digits ('12 Agenda', '1 2 3 4') are not figures."""
    text = re.sub(r"(?:\b\d\b\s*){3,}", " ", text)
    return re.sub(r"^\d{1,2}\s+(?=[A-ZÆØÅ])", "", text)


_REASONS_NO = {
    "nothing": "jeg fant ingen relevante avsnitt",
    "weak": "jeg fant bare avsnitt som er svakt knyttet til spørsmålet",
    "no_figure": "jeg fant beslektede avsnitt, men ingen av dem oppgir tallet du spør om",
}
_REASONS_EN = {
    "nothing": "I found no relevant passages",
    "weak": "I found only passages that are weakly related to the question",
    "no_figure": "I found related passages, but none of them states the figure you ask for",
}


def abstention_message(
    verdict: Verdict, closest: Sequence[SearchResult], language: Language
) -> str:
    """The reply when abstaining: not covered, why, the closest documents, and whom to ask."""
    reasons = _REASONS_EN if language == "en" else _REASONS_NO
    why = reasons.get(verdict.kind, verdict.reason)
    documents = list(dict.fromkeys(f"{p.title or p.source} ({p.source})" for p in closest))[:3]
    if language == "en":
        lines = [f"The knowledge base does not cover this question: {why}."]
        if documents:
            lines.append("Closest documents: " + "; ".join(documents) + ".")
        lines.append(
            "A coordinator in the arena, or the partner who owns the topic, may know the answer."
        )
    else:
        lines = [f"Kunnskapsbasen dekker ikke dette spørsmålet: {why}."]
        if documents:
            lines.append("Nærmeste dokumenter: " + "; ".join(documents) + ".")
        lines.append(
            "Spør gjerne en koordinator i arenaen, eller partneren som eier temaet, om svaret."
        )
    return "\n\n".join(lines)
