"""The word tests that findings and compass signals share."""

from __future__ import annotations

from assistant.briefs.model import SectionId
from assistant.briefs.wording import keyword_hits, own_text
from tests.briefs.builders import make_brief, make_facts


def test_keywords_are_stems_and_short_stems_take_short_endings_only() -> None:
    text = "Syntetiske data ble prøvd tidligere; nå er tiden inne for en inkluderende prosess."
    assert keyword_hits(["syn", "tid", "inkluder", "prosess"], text) == [
        "tiden",
        "inkluderende",
        "prosess",
    ]


def test_keywords_match_across_case_and_phrases() -> None:
    assert keyword_hits(["ways of working"], "New Ways of Working in the ward") == [
        "ways of working"
    ]


def test_own_text_is_the_input_and_input_paragraphs_only() -> None:
    facts = make_facts(scope="Innenfor: hjemmeoppfølging.")
    brief = make_brief(facts)
    assert own_text(brief, facts, SectionId.scope) == "Innenfor: hjemmeoppfølging."
    # The participation section is template text: not the facilitator's own words.
    assert own_text(brief, facts, SectionId.participation) == ""
