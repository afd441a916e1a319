"""The chat under load: concurrent sessions over Chainlit's real Socket.IO protocol.

Ingests the starter knowledge and the shared corpus into a fresh data folder, starts a real
`arena serve` (one worker, the shipped settings: extractive answers, sign-in on, so every
conversation is stored in the registry's database) and connects N signed-in
websocket clients as the browser does (`connect` with sessionId and clientType, then
`connection_successful`). Each session asks 3 distinct dev questions in turn (`client_message`)
and times, per answer, the first visible text (`stream_token`, or a message with text) and the
full answer (the last message with text before `task_end`). An answer is lost when no text
comes within the timeout, or the text is an error. Scenarios:

- cold: 20 sessions at once on a server started right after the ingest, no warm-up question;
- cold-44: 44 sessions the same way, on a second copy of the freshly ingested folder;
- warm: the cold folder served again, one warm-up question, then 1 session, then 20.

All sessions sign in as the first coordinator (ARENA_ADMIN_EMAIL/PASSWORD below); `--no-login`
serves with ARENA_CHAT_LOGIN=false (anonymous, nothing stored) for comparison.

Server CPU per answer (from /proc) is compared with the chain's own CPU per answer, measured
in this process on the same index, to show what Chainlit costs. Run on demand:

    .venv/bin/python bench/chat_load.py [--timeout 30] [--workers 1]
    .venv/bin/python bench/chat_load.py --code /tmp/main-checkout --label before

Writes JSON and a short Markdown summary to bench/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
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
from typing import Any

import httpx
import numpy as np
from chainlit_client import PER_SESSION, run_sessions

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
QUESTIONS = REPO.parent / "shared" / "eval" / "dev.jsonl"
RESULTS = REPO / "bench" / "results"
ARENA = str(Path(sys.executable).with_name("arena"))
WARM_UP = "Hva er arenaen?"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# The checkout whose code the server runs (--code): this one, or another to compare with.
CODE = REPO


ADMIN = ("load@arena.example", "load-bench-password-1")
LOGIN = True  # set from --no-login


def environment(data_dir: Path) -> dict[str, str]:
    """The shipped settings on a data folder of its own; this checkout's code first."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ARENA_", "CHAINLIT_AUTH"))},
        "ARENA_DATA_DIR": str(data_dir),
        "ARENA_CHAT_LOGIN": "true" if LOGIN else "false",
        "ARENA_ADMIN_EMAIL": ADMIN[0],
        "ARENA_ADMIN_PASSWORD": ADMIN[1],
        "PYTHONPATH": str(CODE),
        "ANONYMIZED_TELEMETRY": "False",
        "CHAINLIT_TELEMETRY": "false",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }


def ingest(data_dir: Path) -> dict[str, Any]:
    """`arena ingest` of the starter knowledge and the corpus; its time and what it stored."""
    files = [REPO / "knowledge", *sorted(CORPUS.glob("*.txt"))]
    started = time.perf_counter()
    done = subprocess.run(
        [ARENA, "ingest", *map(str, files)],
        env=environment(data_dir),
        cwd=CODE,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"arena ingest failed:\n{done.stderr[-3000:]}")
    import sqlite3

    with sqlite3.connect(data_dir / "knowledge.sqlite3") as db:
        chunks = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
        vectors = db.execute("SELECT count(*) FROM embedding_cache").fetchone()[0]
    return {"seconds": round(seconds, 1), "chunks": chunks, "cached_vectors": vectors}


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process and its threads so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@contextmanager
def serving(data_dir: Path, workers: int, log: Path) -> Iterator[tuple[str, int]]:
    """A real `arena serve` on a free port until the block ends: its URL and process id."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [ARENA, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", f"{workers}"],
            env=environment(data_dir),
            cwd=CODE,
            stdout=sink,
            stderr=sink,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"arena serve exited: see {log}")
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise TimeoutError("arena serve did not start")
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def summary(answers: list[dict[str, Any]], cpu: float) -> dict[str, Any]:
    """Percentiles of the kept answers, the lost ones, throughput and server CPU per answer."""
    kept = [a for a in answers if not a["lost"]]

    def pct(key: str, q: float) -> float | None:
        values = [a[key] for a in kept if a[key] is not None]
        return round(float(np.percentile(values, q)), 3) if values else None

    span = max(a["finished_at"] for a in kept) - min(a["sent_at"] for a in answers) if kept else 0
    return {
        "answers": len(answers),
        "lost": len(answers) - len(kept),
        "lost_reasons": sorted({a["reason"] for a in answers if a["lost"]}),
        "first_visible_p50_s": pct("first_visible_s", 50),
        "first_visible_p95_s": pct("first_visible_s", 95),
        "full_answer_p50_s": pct("full_answer_s", 50),
        "full_answer_p95_s": pct("full_answer_s", 95),
        "full_answer_max_s": pct("full_answer_s", 100),
        "answers_per_second": round(len(kept) / span, 1) if span else None,
        "server_cpu_ms_per_answer": round(1000 * cpu / max(1, len(answers)), 1),
    }


def sign_in(url: str) -> str | None:
    """The access token of the bench's coordinator, or None when the chat has no sign-in."""
    if not LOGIN:
        return None
    response = httpx.post(f"{url}/login", data={"username": ADMIN[0], "password": ADMIN[1]})
    response.raise_for_status()
    return str(response.cookies["access_token"])


