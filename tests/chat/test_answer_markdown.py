"""How the chat shows an answer's citations: source, location, provenance, quote and passage."""

from __future__ import annotations

from assistant.answers.citations import Citation
from assistant.chat.answer_markdown import citation_panel


def _citation(**provenance: str) -> Citation:
    return Citation(
        n=1,
        source="verdikompass.md",
        location="Tillit",
        quote="Tillit bygges med åpenhet",
        passage="Tillit bygges med åpenhet om egne interesser.",
        **provenance,
    )


def test_the_panel_shows_what_a_section_restates_in_the_question_language() -> None:
    cited = _citation(
        provenance="Gjengitt fra: H2B Open, Health2B, 5. juni 2025, lysark 5",
        provenance_en="Restated from: H2B Open, Health2B, 5 June 2025, slide 5",
    )

    norwegian = citation_panel(cited, "no")
    english = citation_panel(cited, "en")

    assert "*Gjengitt fra: H2B Open, Health2B, 5. juni 2025, lysark 5*" in norwegian
    assert "*Restated from: H2B Open, Health2B, 5 June 2025, slide 5*" in english
    assert english.index("Restated from") < english.index("> Tillit bygges")


def test_a_document_without_provenance_shows_no_provenance_line() -> None:
    panel = citation_panel(_citation(), "no")

    assert panel.startswith("**verdikompass.md** · Tillit\n\n> Tillit bygges")
    assert "Gjengitt" not in panel
    assert "None" not in panel
