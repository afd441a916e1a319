"""How the chat shows an answer's sources: one element per answer, under that answer only."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answers.answer import Answer
from assistant.answers.citations import Citation
from assistant.chat.answer_markdown import SOURCES_ELEMENT, citation_item, elements, render
from assistant.index.retrieval import SearchResult

pytestmark = pytest.mark.usefixtures("chainlit_context")
JSX = Path(__file__).resolve().parents[2] / "public" / "elements" / f"{SOURCES_ELEMENT}.jsx"


def _citation(n: int = 1, **provenance: str) -> Citation:
    return Citation(
        n=n,
        source="verdikompass.md",
        location="Tillit",
        quote="Tillit bygges  med åpenhet",
        passage="Tillit bygges med åpenhet om egne interesser.",
        **provenance,
    )


def _answer(question: str, *citations: Citation) -> Answer:
    return Answer(
        question=question,
        text="Tillit bygges med åpenhet. [1]",
        abstained=False,
        mode="extractive",
        model="extractive",
        citations=list(citations),
    )


def test_a_citation_shows_what_a_section_restates_in_the_question_language() -> None:
    cited = _citation(
        provenance="Gjengitt fra: H2B Open, Health2B, 5. juni 2025, lysark 5",
        provenance_en="Restated from: H2B Open, Health2B, 5 June 2025, slide 5",
    )

    assert citation_item(cited, "no")["provenance"].startswith("Gjengitt fra: H2B Open")
    assert citation_item(cited, "en")["provenance"].startswith("Restated from: H2B Open")
    item = citation_item(_citation(), "no")
    assert item == {
        "label": "[1]",
        "source": "verdikompass.md",
        "location": "Tillit",
        "provenance": "",
        "quote": "Tillit bygges med åpenhet",
        "passage": "Tillit bygges med åpenhet om egne interesser.",
    }


def test_each_answer_carries_its_own_sources_element_and_nothing_opens_the_side_panel() -> None:
    first = elements(_answer("Hva er tillit?", _citation(1), _citation(2)))
    second = elements(_answer("What is trust?", _citation(1)))

    for made in (first, second):
        (element,) = made
        assert element.name == SOURCES_ELEMENT
        assert element.display == "inline"  # Chainlit 2.12 opens "side" elements by itself
    assert [i["label"] for i in first[0].props["items"]] == ["[1]", "[2]"]
    assert first[0].props["title"] == "Kilder"
    assert second[0].props["title"] == "Sources"
    assert [i["label"] for i in second[0].props["items"]] == ["[1]"]
    assert first[0].id != second[0].id


def test_an_abstention_lists_its_closest_passages_and_says_they_do_not_answer() -> None:
    closest = SearchResult(
        chunk_id="c1", text="Budsjettet er ikke avklart.", source="plan.md", title="Plan",
        location="Budsjett", score=0.1,
    )  # fmt: skip
    answer = Answer(
        question="Hva koster det?",
        text="Dokumentene sier ikke hva det koster.",
        abstained=True,
        mode="extractive",
        model="extractive",
        closest=[closest],
    )

    (element,) = elements(answer)
    assert element.props["title"].startswith("Nærmeste dokumenter")
    assert element.props["items"][0]["passage"] == "Budsjettet er ikke avklart."
    assert "Ikke dekket av kunnskapsbasen" in render(answer)


def test_an_answer_without_sources_has_no_element() -> None:
    assert elements(_answer("Hva er tillit?")) == []


def test_the_sources_element_renders_text_only() -> None:
    """React escapes text; the element must never hand a passage to an HTML or Markdown sink."""
    jsx = JSX.read_text(encoding="utf-8")
    assert "export default function Sources" in jsx
    assert "dangerouslySetInnerHTML" not in jsx
    assert "innerHTML" not in jsx
    assert "@/components/renderer" not in jsx  # Chainlit's Markdown renderer
    for prop in ("title", "close", "quoteLabel", "passageLabel", "items"):
        assert f"props.{prop}" in jsx
