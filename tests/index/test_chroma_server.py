"""ARENA_CHROMA_URL: the same ingest and search against a real `chroma run` on localhost."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.config import Settings
from assistant.index.access import Viewer
from assistant.services import build_services

# These tests rank arena-wide documents, which every reader sees.
ANYONE = Viewer.anonymous()

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    executable = shutil.which("chroma", path=str(Path(sys.executable).parent))
    if executable is None:
        pytest.fail("the chroma CLI is not installed beside this Python")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    process = subprocess.Popen(
        [executable, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("chroma run did not answer within 30 s")
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_ingest_search_remove_through_a_chroma_server(chroma_url: str, tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", chroma_url=chroma_url)  # type: ignore[call-arg]
    services = build_services(settings, base_embeddings=DeterministicFakeEmbedding(size=32))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "tillit.md").write_text(
        "# Tillit\n\nPartnerne deler åpent hvilke interesser de har i en sak.\n", encoding="utf-8"
    )
    (docs / "samskaping.md").write_text(
        "# Samskaping\n\nBrukere og ansatte utvikler løsningene sammen i verksteder.\n",
        encoding="utf-8",
    )

    report = services.indexer.ingest([docs])

    assert report.ok
    assert len(report.added) == 2
    # The vectors live in the server, not in a local Chroma folder.
    assert not (settings.data_dir / "chroma").exists()
    assert services.vector_store.ids() == services.store.chunk_ids()
    top = services.retriever.search("verksteder sammen", k=1, mode="keyword", viewer=ANYONE)[0]
    assert top.source == "samskaping.md"
    assert services.retriever.search("verksteder", k=2, mode="dense", viewer=ANYONE)

    services.indexer.remove("samskaping.md")
    assert services.vector_store.ids() == services.store.chunk_ids()
    assert len(services.vector_store.ids()) == 1

    # A second process (another app worker) sees the same vectors through the server.
    other = build_services(settings, base_embeddings=DeterministicFakeEmbedding(size=32))
    assert other.vector_store.ids() == services.store.chunk_ids()


def test_bad_chroma_url_is_a_clear_error(tmp_path: Path) -> None:
    from assistant.errors import ConfigError

    settings = Settings(_env_file=None, data_dir=tmp_path, chroma_url="not a url")  # type: ignore[call-arg]
    with pytest.raises(ConfigError, match="ARENA_CHROMA_URL"):
        build_services(settings).vector_store  # noqa: B018
