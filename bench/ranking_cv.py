"""Second-stage ranking, fitted and measured honestly: k-fold CV over the dev questions.

    .venv/bin/python bench/ranking_cv.py                 # ingest the corpus into a temp dir
    .venv/bin/python bench/ranking_cv.py --data-dir D    # reuse an index already ingested in D

Each answerable dev question's fused candidates are gathered once, with every feature of
assistant/index/ranking.py. The fitting procedure, run inside each training fold only:
  1. select: forward selection of features (at most MAX_FEATURES), each step adding the one
     that most improves an inner 4-fold CV over the training questions, stopping when none does;
  2. fit: pairwise logistic regression (a hit above a miss of the same question) on the chosen
     features and the fused score, weights divided by the fused score's own;
  3. floor: the diversification floor that scores best on the training questions.
Held-out figures come from the questions of the fold left out (5 folds, folds by question,
repeated over 3 shuffles). Ablation: each feature alone, and the final set less one. The final
weights are the procedure run on all questions; a check re-runs the real search with them.
Writes bench/results/ranking-cv-<UTC time>.json with the settings used.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.evaluation.retrieval import first_hit_rank, is_hit, load_questions  # noqa: E402
from assistant.index.access import Viewer  # noqa: E402
from assistant.index.ranking import (  # noqa: E402
    FEATURES,
    Ranker,
    RankerWeights,
    combine,
    features,
    forget_analyses,
)
from assistant.index.retrieval import diversify, shingles  # noqa: E402
from assistant.services import build_services  # noqa: E402

ANYONE = Viewer.anonymous()
CORPUS = REPO.parent / "shared" / "corpus"
QUESTIONS = REPO.parent / "shared" / "eval" / "dev.jsonl"
RESULTS = REPO / "bench" / "results"
FLOORS = (0.5, 0.6, 0.7, 0.8)
# Forward selection stops at this many features: 53 questions cannot support more.
MAX_FEATURES = 3


@dataclass
class Item:
    """One answerable question's candidate pool with everything the simulation needs."""

    id: str
    sources: list[str]
    ranked: list[str]
    fused: dict[str, float]
    found: dict[str, dict[str, float]]
    hits: dict[str, bool]
    source_of: dict[str, str]
    duplicates: dict[str, set[str]]


def collect(services, questions, depth: int, window: int) -> list[Item]:  # type: ignore[no-untyped-def]
    retriever = services.retriever
    threshold = retriever.tuning.near_duplicate
    items = []
    for q in questions:
        pool = retriever.candidates(q.question, 10, "hybrid", viewer=ANYONE)
        assert pool is not None
        head = pool.ranked[:depth]
        found = features(q.question, head, pool.chunks, pool.fused, pool.analyzer, window)
        sh = {c: shingles(pool.chunks[c].text) for c in pool.ranked}
        duplicates = {
            c: {
                o
                for o in pool.ranked
                if o != c and len(sh[c] & sh[o]) / max(1, min(len(sh[c]), len(sh[o]))) >= threshold
            }
            for c in pool.ranked
        }
        items.append(
            Item(
                q.id,
                q.sources,
                pool.ranked,
                pool.fused,
                found,
                {c: is_hit(pool.chunks[c].text, q.evidence) for c in pool.ranked},
                {c: pool.chunks[c].source for c in pool.ranked},
                duplicates,
            )
        )
    return items


def first_hits(
    items: list[Item], weights: RankerWeights, max_per_document: int
) -> list[int | None]:
    """The rank of each question's first hit in the top 10, as `HybridRetriever.order` ranks."""
    out = []
    for item in items:
        scores = combine(item.ranked, item.fused, item.found, weights)
        ranked = sorted(item.ranked, key=lambda c: scores[c], reverse=True)
        kept: list[str] = []
        for c in ranked:
            if not item.duplicates[c] & set(kept):
                kept.append(c)
        top = diversify(kept, item.source_of, scores, 10, max_per_document, weights.relevance_floor)
        out.append(next((i + 1 for i, c in enumerate(top[:10]) if item.hits[c]), None))
    return out


