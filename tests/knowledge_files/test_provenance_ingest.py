"""Provenance survives ingestion: chunk store, retrieval and the citations of an answer."""

from __future__ import annotations

import pytest

from assistant.index.access import Viewer
from assistant.services import Services
from tests.knowledge_files.conftest import KNOWLEDGE, KNOWLEDGE_FILES

# These tests rank arena-wide documents, which every reader sees.
ANYONE = Viewer.anonymous()

SLIDE_5 = (
    "Gjengitt fra: H2B Open: Bedre operasjonsplaner og styring med maskinlæring (lysark), "
    "Health2B, 5. juni 2025, lysark 5"
)
SLIDE_5_EN = (
    "Restated from: H2B Open: Bedre operasjonsplaner og styring med maskinlæring (lysark), "
    "Health2B, 5 June 2025, slide 5"
)
PRACTICE = "Arenaens egen praksis (ingen kilde)"


@pytest.fixture
def knowledge_indexed(fake_services: Services) -> Services:
    report = fake_services.indexer.ingest([KNOWLEDGE])
    assert report.ok, report.failed
    assert len(report.added) == len(KNOWLEDGE_FILES)
    return fake_services


def test_every_stored_chunk_has_provenance_in_both_languages(knowledge_indexed: Services) -> None:
    chunks = list(knowledge_indexed.store.iter_chunks())  # read back from SQL: a JSON round trip

    assert chunks
    for chunk in chunks:
        assert str(chunk.metadata["provenance"]).startswith(("Gjengitt fra: ", PRACTICE))
        assert str(chunk.metadata["provenance_en"]).startswith(("Restated from: ", "Arena"))


def test_restated_and_practice_sections_are_labelled_apart(knowledge_indexed: Services) -> None:
    by_heading = {
        c.heading: c.metadata
        for c in knowledge_indexed.store.iter_chunks()
        if c.source == "verdikompass.md"
    }

    assert by_heading["Tillit"]["provenance"] == SLIDE_5
    assert by_heading["Tillit"]["provenance_en"] == SLIDE_5_EN
    practice = by_heading["Arenaens praksis: slik bruker vi kompasset"]
    assert practice["provenance"] == PRACTICE
    assert practice["provenance_en"] == "Arena practice (no source)"


def test_search_results_and_citations_carry_provenance(knowledge_indexed: Services) -> None:
    results = knowledge_indexed.retriever.search("interessekonflikter flagges", k=3, viewer=ANYONE)
    assert results
    assert all(r.metadata.get("provenance") for r in results)

    reply = knowledge_indexed.answer_chain().invoke(
        "Hva sier verdikompasset om interessekonflikter?",
        viewer=ANYONE,
    )

    assert reply.citations
    for citation in reply.citations:
        assert citation.provenance
        assert citation.provenance_en
        assert citation.provenance.startswith(("Gjengitt fra: ", PRACTICE))
