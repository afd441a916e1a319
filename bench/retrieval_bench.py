"""Retrieval benchmarks: quality per model, cold ingest time, warm search latency, scaling.

Run on demand (not in the test suite):

    .venv/bin/python bench/retrieval_bench.py quality    # both models: ingest time + recall/MRR
    .venv/bin/python bench/retrieval_bench.py latency    # warm search p50/p95 in-process, remove
    .venv/bin/python bench/retrieval_bench.py cli        # warm `arena search -` round trips
    .venv/bin/python bench/retrieval_bench.py scale      # 10x and 100x the corpus chunk count

Each writes JSON to bench/results/ with the date and the settings used.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from assistant.config import Settings
from assistant.evaluation.retrieval import evaluate_retrieval, load_questions
from assistant.index.access import Viewer
from assistant.index.chunks import Chunk, content_hash
from assistant.index.store import DocumentInfo, now_iso
from assistant.services import Services, build_services

# The dev questions are about arena-wide documents, which every reader sees.
ANYONE = Viewer.anonymous()

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
QUESTIONS = REPO.parent / "shared" / "eval" / "dev.jsonl"
RESULTS = REPO / "bench" / "results"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def fresh_services(data_dir: Path, **overrides: object) -> Services:
    return build_services(Settings(_env_file=None, data_dir=data_dir, **overrides))  # type: ignore[arg-type]


def report_settings() -> dict[str, object]:
    """The settings a result was measured with; API keys and database passwords masked."""
    return Settings(_env_file=None).for_report()  # type: ignore[call-arg]


def save(name: str, payload: dict[str, object]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {"benchmark": name, "date": stamp, **payload}
    path = RESULTS / f"{name}-{stamp}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {path}")
    return path


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def bench_quality(models: list[str]) -> None:
    """Cold ingest (model load included) and retrieval quality, per embedding model."""
    questions = load_questions(QUESTIONS)
    report: dict[str, object] = {}
    for model in models:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            services = fresh_services(Path(tmp), embedding_model=model)
            result = services.indexer.ingest(corpus_files())
            cold = time.perf_counter() - started
            quality = evaluate_retrieval(services.retriever, questions)
            report[model] = {
                "cold_ingest_seconds": round(cold, 1),
                "chunks": result.chunks,
                "chunks_per_second": round(result.chunks / result.seconds, 1),
                "modes": quality["modes"],
            }
            print(model, json.dumps(report[model]))
    save("retrieval-quality", {"settings": report_settings(), "models": report})


def bench_latency(model: str, rounds: int) -> None:
    """Warm hybrid search latency over the dev questions, in one process."""
    questions = [q.question for q in load_questions(QUESTIONS)]
    with tempfile.TemporaryDirectory() as tmp:
        services = fresh_services(Path(tmp), embedding_model=model)
        services.indexer.ingest(corpus_files())
        retriever = services.retriever
        retriever.search(questions[0], k=5, viewer=ANYONE)
        timings = []
        for _ in range(rounds):
            # Repeated questions would find their vectors in the query cache.
            services.embeddings.forget_queries()
            for q in questions:
                started = time.perf_counter()
                retriever.search(q, k=5, viewer=ANYONE)
                timings.append((time.perf_counter() - started) * 1000)
        biggest = max(services.store.documents(), key=lambda d: d.chunk_count)
        started = time.perf_counter()
        services.indexer.remove(biggest.source)
        remove_ms = (time.perf_counter() - started) * 1000
    figures = {
        "model": model,
        "remove_ms": round(remove_ms, 1),
        "removed_chunks": biggest.chunk_count,
        "queries": len(timings),
        "p50_ms": round(percentile(timings, 50), 1),
        "p95_ms": round(percentile(timings, 95), 1),
        "max_ms": round(max(timings), 1),
    }
    print(json.dumps(figures))
    save("search-latency", figures)


def bench_cli(model: str) -> None:
    """Warm `arena search -` round trips: one query written, one JSON line read, per query."""
    import os
    import subprocess
    import sys

    questions = [q.question for q in load_questions(QUESTIONS)]
    arena = str(Path(sys.executable).with_name("arena"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ARENA_DATA_DIR": tmp, "ARENA_EMBEDDING_MODEL": model}
        subprocess.run([arena, "ingest", *map(str, corpus_files())], env=env, check=True)
        started = time.perf_counter()
        process = subprocess.Popen(
            [arena, "search", "-", "--k", "5"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdin is not None
        assert process.stdout is not None
        timings = []
        # Each question once: the process caches query vectors, so repeats would be free.
        for n, q in enumerate(questions):
            t = time.perf_counter()
            process.stdin.write(q + "\n")
            process.stdin.flush()
            json.loads(process.stdout.readline())
            if n == 0:
                first = time.perf_counter() - started
            else:
                timings.append((time.perf_counter() - t) * 1000)
        process.stdin.close()
        process.wait(timeout=30)
    figures = {
        "model": model,
        "first_answer_s_including_start": round(first, 1),
        "warm_queries": len(timings),
        "p50_ms": round(percentile(timings, 50), 1),
        "p95_ms": round(percentile(timings, 95), 1),
    }
    print(json.dumps(figures))
    save("cli-search-latency", figures)


def variant_text(text: str, n: int, rng: random.Random) -> str:
    """A distinct, plausible variant of a chunk: sentences reordered, a few words dropped."""
    sentences = [s for s in text.replace("\n", " ").split(". ") if s]
    rng.shuffle(sentences)
    words = ". ".join(sentences).split()
    kept = [w for w in words if rng.random() > 0.08] or words
    return f"Variant {n}: " + " ".join(kept)


def bench_scale(model: str, factors: list[int], embed_limit: int) -> None:
    """Search p95 and ingest throughput as the index grows to N x the corpus's chunk count.

    Up to `embed_limit` variant chunks are embedded for real (that is the ingest throughput);
    beyond it, variant vectors are the original chunk's vector plus small noise, since embedding
    40,000 chunks on 2 CPU cores would take most of an hour and tells nothing new about search.
    """
    questions = [q.question for q in load_questions(QUESTIONS)]
    rng = random.Random(7)
    report: dict[str, object] = {"model": model, "embed_limit": embed_limit, "sizes": []}
    tmp = Path(tempfile.mkdtemp(prefix="arena-scale-"))
    try:
        services = fresh_services(tmp, embedding_model=model)
        services.indexer.ingest(corpus_files())
        base = list(services.store.iter_chunks())
        base_vectors = services.vector_store.vectors([c.id for c in base])
        embedded = 0
        for factor in factors:
            target = len(base) * factor
            current = services.store.chunk_count()
            added = 0
            started = time.perf_counter()
            embed_seconds = 0.0
            embed_count = 0
            batch_no = current // len(base)
            while current + added < target:
                batch_no += 1
                chunks: list[Chunk] = []
                for original in base:
                    text = variant_text(original.text, batch_no, rng)
                    chunks.append(
                        Chunk(
                            id=f"v{batch_no}-{original.id}",
                            source=f"variant-{batch_no:04d}-{original.source}",
                            ordinal=original.ordinal,
                            text=text,
                            location=original.location,
                            heading=original.heading,
                            content_hash=content_hash(text),
                            metadata={
                                **original.metadata,
                                "source": f"variant-{batch_no:04d}-{original.source}",
                            },
                        )
                    )
                if embedded < embed_limit:
                    t = time.perf_counter()
                    vectors = services.embeddings.embed_hashed(
                        [(content_hash(c.index_text), c.index_text) for c in chunks]
                    )
                    embed_seconds += time.perf_counter() - t
                    embed_count += len(chunks)
                    embedded += len(chunks)
                    vecs = [vectors[content_hash(c.index_text)] for c in chunks]
                else:
                    vecs = []
                    for c, original in zip(chunks, base, strict=True):
                        v = base_vectors[original.id] + np.random.default_rng(
                            hash(c.id) % 2**32
                        ).normal(0, 0.03, size=base_vectors[original.id].shape)
                        vecs.append((v / np.linalg.norm(v)).astype(np.float32))
                by_source: dict[str, list[int]] = {}
                for i, c in enumerate(chunks):
                    by_source.setdefault(c.source, []).append(i)
                for source, idx in by_source.items():
                    info = DocumentInfo(
                        source=source,
                        path=source,
                        title=source,
                        file_type="txt",
                        content_hash=content_hash(source),
                        pipeline="bench",
                        visibility="arena",
                        ingested_at=now_iso(),
                        chunk_count=len(idx),
                    )
                    services.store.replace_document(info, [chunks[i] for i in idx])
                    services.vector_store.upsert(
                        [chunks[i].id for i in idx],
                        [vecs[i] for i in idx],
                        [chunks[i].metadata for i in idx],
                    )
                services.index.mark_dense(services.store.revision())
                added += len(chunks)
            write_seconds = time.perf_counter() - started
            t = time.perf_counter()
            services.index.refresh_keyword_index()
            keyword_seconds = time.perf_counter() - t
            retriever = services.retriever
            retriever.search(questions[0], k=5, viewer=ANYONE)
            timings = []
            for n, q in enumerate(questions * 2):
                if n % len(questions) == 0:
                    services.embeddings.forget_queries()  # each pass embeds its queries anew
                s = time.perf_counter()
                retriever.search(q, k=5, viewer=ANYONE)
                timings.append((time.perf_counter() - s) * 1000)
            size = {
                "factor": factor,
                "chunks": services.store.chunk_count(),
                "added": added,
                "embedded_for_real": embed_count,
                "embed_chunks_per_second": round(embed_count / embed_seconds, 1)
                if embed_seconds
                else None,
                "store_and_chroma_chunks_per_second": round(
                    added / max(1e-9, write_seconds - embed_seconds), 1
                ),
                "keyword_rebuild_seconds": round(keyword_seconds, 1),
                "search_p50_ms": round(percentile(timings, 50), 1),
                "search_p95_ms": round(percentile(timings, 95), 1),
            }
            report["sizes"].append(size)  # type: ignore[union-attr]
            print(json.dumps(size), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    save("retrieval-scale", report)


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("what", choices=["quality", "latency", "cli", "scale", "all"])
    parser.add_argument("--models", default="e5,minilm")
    parser.add_argument("--model", default="e5")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--factors", default="10,100")
    parser.add_argument("--embed-limit", type=int, default=2000)
    args = parser.parse_args()
    if args.what in ("quality", "all"):
        bench_quality(args.models.split(","))
    if args.what in ("latency", "all"):
        bench_latency(args.model, args.rounds)
    if args.what in ("cli", "all"):
        bench_cli(args.model)
    if args.what in ("scale", "all"):
        bench_scale(args.model, [int(f) for f in args.factors.split(",")], args.embed_limit)


if __name__ == "__main__":
    main()
