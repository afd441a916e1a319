"""How soon a running server answers about a document that `arena ingest` just added.

Starts `arena serve` over a freshly ingested base (the shared corpus, else knowledge/), then,
round after round, ingests a new small document from a second process, times from the moment
`arena ingest` returns to the first search answer that finds it, then removes it the same way
and times until no answer does. Run on demand (not in the test suite):

    .venv/bin/python bench/ingest_visibility_bench.py                    # embedded, 1 worker
    .venv/bin/python bench/ingest_visibility_bench.py --workers 2
    .venv/bin/python bench/ingest_visibility_bench.py --workers 2 --chroma-url http://127.0.0.1:8001 \\
        --knowledge-db-url postgresql+psycopg://... --database-url postgresql+psycopg://...

Writes JSON to bench/results/ with the date and the settings used.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import numpy as np

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
RESULTS = REPO / "bench" / "results"
ARENA = str(Path(sys.executable).with_name("arena"))
POLL_SECONDS = 0.02


def save(name: str, payload: dict[str, object]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {"benchmark": name, "date": stamp, **payload}
    path = RESULTS / f"{name}-{stamp}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {path}")
    return path


def arena(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([ARENA, *args], env=env, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"arena {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


@contextmanager
def serving(env: dict[str, str], workers: int) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [ARENA, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise TimeoutError("arena serve did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def poll(client: httpx.Client, url: str, word: str, name: str, present: bool) -> tuple[float, int]:
    """Search until the document's presence in the answer is `present`; (end time, queries)."""
    queries = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        response = client.get(f"{url}/api/v1/search", params={"q": f"Hva skjer ved {word}?"})
        queries += 1
        response.raise_for_status()  # a 5xx here is a failure of what is measured
        sources = [r["source"] for r in response.json()["results"]]
        if (name in sources) == present:
            return time.monotonic(), queries
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{name} {'never appeared' if present else 'never went away'}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chroma-url")
    parser.add_argument("--knowledge-db-url")
    parser.add_argument("--database-url")
    options = parser.parse_args()

    base = sorted(CORPUS.glob("*.txt")) or sorted((REPO / "knowledge").glob("*.md"))
    tmp = Path(tempfile.mkdtemp(prefix="arena-visibility-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ARENA_")},
        "ARENA_DATA_DIR": str(tmp / "data"),
        "ARENA_LLM": "extractive",
        "ANONYMIZED_TELEMETRY": "False",
        "CHAINLIT_TELEMETRY": "false",
        "HF_HUB_OFFLINE": "1",
    }
    for flag, key in (
        ("chroma_url", "ARENA_CHROMA_URL"),
        ("knowledge_db_url", "ARENA_KNOWLEDGE_DB_URL"),
        ("database_url", "ARENA_DATABASE_URL"),
    ):
        if getattr(options, flag):
            env[key] = getattr(options, flag)
    try:
        arena(env, "users", "add", "bench@arena.no", "--name", "Bench", "--role", "coordinator")
        token = arena(env, "users", "token", "bench@arena.no").strip().splitlines()[-1]
        arena(env, "ingest", *map(str, base))
        chunks = json.loads(arena(env, "sources", "--json"))["documents"]
        base_chunks = sum(d["chunk_count"] for d in chunks)
        visible, gone, ingest_seconds, first_query_ms = [], [], [], []
        served_after_remove = 0
        headers = {"Authorization": f"Bearer {token}"}
        with (
            serving(env, options.workers) as url,
            httpx.Client(timeout=60, headers=headers) as client,
        ):
            for _ in range(4 * options.workers):  # every worker loads its model and index
                client.get(f"{url}/api/v1/search", params={"q": "tillit"}).raise_for_status()
            for n in range(options.rounds):
                word = f"kvasarmølla{n}"
                name = f"ny-sak-{n}.md"
                path = tmp / name
                path.write_text(
                    f"# Ny sak {n}\n\nPartnerne møtes ved {word} for å planlegge neste steg.\n",
                    encoding="utf-8",
                )
                started = time.monotonic()
                arena(env, "ingest", str(path))
                returned = time.monotonic()
                found, queries = poll(client, url, word, name, present=True)
                ingest_seconds.append(returned - started)
                visible.append(found - returned)
                if queries == 1:
                    first_query_ms.append((found - returned) * 1000)
                arena(env, "remove", name)
                removed = time.monotonic()
                ended, queries = poll(client, url, word, name, present=False)
                gone.append(ended - removed)
                served_after_remove += queries - 1  # answers that still had the document
                print(f"round {n}: visible after {visible[-1]:.3f} s, gone after {gone[-1]:.3f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def summary(values: list[float]) -> dict[str, float]:
        array = np.asarray(values)
        return {
            "p50_s": round(float(np.percentile(array, 50)), 3),
            "max_s": round(float(array.max()), 3),
        }

    figures = {
        "settings": {
            "workers": options.workers,
            "dense": "chroma server" if options.chroma_url else "embedded",
            "store": "postgresql" if options.knowledge_db_url else "sqlite",
            "model": "e5 (default)",
            "base_chunks": base_chunks,
            "rounds": options.rounds,
            "poll_interval_s": POLL_SECONDS,
        },
        "cli_ingest_wall_s": summary(ingest_seconds),
        "visible_after_ingest_returned": summary(visible),
        "first_query_found_it": f"{len(first_query_ms)} of {options.rounds}",
        "gone_after_remove_returned": summary(gone),
        "answers_with_the_document_after_remove_returned": served_after_remove,
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    save("ingest-visibility", figures)


if __name__ == "__main__":
    main()
