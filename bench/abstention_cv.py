"""Abstention, cross-validated: learn the answerability rules inside k folds, report held-out figures.

Usage:
    python bench/abstention_cv.py [--questions ../shared/eval/dev.jsonl] [--data /tmp/abstention-cv]
        [--folds 5] [--repeats 20] [--seed 0] [--max-rules 4] [--skip-answers]

1. Every question is retrieved and answered once, and its evidence features
   (assistant.answers.answerability.FEATURES) are cached in --data, keyed by the questions and
   the source of the modules that compute them.
2. A greedy rule learner (an OR of at most --max-rules "abstain when feature above/below t"
   rules, each feature in the one direction its meaning allows, thresholds midway between
   observed values) is fitted inside each training fold of a
   repeated stratified k-fold split and judged on the held-out fold. The fixed floor of
   AbstentionPolicy (off-topic evidence) applies in every fold. A class-balanced logistic
   regression over the same features runs beside it for contrast. Held-out figures are the
   ones to quote; in-sample figures (fitted and judged on all items) are printed for contrast.
3. The rules fitted on all items are compared with FITTED_RULES in assistant/answers/abstention.py.
4. Unless --skip-answers, the answer figures of `arena eval answers` are taken with the shipped
   decision on the whole question set.
Results go to bench/results/abstention-cv-<UTC time>.json with the settings.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.answers.abstention import (  # noqa: E402
    FITTED_RULES,
    AbstentionPolicy,
    Rule,
    weak,
)
from assistant.answers.answerability import FEATURES, features, known_words  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation.answers import evaluate_answers  # noqa: E402
from assistant.evaluation.retrieval import load_questions, write_report  # noqa: E402
from assistant.index.access import Viewer  # noqa: E402
from assistant.services import build_services  # noqa: E402

ANYONE = Viewer.anonymous()
# The modules whose code decides the features: a change to any of them invalidates the cache.
FEATURE_SOURCES = ("answerability.py", "questions.py", "extractive.py", "abstention.py")


def fingerprint(questions: Path) -> str:
    digest = hashlib.sha256(questions.read_bytes())
    for name in FEATURE_SOURCES:
        digest.update((REPO / "assistant" / "answers" / name).read_bytes())
    return digest.hexdigest()[:16]


def extract_features(args: argparse.Namespace, settings: Settings) -> list[dict]:
    """Each question's id, answerability, features and whether the fixed floor abstains."""
    cache = args.data / "abstention-features.json"
    key = fingerprint(args.questions)
    if cache.is_file():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            print(f"features from cache {cache}")
            return stored["items"]
    services = build_services(settings)
    services.indexer.ingest(sorted(args.corpus.glob("*.txt")))
    chain = services.answer_chain()
    known = known_words(chain.retriever.index.keyword_for(ANYONE))
    items = []
    for q in load_questions(args.questions):
        passages = chain.retrieve(ANYONE).invoke(q.question)
        extract, _ = chain.extract(q.question, passages, ANYONE)
        evidence = features(q.question, passages, extract, known)
        items.append(
            {
                "id": q.id,
                "answerable": q.answerable,
                "kind": evidence.kind,
                "absent": evidence.absent,
                "features": evidence.values,
                "floor": bool(passages) and weak(q.question, evidence, AbstentionPolicy()),
                "retrieved": bool(passages and extract.scored),
            }
        )
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"key": key, "items": items}, ensure_ascii=False), "utf-8")
    return items


# The rule learner ----------------------------------------------------------------------------


# Which way each feature may point to abstention, fixed by what it means before any fitting:
# less relevance or support argues for abstaining, never more; absent names and a leading
# empty title argue for it. The learner may not turn a feature around to fit the dev items.
ABSTAIN_ABOVE = {
    "coverage": False,
    "dense": False,
    "supplied": False,
    "names_absent": True,
    "title_lead": True,
}


def candidate_rules(x: np.ndarray) -> list[Rule]:
    """Every one-feature threshold midway between two neighbouring observed values."""
    rules = []
    for j, name in enumerate(FEATURES):
        values = np.unique(x[:, j])
        for low, high in itertools.pairwise(values):
            rules.append(Rule(name, ABSTAIN_ABOVE[name], round(float((low + high) / 2), 4)))
    return rules