def metrics(ranks: list[int | None]) -> dict[str, float]:
    n = max(1, len(ranks))
    return {
        "recall@5": round(sum(1 for r in ranks if r and r <= 5) / n, 4),
        "recall@10": round(sum(1 for r in ranks if r and r <= 10) / n, 4),
        "mrr@10": round(sum(1 / r for r in ranks if r) / n, 4),
    }


def objective(ranks: list[int | None]) -> float:
    m = metrics(ranks)
    return m["mrr@10"] + 0.5 * m["recall@5"] + 0.5 * m["recall@10"]


class Fitter:
    """The fitting procedure; everything it learns comes from the items it is given."""

    def __init__(self, base: RankerWeights, max_per_document: int) -> None:
        self.base = base
        self.max_per_document = max_per_document

    def score(self, items: list[Item], weights: RankerWeights) -> float:
        return objective(first_hits(items, weights, self.max_per_document))

    def pairwise(self, items: list[Item], names: list[str]) -> dict[str, float]:
        """Weights of `names` relative to the fused score's, from hit-above-miss pairs."""
        if not names:
            return {}
        rows = []
        for item in items:
            head = item.ranked[: self.base.depth]
            hits = [c for c in head if item.hits[c]]
            misses = [c for c in head if not item.hits[c]]
            for a in hits:
                for b in misses:
                    rows.append(
                        [item.fused[a] - item.fused[b]]
                        + [item.found[a][n] - item.found[b][n] for n in names]
                    )
        if not rows:
            return dict.fromkeys(names, 0.0)
        x = np.asarray(rows)
        model = LogisticRegression(C=1.0, fit_intercept=False, max_iter=5000)
        model.fit(np.vstack([x, -x]), np.r_[np.ones(len(x)), np.zeros(len(x))])
        coef = model.coef_[0]
        scale = max(float(coef[0]), 1e-3)
        return {n: round(float(coef[i + 1]) / scale, 3) for i, n in enumerate(names)}

    def weights(self, items: list[Item], names: list[str], floor: float | None) -> RankerWeights:
        """Fit weights for `names`; the floor too unless given."""
        fitted = replace(self.base, weights=self.pairwise(items, names))
        if floor is not None:
            return replace(fitted, relevance_floor=floor)
        best, best_score = fitted, self.score(items, fitted)
        for value in FLOORS:  # strict improvement: ties keep the lower (default) floor
            trial = replace(fitted, relevance_floor=value)
            trial_score = self.score(items, trial)
            if trial_score > best_score + 1e-9:
                best, best_score = trial, trial_score
        return best

    def inner(self, items: list[Item], names: list[str]) -> float:
        """The objective of fitting `names` under a 4-fold split of `items` (floor fixed)."""
        ranks: list[int | None] = []
        for f in range(4):
            test = items[f::4]
            train = [it for i, it in enumerate(items) if i % 4 != f]
            weights = self.weights(train, names, self.base.relevance_floor)
            ranks.extend(first_hits(test, weights, self.max_per_document))
        return objective(ranks)

    def select(self, items: list[Item]) -> list[str]:
        """Forward selection: add the feature that most improves the inner-CV objective."""
        chosen: list[str] = []
        best = self.inner(items, chosen)
        while len(chosen) < MAX_FEATURES:
            trials = {n: self.inner(items, [*chosen, n]) for n in FEATURES if n not in chosen}
            name = max(trials, key=lambda n: trials[n], default=None)
            if name is None or trials[name] <= best + 1e-9:
                break
            chosen.append(name)
            best = trials[name]
        return chosen

    def full(self, items: list[Item]) -> RankerWeights:
        return self.weights(items, self.select(items), None)


