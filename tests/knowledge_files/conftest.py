"""The starter knowledge files in knowledge/, read through the real loader and cleaner."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cleaning import clean_blocks
from ingest.document import LoadedDocument
from ingest.loaders import load_file

REPO = Path(__file__).resolve().parents[2]
KNOWLEDGE = REPO / "knowledge"
KNOWLEDGE_FILES = sorted(KNOWLEDGE.glob("*.md"))
# The shared corpus the knowledge restates, beside the repository (see ../shared/corpus/README.md).
CORPUS = REPO.parent / "shared" / "corpus"


def load_knowledge(path: Path) -> LoadedDocument:
    """A knowledge file as ingestion sees it: loaded, then cleaned."""
    document = load_file(path, max_bytes=10_000_000)
    document.blocks = clean_blocks(document.blocks)
    return document


@pytest.fixture(scope="session")
def corpus_texts() -> dict[str, str]:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}: cannot compare against the sources")
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}
    if not texts:
        pytest.skip(f"no corpus .txt files in {CORPUS}")
    return texts
