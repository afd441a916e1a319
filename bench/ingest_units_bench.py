"""What embedding answer units at ingest costs: ingest time with and without them.

The starter knowledge and the shared corpus are ingested into fresh folders with one loaded
model, alternately with the units extractive answers score embedded (what ingest does) and
without (chunks only, as before), so that both pay the same model and machine. Run on demand:

    .venv/bin/python bench/ingest_units_bench.py [--rounds 2]

Writes JSON to bench/results/ with the date and the settings used.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import tempfile
import time
from pathlib import Path
from unittest import mock

from langchain_core.embeddings import Embeddings
from retrieval_bench import REPO, corpus_files, fresh_services, report_settings, save

import ingest.indexing


class Timed(Embeddings):
    """The model, counting the texts it embeds and the seconds it takes."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.texts = 0
        self.seconds = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        vectors = self.inner.embed_documents(texts)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def run(model: Embeddings, units: bool) -> dict[str, float]:
    timed = Timed(model)
    with tempfile.TemporaryDirectory() as tmp:
        services = fresh_services(Path(tmp))
        services.__dict__["base_embeddings"] = timed
        chunks_only = mock.patch.object(ingest.indexing, "unit_texts", return_value=[])
        with contextlib.nullcontext() if units else chunks_only:
            report = services.indexer.ingest([REPO / "knowledge", *corpus_files()])
        assert report.ok, report.failed
        services.store.engine.dispose()
    return {
        "seconds": round(report.seconds, 1),
        "chunks": report.chunks,
        "texts_embedded": timed.texts,
        "embedding_seconds": round(timed.seconds, 1),
    }


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        model = fresh_services(Path(tmp)).base_embeddings
    runs: dict[str, list[dict[str, float]]] = {"chunks_only": [], "chunks_and_units": []}
    for _ in range(args.rounds):
        runs["chunks_only"].append(run(model, units=False))
        runs["chunks_and_units"].append(run(model, units=True))
        print(runs, flush=True)
    best = {name: min(r["seconds"] for r in rs) for name, rs in runs.items()}
    save(
        "ingest-units",
        {
            "settings": report_settings(),
            "machine": {
                "cpus": os.cpu_count(),
                "load_before": round(load_before, 2),
                "load_after": round(os.getloadavg()[0], 2),
            },
            "runs": runs,
            "best_seconds": best,
            "extra_seconds": round(best["chunks_and_units"] - best["chunks_only"], 1),
        },
    )


if __name__ == "__main__":
    main()