def fires(rule: Rule, x: np.ndarray) -> np.ndarray:
    column = x[:, FEATURES.index(rule.feature)]
    return column > rule.threshold if rule.above else column < rule.threshold


def learn_rules(
    x: np.ndarray, y: np.ndarray, floor: np.ndarray, max_rules: int, max_false: float
) -> list[Rule]:
    """Greedy: add the rule catching most new unanswerable items, each false abstention
    costing three, while the training false-abstention rate stays within max_false."""
    chosen: list[Rule] = []
    abstain = floor.copy()
    rules = candidate_rules(x)
    for _ in range(max_rules):
        best: tuple[tuple[float, float], Rule] | None = None
        for rule in rules:
            new = abstain | fires(rule, x)
            if new[y].mean() > max_false + 1e-9:
                continue
            caught = int(new[~y].sum() - abstain[~y].sum())
            cost = int(new[y].sum() - abstain[y].sum())
            if caught < 1:
                continue
            # Ties go to the rule with the widest margin from the answerable items.
            margin = float(np.min(np.abs(x[y, FEATURES.index(rule.feature)] - rule.threshold)))
            score = (caught - 3 * cost, margin)
            if best is None or score > best[0]:
                best = (score, rule)
        if best is None:
            break
        chosen.append(best[1])
        abstain |= fires(best[1], x)
    return chosen


def apply_rules(rules: list[Rule], x: np.ndarray, floor: np.ndarray) -> np.ndarray:
    abstain = floor.copy()
    for rule in rules:
        abstain |= fires(rule, x)
    return abstain