def cross_validate(items, fit, folds: int, seeds: list[int], max_per_document: int):  # type: ignore[no-untyped-def]
    """Held-out figures of a fitting procedure `fit(train) -> RankerWeights`, per seed and mean."""
    per_seed = []
    chosen = []
    for seed in seeds:
        order = list(range(len(items)))
        random.Random(seed).shuffle(order)
        held: dict[int, int | None] = {}
        for f in range(folds):
            test = [i for j, i in enumerate(order) if j % folds == f]
            train = [items[i] for i in order if i not in set(test)]
            weights = fit(train)
            chosen.append({"weights": dict(weights.weights), "floor": weights.relevance_floor})
            ranks = first_hits([items[i] for i in test], weights, max_per_document)
            held.update(zip(test, ranks, strict=True))
        per_seed.append(metrics([held[i] for i in range(len(items))]))
    mean = {k: round(float(np.mean([m[k] for m in per_seed])), 4) for k in per_seed[0]}
    return {"mean": mean, "per_seed": per_seed, "fold_fits": chosen}


def score_of(figures: dict[str, float]) -> float:
    return figures["mrr@10"] + 0.5 * figures["recall@5"] + 0.5 * figures["recall@10"]


def overhead(services, questions, weights: RankerWeights) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Time spent in the ranker alone per query (cold: first sight of each chunk; warm: cached)."""
    ranker = Ranker(weights)
    pools = [services.retriever.candidates(q.question, 5, viewer=ANYONE) for q in questions]
    figures = {}
    forget_analyses()
    for label in ("cold", "warm"):
        timings = []
        for pool in pools:
            started = time.perf_counter()
            ranker.rescore(pool.query, pool.ranked, pool.chunks, pool.fused, pool.analyzer)
            timings.append((time.perf_counter() - started) * 1000)
        figures[f"{label}_p50"] = round(float(np.percentile(timings, 50)), 2)
        figures[f"{label}_p95"] = round(float(np.percentile(timings, 95)), 2)
    return figures


def latency(services, questions, weights: RankerWeights | None, rounds: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    retriever = services.retriever
    retriever.ranker = None if weights is None else Ranker(weights)
    retriever.search(questions[0].question, k=5, viewer=ANYONE)
    timings = []
    for _ in range(rounds):
        services.embeddings.forget_queries()
        for q in questions:
            started = time.perf_counter()
            retriever.search(q.question, k=5, viewer=ANYONE)
            timings.append((time.perf_counter() - started) * 1000)
    return {
        "queries": len(timings),
        "p50_ms": round(float(np.percentile(timings, 50)), 1),
        "p95_ms": round(float(np.percentile(timings, 95)), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, help="an index already holding the corpus")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--depth", type=int, default=RankerWeights.depth)
    parser.add_argument("--window", type=int, default=RankerWeights.window)
    parser.add_argument("--rounds", type=int, default=2, help="latency passes over dev")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]

    tmp = None
    data_dir = args.data_dir
    if data_dir is None:
        tmp = tempfile.TemporaryDirectory()
        data_dir = Path(tmp.name)
    settings = Settings(_env_file=None, data_dir=data_dir)  # type: ignore[call-arg]
    services = build_services(settings)
    if services.store.chunk_count() == 0:
        services.indexer.ingest(sorted(CORPUS.glob("*.txt")))
    all_questions = load_questions(QUESTIONS)
    questions = [q for q in all_questions if q.answerable and q.evidence]
    base = RankerWeights(depth=args.depth, window=args.window)
    items = collect(services, questions, args.depth, args.window)
    fitter = Fitter(base, settings.max_per_document)

    def cv(fit):  # type: ignore[no-untyped-def]
        return cross_validate(items, fit, args.folds, seeds, settings.max_per_document)

    def fixed(names: list[str], floor: float | None):  # type: ignore[no-untyped-def]
        return lambda train: fitter.weights(train, names, floor)

    report: dict[str, object] = {
        "questions": len(items),
        "folds": args.folds,
        "seeds": seeds,
        "depth": args.depth,
        "window": args.window,
        "max_features": MAX_FEATURES,
        "floors_tried": FLOORS,
        "objective": "mrr@10 + 0.5 recall@5 + 0.5 recall@10",
        "fused_order": metrics(first_hits(items, base, settings.max_per_document)),
    }
    print("fused order", report["fused_order"], flush=True)

    # Each signal's contribution on its own, the diversification floor held at its default.
    alone = {}
    for name in FEATURES:
        alone[name] = cv(fixed([name], base.relevance_floor))["mean"]
        print(f"alone {name:12s}", alone[name], flush=True)

    # The candidate procedures; the one with the best held-out objective is shipped.
    procedures: dict[str, tuple[object, list[str] | None]] = {
        "fused order": (lambda train: base, []),
        "floor only": (fixed([], None), []),
        **{f"{name} + floor": (fixed([name], None), [name]) for name in FEATURES},
        f"forward selection (<= {MAX_FEATURES}) + floor": (fitter.full, None),
    }
    candidates = {}
    for label, (fit, _names) in procedures.items():
        result = cv(fit)
        candidates[label] = result
        print(f"{label:40s}", result["mean"], flush=True)
    chosen = max(candidates, key=lambda label: score_of(candidates[label]["mean"]))
    names = procedures[chosen][1]
    final = fitter.full(items) if names is None else fitter.weights(items, names, None)
    if chosen == "fused order":
        final = base
    print("chosen:", chosen, dict(final.weights), "floor", final.relevance_floor, flush=True)

    # The chosen model less one part at a time (floor fitted unless it is the part removed).
    selected = [n for n, w in final.weights.items() if w]
    less_one = {
        name: cv(fixed([n for n in selected if n != name], None))["mean"] for name in selected
    }
    if final.relevance_floor != base.relevance_floor:
        less_one["relevance_floor"] = cv(fixed(selected, base.relevance_floor))["mean"]
    print("chosen less one", less_one, flush=True)
    report["ablation"] = {"alone_floor_fixed": alone, "chosen_less_one": less_one}
    report["candidates"] = {
        label: {"held_out": r["mean"], "per_seed": r["per_seed"], "fold_fits": r["fold_fits"]}
        for label, r in candidates.items()
    }
    report["chosen"] = {
        "procedure": chosen,
        "held_out": candidates[chosen]["mean"],
        "weights": dict(final.weights),
        "relevance_floor": final.relevance_floor,
        "in_sample": metrics(first_hits(items, final, settings.max_per_document)),
    }

    # The simulation must rank exactly as the real search does.
    services.retriever.ranker = Ranker(final)
    real = [
        first_hit_rank(
            [r.text for r in services.retriever.search(q.question, 10, viewer=ANYONE)], q.evidence
        )
        for q in questions
    ]
    simulated = first_hits(items, final, settings.max_per_document)
    report["chosen"]["search_check"] = {  # type: ignore[index]
        "real_search": metrics(real),
        "matches_simulation": real == simulated,
    }
    print("real search with chosen weights", metrics(real), "matches:", real == simulated)
    report["ranker_overhead_ms"] = overhead(services, all_questions, final)
    report["latency_without_ranker"] = latency(services, all_questions, None, args.rounds)
    report["latency_with_ranker"] = latency(services, all_questions, final, args.rounds)
    print(
        "ranker overhead",
        report["ranker_overhead_ms"],
        "search without / with",
        report["latency_without_ranker"],
        report["latency_with_ranker"],
    )
    report["settings"] = settings.for_report()
    report["note"] = "latency on a shared 2-core machine: noisy"

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"ranking-cv-{stamp}.json"
    payload = {"benchmark": "ranking-cv", "date": stamp, **report}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str), "utf-8")
    print(f"wrote {path}")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
