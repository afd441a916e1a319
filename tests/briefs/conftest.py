"""Brief service fixtures: the registry's world on SQLite and PostgreSQL, a small knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from sqlalchemy.engine import Engine

from assistant.config import Settings
from assistant.services import Services, build_services
from tests.answers.conftest import DOCUMENTS
from tests.conftest import REPO
from tests.registry.conftest import (  # noqa: F401  (fixtures, found by name)
    World,
    db_kind,
    pg_engine,
    pg_run_engine,
    session,
)
from tests.registry.conftest import engine as engine
from tests.registry.conftest import world as world


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Fake embeddings carry no meaning: answers and evidence are found by their words."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path / "data",
        answer_unit_embeddings=False,
        knowledge_dir=REPO / "knowledge",
    )


@pytest.fixture
def brief_services(settings: Settings, engine: Engine, tmp_path: Path, world: World) -> Services:
    """Services on the registry's world, with four small documents ingested for the arena."""
    services = build_services(
        settings, engine=engine, base_embeddings=DeterministicFakeEmbedding(size=64)
    )
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = services.indexer.ingest(sorted(folder.glob("*.txt")))
    assert report.ok, report.failed
    return services
