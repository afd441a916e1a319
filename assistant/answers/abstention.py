"""Deciding when the retrieved evidence does not support an answer, and saying so helpfully.

Three checks, in order: the evidence is too weak (the best sentence shares too few of the
question's weighted terms, and for Norwegian questions or weak embeddings that decides); the
best match is only the title of a slide whose content is a picture; or the question asks for a
figure of a kind (money, percent, any amount) that no relevant sentence states.

The thresholds were fitted by bench/abstention_grid.py on shared/eval/dev.jsonl (41 answerable,
4 unanswerable items): on a 768-point grid, 48 policies make no error, and of those the one
nearest the earlier hand-set policy was kept (min_sentence_coverage 0.15 -> 0.10). Leave-one-out
over the items misjudges 1 of 45 (q078, answerable), so expect about that on unseen questions;
with four unanswerable items, abstention recall is the least certain figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answers.extractive import Extract
from assistant.i18n import Language, detect_language, say
from assistant.index.retrieval import SearchResult
from assistant.text.figures import figure_kind, states_figure


@dataclass(frozen=True)
class AbstentionPolicy:
    """Cut-offs below which the evidence is judged too weak to answer from."""

    # Best single sentence's weighted share of the question's terms (same language).
    min_sentence_coverage: float = 0.1
    # Best passage's dense (cosine) similarity; carries cross-language questions.
    min_dense: float = 0.8
    # Below this dense score, lexical coverage alone must be strong.
    strong_coverage: float = 0.45
    # Coverage a sentence with a figure needs to count as stating the figure asked for.
    figure_coverage: float = 0.3
    # Units ranked this high also count as relevant, whatever their word overlap.
    figure_top_units: int = 3
    # An empty slide's title wins when no unit with content reaches this share of its match.
    title_margin: float = 0.75


@dataclass
class Verdict:
    """Whether to answer, and if not, why, in words a partner understands."""

    answer: bool
    reason: str = ""
    kind: str = ""  # "nothing", "weak", "no_figure" or "no_content"


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
    if names_topic_only(extract, policy):
        return Verdict(
            False,
            "a document names this topic, but its content is not in the text (a picture?)",
            "no_content",
        )
    kind = figure_kind(question)
    if kind and not states_asked_figure(extract, kind, policy):
        return Verdict(
            False,
            "related passages were found, but none states the figure asked for",
            "no_figure",
        )
    return Verdict(True)


def names_topic_only(extract: Extract, policy: AbstentionPolicy) -> bool:
    """True when the best match is the title of a slide whose content is not in the text.

    Slides of logos or pictures keep only their title ("Health2Bs partnere per mai 2025"). If
    that title matches the question clearly better than any unit with content, the documents
    name the topic but do not answer it.
    """
    titles = [s.lexical for s in extract.scored if s.unit.items == 0]
    content = [s.lexical for s in extract.scored if s.unit.items > 0]
    if not titles:
        return False
    best_title = max(titles)
    return best_title >= policy.strong_coverage and max(content, default=0.0) < (
        policy.title_margin * best_title
    )


def states_asked_figure(extract: Extract, kind: str, policy: AbstentionPolicy) -> bool:
    """True when a relevant unit (or the one after it) states a figure of the kind asked for.

    An amount of money needs a currency word or sign, a change in percent needs a percentage;
    any other amount is satisfied by any number. Relevant means sharing enough of the
    question's terms, or, for questions the words cannot reach (another language), being
    among the units that mean the same as the question.
    """
    ranked = sorted(extract.scored, key=lambda s: s.score, reverse=True)
    relevant = {
        (s.unit.passage, s.unit.position)
        for n, s in enumerate(ranked)
        if s.lexical >= policy.figure_coverage or n < policy.figure_top_units
    }
    return any(
        states_figure(s.unit.text, kind)
        and (
            (s.unit.passage, s.unit.position) in relevant
            or (s.unit.passage, s.unit.position - 1) in relevant
        )
        for s in extract.scored
    )


# The verdict kinds with a reply of their own in ANSWER_STRINGS ("abstention.<kind>").
_KINDS = ("nothing", "weak", "no_figure", "no_content")


def abstention_message(
    verdict: Verdict, closest: Sequence[SearchResult], language: Language
) -> str:
    """The reply when abstaining: not covered, why, the closest documents, and whom to ask."""
    why = say(f"abstention.{verdict.kind}", language) if verdict.kind in _KINDS else verdict.reason
    documents = list(dict.fromkeys(f"{p.title or p.source} ({p.source})" for p in closest))[:3]
    lines = [say("abstention.not_covered", language, why=why)]
    if documents:
        lines.append(say("abstention.closest", language, documents="; ".join(documents)))
    lines.append(say("abstention.ask", language))
    return "\n\n".join(lines)
