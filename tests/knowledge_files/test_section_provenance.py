"""Every section of every starter-knowledge file says where it comes from (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.provenance import INTRO_KEY, PRACTICE, parse_provenance, parse_sources
from tests.knowledge_files.conftest import KNOWLEDGE_FILES, load_knowledge

_SECTION = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.MULTILINE)


def test_there_is_starter_knowledge() -> None:
    assert len(KNOWLEDGE_FILES) >= 5


@pytest.mark.parametrize("path", KNOWLEDGE_FILES, ids=lambda p: p.name)
def test_every_section_states_its_provenance(path: Path) -> None:
    document = load_knowledge(path)

    missing = [b.heading for b in document.blocks if b.provenance is None]

    assert document.blocks
    assert not missing, f"{path.name}: sections without provenance in the front matter: {missing}"


@pytest.mark.parametrize("path", KNOWLEDGE_FILES, ids=lambda p: p.name)
def test_every_chunk_carries_a_provenance_label(path: Path) -> None:
    document = load_knowledge(path)

    chunks = chunk_document(document, 700, 100, "arena", "2025-06-05T00:00:00+00:00")

    for chunk in chunks:
        label = chunk.metadata.get("provenance", "")
        assert str(label).startswith(("Gjengitt fra: ", "Arenaens egen praksis")), chunk.heading
        assert str(chunk.metadata.get("provenance_en", "")).startswith(
            ("Restated from: ", "Arena practice")
        )


@pytest.mark.parametrize("path", KNOWLEDGE_FILES, ids=lambda p: p.name)
def test_provenance_names_only_real_sections_and_every_declared_source_is_used(
    path: Path,
) -> None:
    document = load_knowledge(path)
    provenance = parse_provenance(document.metadata)
    body = path.read_text(encoding="utf-8").split("\n---", 1)[1]
    sections = {INTRO_KEY, *_SECTION.findall(body)}

    assert not set(provenance) - sections, "provenance for headings the file does not have"
    used = {ref.document.id for p in provenance.values() for ref in p.refs}
    assert used == set(parse_sources(document.metadata)), "a declared source is never cited"


@pytest.mark.parametrize("path", KNOWLEDGE_FILES, ids=lambda p: p.name)
def test_practice_sections_say_so_in_their_text(path: Path) -> None:
    """A reader without the metadata must still see that a section is the arena's own practice."""
    document = load_knowledge(path)
    marker = re.compile(r"arbeidspraksis|arenaens (?:egne råd|praksis)", re.IGNORECASE)

    for block in document.blocks:
        if block.provenance == PRACTICE:
            assert marker.search(f"{block.heading}\n{block.text[:200]}"), block.heading