# Logistic regression, for contrast -----------------------------------------------------------


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> tuple[np.ndarray, float]:
    """Class-balanced, L2-penalised logistic regression by gradient descent (y: answerable)."""
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    weights, bias = np.zeros(z.shape[1]), 0.0
    balance = np.where(y, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    for _ in range(3000):
        p = 1 / (1 + np.exp(-(z @ weights + bias)))
        gradient = (p - y) * balance
        weights -= 0.5 * (z.T @ gradient + l2 * weights) / len(y)
        bias -= 0.5 * gradient.mean()
    return weights / scale, bias - float((weights / scale) @ mean)


def logistic_abstains(
    train: tuple[np.ndarray, np.ndarray], test: np.ndarray, max_false: float
) -> np.ndarray:
    """Abstain below the highest probability cut that keeps training false abstentions in bound."""
    x, y = train
    weights, bias = fit_logistic(x, y.astype(float))
    p_train = 1 / (1 + np.exp(-(x @ weights + bias)))
    cut = 0.0
    for t in np.unique(p_train):
        if (p_train[y] < t).mean() <= max_false + 1e-9:
            cut = float(t)
    return 1 / (1 + np.exp(-(test @ weights + bias))) < cut


# Cross-validation ----------------------------------------------------------------------------


def stratified_folds(y: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    folds = np.zeros(len(y), dtype=int)
    for label in (False, True):
        index = np.flatnonzero(y == label)
        rng.shuffle(index)
        folds[index] = np.arange(len(index)) % k
    return folds


def rates(abstain: np.ndarray, y: np.ndarray) -> dict[str, float]:
    return {
        "abstention_recall": round(float(abstain[~y].mean()), 4),
        "false_abstentions": round(float(abstain[y].mean()), 4),
    }


def cross_validate(items: list[dict], args: argparse.Namespace) -> dict[str, object]:
    x = np.array([[it["features"][f] for f in FEATURES] for it in items], dtype=float)
    y = np.array([it["answerable"] for it in items], dtype=bool)
    floor = np.array([it["floor"] or not it["retrieved"] for it in items], dtype=bool)
    rng = np.random.default_rng(args.seed)
    pooled: dict[str, list[dict[str, float]]] = {"rules": [], "logistic": []}
    per_fold: list[dict[str, object]] = []
    wrong = np.zeros(len(items))
    chosen_counts: dict[str, int] = {}
    for repeat in range(args.repeats):
        folds = stratified_folds(y, args.folds, rng)
        held = {"rules": np.zeros(len(y), bool), "logistic": np.zeros(len(y), bool)}
        for fold in range(args.folds):
            train, test = folds != fold, folds == fold
            rules = learn_rules(x[train], y[train], floor[train], args.max_rules, args.max_false)
            for rule in rules:
                chosen_counts[rule.feature] = chosen_counts.get(rule.feature, 0) + 1
            held["rules"][test] = apply_rules(rules, x[test], floor[test])
            held["logistic"][test] = floor[test] | logistic_abstains(
                (x[train], y[train]), x[test], args.max_false
            )
            per_fold.append(
                {
                    "repeat": repeat,
                    "fold": fold,
                    "items": int(test.sum()),
                    "unanswerable": int((~y[test]).sum()),
                    **rates(held["rules"][test], y[test]),
                    "rules": [asdict(r) for r in rules],
                }
            )
        for model, abstain in held.items():
            pooled[model].append(rates(abstain, y))
        wrong += held["rules"] != ~y
    everything = learn_rules(x, y, floor, args.max_rules, args.max_false)

    def summary(runs: list[dict[str, float]]) -> dict[str, float]:
        return {key: round(float(np.mean([r[key] for r in runs])), 4) for key in runs[0]} | {
            f"{key}_sd": round(float(np.std([r[key] for r in runs])), 4) for key in runs[0]
        }

    return {
        "held_out": {"rules": summary(pooled["rules"]), "logistic": summary(pooled["logistic"])},
        "in_sample": {
            "rules": rates(apply_rules(everything, x, floor), y),
            "shipped_rules": rates(apply_rules(list(FITTED_RULES), x, floor), y),
        },
        "fitted_on_all": [asdict(r) for r in everything],
        "shipped": [asdict(r) for r in FITTED_RULES],
        "rules_chosen_per_fold": chosen_counts,
        "floor_false_abstentions": int((floor & y).sum()),
        "misjudged_held_out": {
            it["id"]: round(float(w / args.repeats), 2)
            for it, w in zip(items, wrong, strict=True)
            if w
        },
        "per_fold": per_fold,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=REPO.parent / "shared/eval/dev.jsonl")
    parser.add_argument("--data", type=Path, default=Path("/tmp/abstention-cv"))
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpus")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-rules", type=int, default=4)
    parser.add_argument("--max-false", type=float, default=0.03)
    parser.add_argument("--skip-answers", action="store_true")
    args = parser.parse_args()
    settings = Settings(_env_file=None, data_dir=args.data, embedding_model="e5")  # type: ignore[call-arg]
    items = extract_features(args, settings)
    report: dict[str, object] = {
        "questions": len(items),
        "unanswerable": sum(not it["answerable"] for it in items),
        **cross_validate(items, args),
        "features": {it["id"]: it["features"] | {"kind": it["kind"]} for it in items},
    }
    held, ins = report["held_out"], report["in_sample"]
    for fold in report["per_fold"]:  # type: ignore[union-attr]
        if fold["repeat"] == 0:
            print(
                f"repeat 0, fold {fold['fold']}: {fold['unanswerable']} of {fold['items']} "
                f"unanswerable, recall {fold['abstention_recall']:.2f}, "
                f"false abstentions {fold['false_abstentions']:.2f}, "
                f"rules {[(r['feature'], r['threshold']) for r in fold['rules']]}"
            )
    print(f"held-out ({args.folds}-fold x {args.repeats}): {held}")
    print(f"in-sample (contrast): {ins}")
    print(f"rules fitted on all items: {report['fitted_on_all']}")
    if report["fitted_on_all"] != report["shipped"]:
        print("NOTE: the shipped FITTED_RULES differ from the rules fitted now")
    if not args.skip_answers:
        services = build_services(settings)
        services.indexer.ingest(sorted(args.corpus.glob("*.txt")))
        answers = evaluate_answers(services.answer_chain(), load_questions(args.questions))
        report["answers"] = answers["metrics"]
        report["answers_per_question"] = [
            {k: r[k] for k in ("id", "answerable", "abstained", "keywords", "right_source")}
            for r in answers["per_question"]  # type: ignore[union-attr]
        ]
        print(f"answers (shipped decision, all items): {answers['metrics']}")
    report["settings"] = {
        "questions_file": str(args.questions),
        "embedding_model": settings.embedding_model,
        "folds": args.folds,
        "repeats": args.repeats,
        "seed": args.seed,
        "max_rules": args.max_rules,
        "max_false_in_training": args.max_false,
        "abstain_above": ABSTAIN_ABOVE,
        "policy": asdict(AbstentionPolicy()),
        "feature_cache_key": fingerprint(args.questions),
    }
    path = write_report(report, REPO / "bench" / "results", "abstention-cv")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
