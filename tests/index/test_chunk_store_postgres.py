"""The chunk store on PostgreSQL: the same ingest, replace and remove as on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.config import Settings
from assistant.index.store import ChunkStore
from assistant.services import Services, build_services
from tests.registry.conftest import _fresh_schema, _require_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_services(settings: Settings) -> Iterator[Services]:
    with _fresh_schema(_require_postgres()) as engine:
        services = build_services(
            settings, store=ChunkStore(engine), base_embeddings=DeterministicFakeEmbedding(size=16)
        )
        yield services


def test_ingest_replace_remove_on_postgres(pg_services: Services, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    note = docs / "notat.md"
    note.write_text("# Tillit\n\nVi deler interesser åpent.\n\n## Likeverd\n\nAlle blir hørt.\n")
    (docs / "tom.txt").write_text("")

    first = pg_services.indexer.ingest([docs])
    again = pg_services.indexer.ingest([docs])

    assert first.added == ["notat.md"]
    assert [Path(path).name for path, _ in first.failed] == ["tom.txt"]
    assert again.unchanged == ["notat.md"]
    ids = pg_services.store.chunk_ids()
    assert ids == pg_services.vector_store.ids() == set(pg_services.keyword_index.ids)
    chunk = next(pg_services.store.iter_chunks())
    from assistant.index.chunks import content_hash

    cached = pg_services.store.cached_vectors(
        pg_services.embeddings.model_id, [content_hash(chunk.index_text)]
    )
    assert len(cached) == 1  # vectors survive in bytea and come back as float32
    assert [f.source for f in pg_services.store.failures()] == ["tom.txt"]

    note.write_text("# Tillit\n\nVi deler alle interesser åpent og straks.\n")
    pg_services.indexer.ingest([note])
    assert pg_services.store.chunk_ids().isdisjoint(ids)
    assert pg_services.store.chunk_ids() == pg_services.vector_store.ids()

    pg_services.indexer.remove("notat.md")
    assert pg_services.store.chunk_ids() == set()
    assert pg_services.vector_store.ids() == set()
    assert pg_services.store.revision() >= 3
