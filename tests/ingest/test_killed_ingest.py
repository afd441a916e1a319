"""A real ingest process killed with SIGKILL between the store's commit and Chroma's update."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.config import Settings
from assistant.index.access import Viewer
from assistant.services import build_services

# These tests rank arena-wide documents, which every reader sees.
ANYONE = Viewer.anonymous()

REPO = Path(__file__).resolve().parents[2]

# The child ingests with the fake embedding; on the third document its Chroma upsert announces
# itself and hangs, so the parent kills it with the store one document ahead of Chroma.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from langchain_core.embeddings import DeterministicFakeEmbedding
    from assistant.config import Settings
    from assistant.services import build_services

    data, folder, marker = map(Path, sys.argv[1:4])
    services = build_services(
        Settings(_env_file=None, data_dir=data),
        base_embeddings=DeterministicFakeEmbedding(size=64),
    )
    real_upsert = services.vector_store.upsert
    calls = []

    def upsert(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            marker.write_text("in the window")
            time.sleep(600)
        return real_upsert(*args, **kwargs)

    services.vector_store.upsert = upsert
    services.indexer.ingest([folder])
    """
)


def test_sigkill_mid_ingest_leaves_indexes_that_sync_repairs(tmp_path: Path) -> None:
    folder = tmp_path / "kunnskap"
    folder.mkdir()
    for i in range(5):
        (folder / f"notat{i}.md").write_text(f"# Notat {i}\n\nTekst om tema nummer {i}.\n")
    data, marker = tmp_path / "data", tmp_path / "marker"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data), str(folder), str(marker)],
        cwd=REPO,
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
            assert time.monotonic() < deadline, "the child never reached the window"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    services = build_services(
        Settings(_env_file=None, data_dir=data), base_embeddings=DeterministicFakeEmbedding(size=64)
    )
    store_ids = services.store.chunk_ids()
    assert len(services.store.documents()) == 3  # the third committed before the kill
    assert services.vector_store.ids() < store_ids  # Chroma is a document behind

    results = services.retriever.search(
        "Notat 2", k=5, mode="keyword", viewer=ANYONE
    )  # syncs first

    assert services.vector_store.ids() == store_ids
    assert sorted(services.keyword_index.ids) == sorted(store_ids)
    assert "notat2.md" in {r.source for r in results}
    report = services.indexer.ingest([folder])
    assert sorted(report.added) == ["notat3.md", "notat4.md"]
    assert sorted(report.unchanged) == ["notat0.md", "notat1.md", "notat2.md"]
    assert services.vector_store.ids() == services.store.chunk_ids()
    services.store.engine.dispose()
