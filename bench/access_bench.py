"""What the access filter costs: warm search latency per viewer on one index.

    .venv/bin/python bench/access_bench.py [--rounds 3]

The shared corpus is ingested with one document private to an organisation. The same dev
questions are then searched, interleaved, as a coordinator (no filter anywhere), as a member of
another organisation (Chroma's metadata filter and a BM25 index over arena documents only) and
as a member of the owning organisation. Writes JSON to bench/results/ with date and settings.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from pathlib import Path

from retrieval_bench import QUESTIONS, corpus_files, fresh_services, percentile, save

from assistant.evaluation.retrieval import load_questions
from assistant.index.access import Viewer

PRIVATE_TAG = "org:Bench sykehus"


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default="e5")
    args = parser.parse_args()
    questions = [q.question for q in load_questions(QUESTIONS)]
    viewers = {
        "coordinator_no_filter": Viewer.everything(),
        "other_organisation_filtered": Viewer.member("bench@other.no", ["Annet sykehus"]),
        "owning_organisation_filtered": Viewer.member("bench@own.no", ["Bench sykehus"]),
    }
    with tempfile.TemporaryDirectory() as tmp:
        services = fresh_services(Path(tmp), embedding_model=args.model)
        files = corpus_files()
        services.indexer.ingest(files[1:])
        services.indexer.ingest(files[:1], visibility=PRIVATE_TAG)
        retriever = services.retriever
        for viewer in viewers.values():  # warm: model, and each audience's BM25 index
            retriever.search(questions[0], k=5, viewer=viewer)
        timings: dict[str, list[float]] = {name: [] for name in viewers}
        for _ in range(args.rounds):
            for question in questions:
                for name, viewer in viewers.items():
                    # A repeated question would find its vector in the query cache.
                    services.embeddings.forget_queries()
                    started = time.perf_counter()
                    retriever.search(question, k=5, viewer=viewer)
                    timings[name].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        services.index.audiences.clear()  # the cost of the first question after a change
        retriever.search(questions[0], k=5, viewer=viewers["other_organisation_filtered"])
        audience_build_ms = (time.perf_counter() - started) * 1000
        chunks = services.store.chunk_count()
    base = percentile(timings["coordinator_no_filter"], 95)
    figures: dict[str, object] = {
        "settings": {
            "model": args.model,
            "rounds": args.rounds,
            "queries_per_viewer": len(timings["coordinator_no_filter"]),
            "chunks": chunks,
            "private_document": files[0].name,
        },
        "viewers": {
            name: {
                "p50_ms": round(percentile(values, 50), 1),
                "p95_ms": round(percentile(values, 95), 1),
                "p95_vs_no_filter": round(percentile(values, 95) / base - 1, 3),
            }
            for name, values in timings.items()
        },
        "first_search_after_a_change_ms": round(audience_build_ms, 1),
    }
    print(json.dumps(figures, indent=2))
    save("access-filter", figures)


if __name__ == "__main__":
    main()
