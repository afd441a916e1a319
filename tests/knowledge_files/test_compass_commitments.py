"""The value compass's commitments match the H2B Open slide one to one (issue 15).

The reference list beside this test (verdikompass_reference.yaml) holds the slide's 22 bullets
by principle, in order. A later compass check reads only principles[].commitments[], so the
arena's own rules must stay in practice_rules.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from ingest.provenance import parse_provenance, parse_sources
from tests.knowledge_files.conftest import KNOWLEDGE, load_knowledge

REFERENCE = Path(__file__).with_name("verdikompass_reference.yaml")
COMPASS = KNOWLEDGE / "verdikompass.md"
SLIDES_FILE = "004_1c46583f65f1d1e1.txt"


def fold(text: str) -> str:
    """Lower case, accents off, hyphenated line breaks joined, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text.replace("\u00ad", ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"(\w)-[ \t]*\n\s*(?=[a-zæø])", r"\1", text)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def compass() -> dict[str, Any]:
    return load_knowledge(COMPASS).metadata


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    return yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [str(item["id"]) for item in items]


def commitments(principles: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(str(p["id"]), c) for p in principles for c in p.get("commitments", [])]


def test_the_reference_holds_the_slides_22_bullets(reference: dict[str, Any]) -> None:
    counts = [len(p["commitments"]) for p in reference["principles"]]
    assert ids(reference["principles"]) == ["tillit", "likeverdighet", "samskaping", "kreativitet"]
    assert counts == [6, 6, 6, 4]


def test_commitments_match_the_reference_one_to_one_in_order(
    compass: dict[str, Any], reference: dict[str, Any]
) -> None:
    assert ids(compass["principles"]) == ids(reference["principles"])
    ours = [(p, c["id"]) for p, c in commitments(compass["principles"])]
    slide = [(p, c["id"]) for p, c in commitments(reference["principles"])]
    assert ours == slide
    assert len(ours) == 22


def test_each_commitment_says_what_its_bullet_says_and_no_more(
    compass: dict[str, Any], reference: dict[str, Any]
) -> None:
    wanted = {c["id"]: c for _, c in commitments(reference["principles"])}
    for _, commitment in commitments(compass["principles"]):
        expected = wanted[commitment["id"]]
        text = fold(commitment["text"])
        both = f"{text} {fold(commitment['text_en'])}"
        for stem in expected.get("requires", []):
            assert fold(stem) in text, f"{commitment['id']}: '{stem}' is on the slide, not here"
        for stretch in expected.get("forbids", []):
            assert fold(stretch) not in both, f"{commitment['id']}: '{stretch}' is not on the slide"


def test_each_commitment_is_complete(compass: dict[str, Any]) -> None:
    for principle, commitment in commitments(compass["principles"]):
        assert commitment["id"].startswith(f"{principle}-")
        assert commitment["text"].strip(), commitment["id"]
        assert commitment["text_en"].strip(), commitment["id"]
        keywords = commitment["keywords"]
        assert len(keywords) >= 4, f"{commitment['id']}: too few keywords for a compass check"
        assert all(k == k.lower() and k.strip() for k in keywords), commitment["id"]
        assert len(set(keywords)) == len(keywords), commitment["id"]


def test_the_arenas_own_rules_are_kept_apart_from_the_slide(compass: dict[str, Any]) -> None:
    commitment_ids = {c["id"] for _, c in commitments(compass["principles"])}
    rules = compass["practice_rules"]
    assert rules, "the arena's own compass rules belong in practice_rules"
    assert not commitment_ids & set(ids(rules))
    assert all(rule["text"].strip() and rule["text_en"].strip() for rule in rules)
    practice = [h for h, p in parse_provenance(compass).items() if p.is_practice]
    assert practice, "a practice section must explain the practice rules"


def test_the_commitments_cite_the_slide(compass: dict[str, Any], reference: dict[str, Any]) -> None:
    cited = compass["principles_source"]
    assert cited["source"] in parse_sources(compass)
    assert cited["slide"] == reference["slide"]


def test_the_reference_stems_stand_on_the_slide(
    reference: dict[str, Any], corpus_texts: dict[str, str]
) -> None:
    """Guards the reference itself against drifting from the source."""
    if SLIDES_FILE not in corpus_texts:
        pytest.skip(f"{SLIDES_FILE} is not in the shared corpus")
    deck = corpus_texts[SLIDES_FILE]
    slide = fold(deck[deck.index("H2Bs verdikompass") : deck.index("6 Agenda")])
    for _, commitment in commitments(reference["principles"]):
        for stem in commitment.get("requires", []):
            assert fold(stem) in slide, f"{commitment['id']}: '{stem}' is not on slide 5"
        for stretch in commitment.get("forbids", []):
            assert fold(stretch) not in slide, f"{commitment['id']}: '{stretch}' is on slide 5"
