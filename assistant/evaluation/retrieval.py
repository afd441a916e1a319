"""Retrieval evaluation: recall@k and MRR@10 for dense, keyword and hybrid search."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from difflib import SequenceMatcher
from pathlib import Path

from assistant.errors import ArenaError
from assistant.index.access import Viewer
from assistant.index.retrieval import HybridRetriever, Mode
from assistant.text.normalise import normalise_for_match


@dataclass
class Question:
    """One evaluation item from a JSONL file such as shared/eval/dev.jsonl."""

    id: str
    question: str
    lang: str
    sources: list[str]
    evidence: list[str]
    answer: str = ""
    keywords: list[str] = field(default_factory=list)
    type: str = ""

    @property
    def answerable(self) -> bool:
        return bool(self.sources) and self.type != "unanswerable"


def load_questions(path: Path) -> list[Question]:
    """Read evaluation items; a malformed line is an error naming its line number."""
    if not path.is_file():
        raise ArenaError(f"Question file not found: {path}")
    items: list[Question] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            source = raw.get("source") or []
            items.append(
                Question(
                    id=str(raw.get("id", number)),
                    question=raw["question"],
                    lang=raw.get("lang", "no"),
                    sources=[source] if isinstance(source, str) else list(source),
                    evidence=list(raw.get("evidence") or []),
                    answer=raw.get("answer", ""),
                    keywords=list(raw.get("keywords") or []),
                    type=raw.get("type", ""),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ArenaError(f"{path}:{number}: not a valid question item ({exc})") from exc
    return items


def is_hit(chunk_text: str, evidence: list[str]) -> bool:
    """A chunk hits when it holds an evidence string, or a single run of half of one."""
    chunk = normalise_for_match(chunk_text)
    for item in evidence:
        wanted = normalise_for_match(item)
        if not wanted:
            continue
        if wanted in chunk:
            return True
        match = SequenceMatcher(None, wanted, chunk, autojunk=False).find_longest_match(
            0, len(wanted), 0, len(chunk)
        )
        if match.size * 2 >= len(wanted):
            return True
    return False


def first_hit_rank(texts: list[str], evidence: list[str]) -> int | None:
    for rank, text in enumerate(texts, start=1):
        if is_hit(text, evidence):
            return rank
    return None


def evaluate_retrieval(
    retriever: HybridRetriever,
    questions: list[Question],
    modes: tuple[Mode, ...] = ("dense", "keyword", "hybrid"),
    viewer: Viewer | None = None,
) -> dict[str, object]:
    """Recall@5, recall@10 and MRR@10 per mode over the answerable questions.

    Measured as an arena-wide reader unless `viewer` says otherwise: question sets are about
    the shared documents.
    """
    viewer = viewer or Viewer.anonymous()
    answerable = [q for q in questions if q.answerable and q.evidence]
    report: dict[str, object] = {"questions": len(answerable), "modes": {}, "per_question": {}}
    for mode in modes:
        ranks: dict[str, int | None] = {}
        started = time.perf_counter()
        for q in answerable:
            results = retriever.search(q.question, k=10, mode=mode, viewer=viewer)
            ranks[q.id] = first_hit_rank([r.text for r in results], q.evidence)
        elapsed = time.perf_counter() - started
        n = max(1, len(answerable))
        report["modes"][mode] = {  # type: ignore[index]
            "recall@5": round(sum(1 for r in ranks.values() if r and r <= 5) / n, 4),
            "recall@10": round(sum(1 for r in ranks.values() if r and r <= 10) / n, 4),
            "mrr@10": round(sum(1 / r for r in ranks.values() if r) / n, 4),
            "ms_per_query": round(1000 * elapsed / n, 1),
        }
        report["per_question"][mode] = ranks  # type: ignore[index]
    return report


def write_report(report: dict[str, object], folder: Path, name: str) -> Path:
    """Save a report as JSON under folder, named by kind and UTC time."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"{name}-{stamp}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
