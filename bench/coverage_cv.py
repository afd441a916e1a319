"""Keyword coverage of extractive answers, with the answer-unit settings fitted in k-fold CV.

Usage:
    python bench/coverage_cv.py [--questions ../shared/eval/dev.jsonl] [--data /tmp/answers-data]
        [--folds 5] [--seed 7]

The settings the answer-unit work added (how many passages each extra search of a
cross-document question brings, how much meaning counts when choosing the unit for one part of
a question, the gain for units naming a person) are chosen on the training folds and scored on
the held-out fold; the held-out coverage is the figure to quote. The grid's in-sample figures
and the shipped defaults' full-dev figures are reported beside it. Retrieval runs once per
distinct query (memoised): only the answer step changes across the grid.

Results go to bench/results/ with the date and the settings used.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
from dataclasses import asdict, replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.answers.chain import AnswerChain, ChainTuning  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation.answers import evaluate_answers  # noqa: E402
from assistant.evaluation.retrieval import Question, load_questions, write_report  # noqa: E402
from assistant.services import build_services  # noqa: E402

GRID = {
    "per_alternative": (3, 5, 8),
    "part_dense_weight": (0.1, 0.3, 0.6),
    "person_bonus": (0.0, 0.5, 1.0),
}


class MemoRetriever:
    """The services' retriever with each (query, k, viewer) searched once."""

    def __init__(self, retriever: object) -> None:
        self._retriever = retriever
        self._memo: dict[tuple[str, int, str], object] = {}

    def __getattr__(self, name: str) -> object:
        return getattr(self._retriever, name)

    def search(self, query: str, k: int = 5, mode: str = "hybrid", *, viewer: object) -> object:
        key = (query, k, repr(viewer))
        if key not in self._memo:
            self._memo[key] = self._retriever.search(query, k, mode, viewer=viewer)  # type: ignore[attr-defined]
        return list(self._memo[key])  # type: ignore[call-overload]


def tuning_for(point: dict[str, float]) -> ChainTuning:
    base = ChainTuning()
    return replace(
        base,
        reading=replace(base.reading, per_alternative=int(point["per_alternative"])),
        extractive=replace(
            base.extractive,
            part_dense_weight=point["part_dense_weight"],
            person_bonus=point["person_bonus"],
        ),
    )


def covered(
    settings: Settings, retriever: MemoRetriever, items: list[Question], point: dict
) -> dict:
    """Per item: keywords covered, right source, abstained; for one grid point."""
    chain = AnswerChain(settings, retriever, tuning=tuning_for(point))  # type: ignore[arg-type]
    chain._unit_vectors = SHARED_VECTORS  # unit embeddings are the same at every grid point
    report = evaluate_answers(chain, items)
    return {r["id"]: r for r in report["per_question"]}  # type: ignore[union-attr]


SHARED_VECTORS: dict = {}


def share(rows: list[dict], key: str) -> float | None:
    values = [bool(r[key]) for r in rows if r[key] is not None]
    return round(sum(values) / len(values), 4) if values else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=REPO.parent / "shared/eval/dev.jsonl")
    parser.add_argument("--data", type=Path, default=Path("/tmp/answers-data"))
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpus")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    settings = Settings(_env_file=None, data_dir=args.data)  # type: ignore[call-arg]
    services = build_services(settings)
    services.indexer.ingest(sorted(args.corpus.glob("*.txt")))
    retriever = MemoRetriever(services.retriever)
    items = [q for q in load_questions(args.questions) if q.answerable and q.keywords]

    points = [dict(zip(GRID, values, strict=True)) for values in itertools.product(*GRID.values())]
    results = []
    for n, point in enumerate(points, start=1):
        rows = covered(settings, retriever, items, point)
        results.append((point, rows))
        print(f"{n}/{len(points)} {point} coverage {share(list(rows.values()), 'keywords')}")

    defaults = {
        "per_alternative": ChainTuning().reading.per_alternative,
        "part_dense_weight": ChainTuning().extractive.part_dense_weight,
        "person_bonus": ChainTuning().extractive.person_bonus,
    }

    def distance(point: dict) -> float:
        return sum(abs(point[k] - defaults[k]) / max(GRID[k]) for k in GRID)

    ids = sorted(q.id for q in items)
    random.Random(args.seed).shuffle(ids)
    folds = [ids[i :: args.folds] for i in range(args.folds)]
    held: dict[str, dict] = {}
    chosen = []
    for test in folds:
        train = [i for i in ids if i not in test]

        def train_score(entry: tuple[dict, dict], train: list[str] = train) -> tuple:
            point, rows = entry
            hits = sum(bool(rows[i]["keywords"]) for i in train)
            sources = sum(bool(rows[i]["right_source"]) for i in train)
            return (hits, sources, -distance(point))

        point, _ = max(results, key=train_score)
        chosen.append(point)
        rows = next(r for p, r in results if p == point)
        held.update({i: rows[i] for i in test})

    default_rows = next(r for p, r in results if p == defaults)
    held_rows = list(held.values())
    new = [r for r in held_rows if str(r["id"]).startswith("d2")]
    report = {
        "questions": len(items),
        "folds": args.folds,
        "seed": args.seed,
        "grid": GRID,
        "held_out": {
            "keyword_coverage": share(held_rows, "keywords"),
            "keyword_coverage_new_items": share(new, "keywords"),
            "right_source_answered": share(held_rows, "right_source"),
            "chosen_per_fold": chosen,
        },
        "defaults": {
            "settings": defaults,
            "keyword_coverage": share(list(default_rows.values()), "keywords"),
            "right_source_answered": share(list(default_rows.values()), "right_source"),
            "misses": sorted(i for i, r in default_rows.items() if r["keywords"] is False),
        },
        "grid_in_sample": [
            {**p, "keyword_coverage": share(list(r.values()), "keywords")} for p, r in results
        ],
        "settings": {
            "embedding_model": settings.embedding_model,
            "questions_file": str(args.questions),
            "passages": ChainTuning().passages,
            "extractive": asdict(ChainTuning().extractive),
        },
    }
    path = write_report(report, REPO / "bench" / "results", "coverage-cv")
    print({k: report[k] for k in ("held_out", "defaults")})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