def scenario(url: str, pid: int, questions: list[str], sessions: int, offset: int, timeout: float):
    before = cpu_seconds(pid)
    token = sign_in(url)
    answers = asyncio.run(run_sessions(url, questions, sessions, offset, timeout, token))
    figures = summary(answers, cpu_seconds(pid) - before)
    print(f"{sessions} sessions: {json.dumps(figures)}", flush=True)
    return figures, answers


def chain_cost(data_dir: Path, questions: list[str]) -> dict[str, float]:
    """The chain alone on the same index, warm, in a process of its own running `CODE`."""
    done = subprocess.run(
        [sys.executable, __file__, "--chain-cost", str(data_dir), "--code", str(CODE)],
        input="\n".join(questions),
        env=environment(data_dir),
        cwd=CODE,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"measuring the chain failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_chain(questions: list[str]) -> dict[str, float]:
    """CPU and wall time per answer of the chain alone, and what the model alone allows.

    The model's ceiling: the questions embedded by six threads at once (as many as the
    server's default thread pool on two cores), in questions a second; every answer embeds
    its question, so no number of sessions gets more answers a second than this.
    """
    from concurrent.futures import ThreadPoolExecutor

    from assistant.config import Settings
    from assistant.index.access import Viewer
    from assistant.services import build_services

    services = build_services(Settings())  # type: ignore[call-arg]
    chain = services.answer_chain()
    viewer = Viewer.anonymous()
    chain.invoke(WARM_UP, viewer=viewer)
    cpu, wall = [], []
    for question in questions:
        c, w = time.process_time(), time.perf_counter()
        chain.invoke(question, viewer=viewer)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    model = services.base_embeddings
    started, c = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(model.embed_query, questions))
    seconds, model_cpu = time.perf_counter() - started, time.process_time() - c
    return {
        "answers": len(questions),
        "cpu_ms_per_answer": round(1000 * float(np.mean(cpu)), 1),
        "wall_ms_p50": round(1000 * float(np.percentile(wall, 50)), 1),
        "wall_ms_p95": round(1000 * float(np.percentile(wall, 95)), 1),
        "question_embedding_cpu_ms": round(1000 * model_cpu / len(questions), 1),
        "question_embeddings_per_second": round(len(questions) / seconds, 1),
    }


def git_commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=CODE, capture_output=True, text=True).stdout

    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "-uno").strip() else ""
    return git("rev-parse", "--short", "HEAD").strip() + dirty


