"""`arena ingest` and `arena remove` in a second process while `arena serve` answers searches."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.index.test_chroma_server import chroma_url  # noqa: F401  (the `chroma run` fixture)
from tests.registry.conftest import _fresh_schema, _require_postgres
from tests.servers import ARENA, REPO, running_arena

pytestmark = [pytest.mark.server, pytest.mark.slow]

# A made-up word: only the new document can match it, by BM25 and by meaning alike.
WORD = "kvasarmølla"
NEW_NAME = "ny-sak.md"
BASE = (
    "# Grunnlag\n\nArenaen samler sykehus, kommuner og bedrifter om tillit og åpenhet. "
    "Partnerne deler interesser før de går inn i en aktivitet.\n"
)
NEW = (
    f"# Ny sak\n\nPartnerne møtes ved {WORD} for å planlegge neste steg. "
    f"Møtet ved {WORD} er åpent for alle partnere i arenaen.\n"
)
# From `arena ingest` returning to the first search that finds the document.
VISIBLE_WITHIN_SECONDS = 5.0


@dataclass
class Probe:
    """One search the poller made: when it started and ended, its status and sources."""

    started: float
    ended: float
    status: int
    sources: list[str] = field(default_factory=list)
    body: str = ""


class Poller(threading.Thread):
    """Searches the running server for WORD in a loop until stopped, recording every answer."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.headers = {"Authorization": f"Bearer {token}"}
        self.probes: list[Probe] = []
        self.stopped = threading.Event()
        self.errors: list[str] = []

    def run(self) -> None:
        with httpx.Client(timeout=30) as client:
            while not self.stopped.is_set():
                started = time.monotonic()
                try:
                    response = client.get(
                        f"{self.url}/api/v1/search",
                        params={"q": f"Hva skjer ved {WORD}?", "k": 5},
                        headers=self.headers,
                    )
                except httpx.HTTPError as exc:
                    self.errors.append(repr(exc))
                    continue
                ended = time.monotonic()
                sources = []
                if response.status_code == 200:
                    sources = [r["source"] for r in response.json()["results"]]
                self.probes.append(
                    Probe(started, ended, response.status_code, sources, response.text[:500])
                )
                time.sleep(0.05)

    def wait_for(self, seen: bool, after: float, timeout: float) -> Probe | None:
        """The first probe started after `after` whose answer has (or lacks) the new document."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for probe in list(self.probes):
                if (
                    probe.started >= after
                    and probe.status == 200
                    and (NEW_NAME in probe.sources) == seen
                ):
                    return probe
            time.sleep(0.05)
        return None


def _arena(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(ARENA), *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-2000:]
    return done.stdout


def _coordinator_token(env: dict[str, str]) -> str:
    """A coordinator (who may read every document) and their API token."""
    _arena(env, "users", "add", "ola@arena.no", "--name", "Ola K", "--role", "coordinator")
    return _arena(env, "users", "token", "ola@arena.no").strip().splitlines()[-1]


def _cli_sources(env: dict[str, str]) -> list[str]:
    """The sources `arena search` (a third process, while the server runs) finds for WORD."""
    out = _arena(env, "search", f"Hva skjer ved {WORD}?", "--json")
    return [r["source"] for r in json.loads(out)["results"]]


def _base_env(root: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("ARENA_")},
        "ARENA_DATA_DIR": str(root / "data"),
        "ARENA_LLM": "extractive",
        "CHAINLIT_TELEMETRY": "false",
        "HF_HUB_OFFLINE": "1",
    }


def ingest_and_remove_during_queries(env: dict[str, str], root: Path, workers: int) -> None:
    """Serve, query in a loop, ingest and remove through other processes, and check that no
    answer failed, the new document was found soon after `arena ingest` returned, and that
    no search started after `arena remove` returned found it."""
    docs = root / "docs"
    docs.mkdir()
    (docs / "grunnlag.md").write_text(BASE, encoding="utf-8")
    (docs / NEW_NAME).write_text(NEW, encoding="utf-8")
    token = _coordinator_token(env)
    _arena(env, "ingest", str(docs / "grunnlag.md"))

    args = ("--workers", str(workers))
    with running_arena("serve", env, args=args, timeout=180) as url:
        poller = Poller(url, token)
        poller.start()
        try:
            # Every worker answers (and owns or copies the dense index) before the writes.
            assert poller.wait_for(seen=False, after=0, timeout=120), poller.errors
            time.sleep(2)

            _arena(env, "ingest", str(docs / NEW_NAME))
            ingested = time.monotonic()
            found = poller.wait_for(seen=True, after=ingested, timeout=30)
            assert found is not None, "the server never found the newly ingested document"
            assert NEW_NAME in _cli_sources(env)

            _arena(env, "remove", NEW_NAME)
            removed = time.monotonic()
            time.sleep(4)
            assert NEW_NAME not in _cli_sources(env)
            time.sleep(1)
        finally:
            poller.stopped.set()
            poller.join(timeout=40)

    failures = [p for p in poller.probes if p.status != 200]
    assert not poller.errors, poller.errors[:3]
    assert not failures, [(p.status, p.body) for p in failures[:3]]
    after_remove = [p for p in poller.probes if p.started >= removed]
    assert len(after_remove) >= 10
    assert all(NEW_NAME not in p.sources for p in after_remove)
    # Retrieval is hybrid: the base document may come back too, but never in first place.
    assert found.sources[0] == NEW_NAME
    delay = found.ended - ingested
    assert delay < VISIBLE_WITHIN_SECONDS, f"found {delay:.1f} s after ingest finished"


@pytest.mark.parametrize("workers", [1, 2])
def test_ingest_and_remove_while_serving_on_the_embedded_default(
    tmp_path: Path, workers: int
) -> None:
    env = _base_env(tmp_path)
    ingest_and_remove_during_queries(env, tmp_path, workers)


@pytest.fixture
def postgres_urls() -> Iterator[tuple[str, str]]:
    """Two fresh PostgreSQL schemas (chunk store, registry) as URLs other processes can open."""
    url = _require_postgres()
    with _fresh_schema(url) as knowledge, _fresh_schema(url) as registry:
        urls = []
        for engine in (knowledge, registry):
            with engine.connect() as connection:
                schema = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
            urls.append(f"{url}?options=-csearch_path%3D{schema}")
        yield urls[0], urls[1]


@pytest.mark.postgres
def test_ingest_and_remove_while_two_workers_serve_from_postgres_and_a_chroma_server(
    tmp_path: Path,
    chroma_url: str,  # noqa: F811
    postgres_urls: tuple[str, str],
) -> None:
    env = {
        **_base_env(tmp_path),
        "ARENA_KNOWLEDGE_DB_URL": postgres_urls[0],
        "ARENA_DATABASE_URL": postgres_urls[1],
        "ARENA_CHROMA_URL": chroma_url,
    }
    ingest_and_remove_during_queries(env, tmp_path, workers=2)
    assert not (tmp_path / "data" / "chroma").exists()  # every process used the server
