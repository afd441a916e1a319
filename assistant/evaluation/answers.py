"""Answer evaluation: right-source answers, keyword coverage and abstention on a question set."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from assistant.evaluation.retrieval import Question
from assistant.index.access import Viewer
from assistant.text.normalise import normalise_for_match

if TYPE_CHECKING:
    from assistant.answers.answer import Answer
    from assistant.answers.chain import AnswerChain


def keywords_covered(answer: Answer, keywords: list[str]) -> bool:
    """True when the answer text plus its quotes contain every keyword (normalised alike)."""
    haystack = normalise_for_match(" ".join([answer.text, *(c.quote for c in answer.citations)]))
    return all(normalise_for_match(k) in haystack for k in keywords)


def right_source(answer: Answer, sources: list[str]) -> bool:
    """Answered (not abstained) with at least one citation to an expected source file."""
    return not answer.abstained and any(c.source in sources for c in answer.citations)


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def evaluate_answers(
    chain: AnswerChain, questions: list[Question], viewer: Viewer | None = None
) -> dict[str, object]:
    """Run every question through the chain and score the answers."""
    per_question: list[dict[str, object]] = []
    timings: list[float] = []
    sentences = removed = 0
    for q in questions:
        started = time.perf_counter()
        answer = chain.invoke(q.question, viewer=viewer or Viewer.anonymous())
        timings.append(time.perf_counter() - started)
        if answer.mode == "llm":
            removed += len(answer.removed_sentences)
            sentences += len(answer.removed_sentences) + max(
                1, answer.text.count("[")
            )  # kept sentences each carry at least one marker
        per_question.append(
            {
                "id": q.id,
                "answerable": q.answerable,
                "abstained": answer.abstained,
                "right_source": right_source(answer, q.sources) if q.answerable else None,
                "keywords": keywords_covered(answer, q.keywords) if q.keywords else None,
                "mode": answer.mode,
                "notice": answer.notice,
                "answer": answer.text,
                "sources": sorted({c.source for c in answer.citations}),
                "seconds": round(timings[-1], 3),
            }
        )
    answerable = [r for r in per_question if r["answerable"]]
    unanswerable = [r for r in per_question if not r["answerable"]]
    with_keywords = [r for r in answerable if r["keywords"] is not None]
    metrics: dict[str, float | None] = {
        "right_source_answered": _share(
            sum(bool(r["right_source"]) for r in answerable), len(answerable)
        ),
        "keyword_coverage": _share(
            sum(bool(r["keywords"]) for r in with_keywords), len(with_keywords)
        ),
        "false_abstention_rate": _share(
            sum(bool(r["abstained"]) for r in answerable), len(answerable)
        ),
        "abstention_recall": _share(
            sum(bool(r["abstained"]) for r in unanswerable), len(unanswerable)
        ),
    }
    modes = {r["mode"] for r in per_question}
    if "llm" in modes:
        metrics["removed_sentence_share"] = _share(removed, sentences)
    ordered = sorted(timings)
    report: dict[str, object] = {
        "questions": len(questions),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "mode": "llm" if "llm" in modes else "extractive",
        "metrics": metrics,
        "latency_ms": {
            "mean": round(1000 * sum(ordered) / max(1, len(ordered)), 1),
            "p95": round(1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1)
            if ordered
            else None,
        },
        "per_question": per_question,
    }
    return report