def markdown(payload: dict[str, Any]) -> str:
    rows = [
        "| situation | first visible p50 / p95 | full answer p50 / p95 (max) | answers/s | lost "
        "| server CPU / answer |",
        "|---|---|---|---|---|---|",
    ]
    for name, f in payload["scenarios"].items():
        rows.append(
            f"| {name} | {f['first_visible_p50_s']} / {f['first_visible_p95_s']} s "
            f"| {f['full_answer_p50_s']} / {f['full_answer_p95_s']} ({f['full_answer_max_s']}) s "
            f"| {f['answers_per_second']} | {f['lost']} of {f['answers']} "
            f"| {f['server_cpu_ms_per_answer']} ms |"
        )
    chain = payload["chain_alone"]
    machine = payload["machine"]
    return "\n".join(
        [
            f"# Chat under load, {payload['date']}",
            "",
            f"Commit {payload['commit']}; {machine['cpus']} cores ({machine['platform']}); "
            f"load average {machine['load_before']} before, {machine['load_after']} after"
            + (" (the machine was shared with other jobs)" if machine["shared"] else "")
            + ".",
            f"One `arena serve` worker ({payload['settings']['workers']}), shipped settings "
            f"(extractive answers, {'signed in, conversations stored' if payload['settings']['login'] else 'no login'}), websocket transport; "
            f"{PER_SESSION} distinct dev questions per session, answer timeout "
            f"{payload['settings']['timeout_s']} s. Ingest of knowledge/ and the corpus: "
            f"{payload['ingest']['seconds']} s, {payload['ingest']['chunks']} chunks, "
            f"{payload['ingest']['cached_vectors']} cached vectors (chunks and answer units).",
            "",
            *rows,
            "",
            f"The chain alone (same index, warm, one question at a time): "
            f"{chain['cpu_ms_per_answer']} ms CPU per answer, wall p50 {chain['wall_ms_p50']} ms; "
            "the server's CPU per answer beyond that is what Chainlit, Socket.IO and the web "
            "stack cost. The question's embedding alone takes "
            f"{chain.get('question_embedding_cpu_ms')} ms CPU; six threads embed "
            f"{chain.get('question_embeddings_per_second')} questions a second, the most answers "
            "a second any number of sessions can get.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="Seconds before a loss.")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--many", type=int, default=44)
    parser.add_argument("--note", default="", help="A remark kept with the results.")
    parser.add_argument("--code", type=Path, default=REPO, help="Checkout to serve.")
    parser.add_argument("--label", default="", help="Name of the results (e.g. 'before').")
    parser.add_argument("--no-login", action="store_true", help="Serve without sign-in.")
    parser.add_argument("--chain-cost", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    global CODE, LOGIN
    CODE = options.code.resolve()
    LOGIN = not options.no_login
    if options.chain_cost:  # the child process of `chain_cost`
        print(json.dumps(measure_chain(sys.stdin.read().splitlines())))
        return
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text().splitlines()]
    load_before = round(os.getloadavg()[0], 2)
    tmp = Path(tempfile.mkdtemp(prefix="arena-chat-load-"))
    log = tmp / "server.log"
    scenarios: dict[str, dict[str, Any]] = {}
    answers: dict[str, list[dict[str, Any]]] = {}
    try:
        cold, many = tmp / "cold", tmp / "many"
        ingested = ingest(cold)
        print(f"ingest: {ingested}", flush=True)
        # A copy made before any server touched it is the same folder right after an ingest.
        shutil.copytree(cold, many)
        n, s = options.sessions, options.many
        with serving(cold, options.workers, log) as (url, pid):
            scenarios[f"{n} sessions, right after ingest"], answers["cold"] = scenario(
                url, pid, questions, n, 0, options.timeout
            )
        with serving(many, options.workers, log) as (url, pid):
            scenarios[f"{s} sessions, right after ingest"], answers["many"] = scenario(
                url, pid, questions, s, 0, options.timeout
            )
        with serving(cold, options.workers, log) as (url, pid):
            asyncio.run(run_sessions(url, [WARM_UP], 1, 0, options.timeout, sign_in(url)))
            scenarios["1 session, warm"], answers["one"] = scenario(
                url, pid, questions, 1, n * PER_SESSION, options.timeout
            )
            scenarios[f"{n} sessions, warm"], answers["warm"] = scenario(
                url, pid, questions, n, 0, options.timeout
            )
        chain = chain_cost(cold, questions[: n * PER_SESSION])
        errors = log.read_text(errors="replace").count("Traceback")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load_after = round(os.getloadavg()[0], 2)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload: dict[str, Any] = {
        "benchmark": "chat-load",
        "date": stamp,
        "commit": git_commit() or options.label,
        "code": str(CODE),
        "label": options.label,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_before": load_before,
            "load_after": load_after,
            # More than this script and its server running: others' jobs share the cores.
            "shared": max(load_before, load_after) > 1.5,
        },
        "settings": {
            "workers": options.workers,
            "timeout_s": options.timeout,
            "questions_per_session": PER_SESSION,
            "transport": "websocket",
            "llm": "extractive",
            "login": LOGIN,
        },
        "note": options.note,
        "ingest": ingested,
        "scenarios": scenarios,
        "chain_alone": chain,
        "server_tracebacks": errors,
        "answers": answers,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    suffix = f"-{options.label}" if options.label else ""
    path = RESULTS / f"chat-load-{stamp}{suffix}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    path.with_suffix(".md").write_text(markdown(payload), encoding="utf-8")
    print(f"wrote {path} and {path.with_suffix('.md').name}")


if __name__ == "__main__":
    main()
