"""Shared fixtures: offline environment, temporary settings, services with fake backends."""

from __future__ import annotations

import os

# Before anything imports transformers, chromadb or chainlit: offline and silent.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["CHAINLIT_TELEMETRY"] = "false"
os.environ["DO_NOT_TRACK"] = "1"

from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.config import Settings
from assistant.services import Services, build_services

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
DEV_QUESTIONS = SHARED / "eval" / "dev.jsonl"


@pytest.fixture(autouse=True)
def _no_arena_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's ARENA_* variables must not leak into tests."""
    for key in list(os.environ):
        if key.startswith("ARENA_"):
            monkeypatch.delenv(key)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data")  # type: ignore[call-arg]


@pytest.fixture
def fake_services(settings: Settings) -> Iterator[Services]:
    """Services whose embedding model is a deterministic fake (no model load)."""
    services = build_services(settings, base_embeddings=DeterministicFakeEmbedding(size=64))
    yield services
    services.store.engine.dispose()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_services(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Services:
    """The shared corpus ingested once per run with the default (real, bundled) model."""
    data_dir = tmp_path_factory.mktemp("corpus-data")
    services = build_services(Settings(_env_file=None, data_dir=data_dir))  # type: ignore[call-arg]
    report = services.indexer.ingest(sorted(corpus_dir.glob("*.txt")))
    assert report.ok, report.failed
    return services
