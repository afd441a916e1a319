"""The value-compass check: every commitment read from knowledge/, judged from the brief."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.briefs.compass import COMPASS_FILE, Compass, check_compass, load_compass
from assistant.briefs.model import Brief, BriefFacts, CompassResult, SectionId
from assistant.briefs.signals import SIGNALS
from assistant.errors import CorruptFileError
from tests.briefs.builders import ORGANISATIONS, make_brief, make_facts, participant, participants

REPO = Path(__file__).resolve().parents[2]
COMPASS = REPO / "knowledge" / COMPASS_FILE


@pytest.fixture(scope="module")
def compass() -> Compass:
    return load_compass(COMPASS)


@pytest.fixture(scope="module")
def front_matter() -> dict[str, Any]:
    """The compass's front matter as plain YAML, read apart from the code under test."""
    text = COMPASS.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))


def results(
    compass: Compass, facts: BriefFacts | None = None, **brief: Any
) -> dict[str, CompassResult]:
    facts = facts or make_facts()
    return {r.commitment: r for r in check_compass(make_brief(facts, **brief), facts, compass)}


def test_every_commitment_in_the_file_gets_exactly_one_result(
    compass: Compass, front_matter: dict[str, Any]
) -> None:
    expected = [(p["id"], c["id"]) for p in front_matter["principles"] for c in p["commitments"]]
    assert len(expected) == 22
    for language in ("no", "en"):
        facts = make_facts(language)
        found = check_compass(make_brief(facts), facts, compass)
        assert [(r.principle, r.commitment) for r in found] == expected
        assert all(r.status in ("met", "warning", "missing") and r.reason for r in found)


def test_every_signal_is_used_and_every_named_signal_exists(front_matter: dict[str, Any]) -> None:
    named = {
        s
        for p in front_matter["principles"]
        for c in p["commitments"]
        for s in c.get("brief_signals", [])
    }
    assert named == set(SIGNALS)


def test_a_complete_brief_meets_every_commitment_judged_by_structure(
    compass: Compass, front_matter: dict[str, Any]
) -> None:
    structural = {
        c["id"]
        for p in front_matter["principles"]
        for c in p["commitments"]
        if c.get("brief_signals")
    }
    found = results(compass)
    assert {i: found[i].status for i in structural} == dict.fromkeys(structural, "met")


def test_names_and_reasons_follow_the_briefs_language(
    compass: Compass, front_matter: dict[str, Any]
) -> None:
    trust = front_matter["principles"][0]
    avtaler = next(c for c in trust["commitments"] if c["id"] == "tillit-avtaler")
    norwegian = results(compass, make_facts("no", ipr=""))["tillit-avtaler"]
    english = results(compass, make_facts("en", ipr=""))["tillit-avtaler"]
    assert (norwegian.principle_name, norwegian.text) == (trust["name"], avtaler["text"])
    assert (english.principle_name, english.text) == (trust["name_en"], avtaler["text_en"])
    assert "egne avtaler" in norwegian.reason
    assert "separate agreements" in english.reason


@pytest.mark.parametrize(
    ("change", "commitment", "status"),
    [
        ({"facts": {"ipr": ""}}, "tillit-avtaler", "warning"),
        (
            {"facts": {"need": "Kari Nordmann har hjertesvikt og må reise langt hver uke."}},
            "tillit-konfidensialitet",
            "missing",
        ),
        (
            {
                "facts": {
                    "need": "Operasjonsplanleggerne bruker mange timer på å flytte operasjoner."
                }
            },
            "tillit-reelle-behov",
            "warning",
        ),
        (
            {"facts": {"outcomes": "Pasientene skal slippe unødvendige reiser."}},
            "samskaping-felles-mal",
            "warning",
        ),
        ({"facts": {"outcomes": ""}}, "tillit-verdi", "missing"),
        ({"facts": {"scope": ""}}, "samskaping-felles-mal", "missing"),
        (
            {"facts": {"need": "Sykepleierne trenger en iPad ved sengen for å registrere væske."}},
            "kreativitet-handlingsrom",
            "warning",
        ),
        (
            {
                "facts": {
                    "constraints": "Løsningen skal være enkel å bruke.",
                    "data": "Tilgang til pasientdata fra journalen.",
                }
            },
            "tillit-etikk",
            "warning",
        ),
        (
            {"facts": {"constraints": "Løsningen skal være enkel å bruke."}},
            "samskaping-ressurser",
            "warning",
        ),
        ({"brief": {"date": None}}, "samskaping-organisering", "warning"),
        (
            {"brief": {"date": None, "open_sections": (SectionId.process,)}},
            "samskaping-organisering",
            "missing",
        ),
        ({"brief": {"conflicts": []}}, "likeverdighet-egne-interesser", "missing"),
        ({"brief": {"conflicts": participants()[:2]}}, "likeverdighet-bred-involvering", "warning"),
        (
            {"organisations": ORGANISATIONS[:1], "brief": {"conflicts": participants()[:1]}},
            "likeverdighet-dialog",
            "warning",
        ),
        (
            {"organisations": ORGANISATIONS[:2], "brief": {"conflicts": participants()[:1]}},
            "samskaping-aktiv-deltakelse",
            "missing",
        ),
    ],
)
def test_a_commitment_follows_what_the_brief_shows(
    compass: Compass, change: dict[str, Any], commitment: str, status: str
) -> None:
    assert results(compass)[commitment].status == "met"
    facts = make_facts(organisations=change.get("organisations"), **change.get("facts", {}))
    assert results(compass, facts, **change.get("brief", {}))[commitment].status == status


def test_a_conflict_warns_until_a_decision_is_recorded(compass: Compass) -> None:
    direct = participant("Eva Dahl", organisation="Tromsø kommune", severity="direct")
    found = results(compass, conflicts=[*participants(), direct])["likeverdighet-interessekonflikt"]
    assert found.status == "warning"
    assert "Eva Dahl" in found.reason
    decided = direct.model_copy(update={"reviewed_decision": "recused_from_items"})
    found = results(compass, conflicts=[*participants(), decided])[
        "likeverdighet-interessekonflikt"
    ]
    assert found.status == "met"


def test_an_expired_declaration_fails_the_interests_commitment(compass: Compass) -> None:
    expired = participant("Eva Dahl", organisation="Tromsø kommune", declaration="expired")
    found = results(compass, conflicts=[*participants(), expired])
    assert found["likeverdighet-egne-interesser"].status == "warning"
    assert "Eva Dahl" in found["likeverdighet-egne-interesser"].reason
    # Two signals: the worst decides, and its reason is the one shown.
    assert found["tillit-etikk"].status == "warning"
    assert "Eva Dahl" in found["tillit-etikk"].reason


# The check reads the file: a compass of our own making shows up in the results.

OWN_COMPASS = """---
title: Et annet kompass
principles:
  - id: omsorg
    name: Omsorg
    name_en: Care
    commitments:
      - id: omsorg-reiser
        text: Vi sparer pasientene for reiser.
        text_en: We spare patients journeys.
        keywords: [reise, reiser]
        keywords_en: [journey]
      - id: omsorg-sjiraff
        text: Vi tar hensyn til sjiraffer.
        text_en: We consider giraffes.
        keywords: [sjiraff]
      - id: omsorg-avtaler
        text: Vi avtaler eierskap.
        text_en: We agree on ownership.
        brief_signals: [agreements]
---

# Et annet kompass

Teksten under front matter leses ikke av sjekken.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kompass.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_compass_file_of_our_own_is_what_the_check_reports(tmp_path: Path) -> None:
    compass = load_compass(write(tmp_path, OWN_COMPASS))
    facts = make_facts()
    found = check_compass(make_brief(facts), facts, compass)
    assert [(r.principle, r.commitment) for r in found] == [
        ("omsorg", "omsorg-reiser"),
        ("omsorg", "omsorg-sjiraff"),
        ("omsorg", "omsorg-avtaler"),
    ]
    reiser, sjiraff, avtaler = found
    assert (reiser.principle_name, reiser.text) == ("Omsorg", "Vi sparer pasientene for reiser.")
    assert reiser.status == "met"
    assert "reiser" in reiser.reason  # the brief's own word is named
    assert sjiraff.status == "warning"
    assert avtaler.status == "met"
    no_ipr = make_facts(ipr="")
    assert check_compass(make_brief(no_ipr), no_ipr, compass)[2].status == "warning"


def test_keywords_are_read_from_the_facilitators_words_not_from_templates(tmp_path: Path) -> None:
    compass = load_compass(write(tmp_path, OWN_COMPASS))
    facts = make_facts()
    templated = make_brief(facts, template={SectionId.participation: "Sjiraffer er velkomne."})
    assert check_compass(templated, facts, compass)[1].status == "warning"
    own = make_facts(scope="Innenfor: sjiraffer i parken. Utenfor: alt annet.")
    assert check_compass(make_brief(own), own, compass)[1].status == "met"


def test_english_keywords_count_for_an_english_brief(tmp_path: Path) -> None:
    compass = load_compass(write(tmp_path, OWN_COMPASS))
    facts = make_facts("en")
    found = check_compass(make_brief(facts), facts, compass)
    assert (found[0].principle_name, found[0].status) == ("Care", "met")
    assert "journeys" in found[0].reason
    assert found[0].reason.startswith("The brief")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (OWN_COMPASS.replace("[agreements]", "[agreements, good-vibes]"), "good-vibes"),
        (OWN_COMPASS.replace("id: omsorg-sjiraff", "id: omsorg-reiser"), "repeated"),
        ("---\ntitle: Tomt\n---\n\n# Tomt\n", "no principles"),
        ("---\nprinciples: [unclosed\n---\n\n# Brutt\n", "not valid YAML"),
        (
            OWN_COMPASS.replace("        text: Vi tar hensyn til sjiraffer.\n", ""),
            "needs an id and a text",
        ),
    ],
)
def test_a_broken_compass_is_one_clear_error(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(CorruptFileError, match=says) as error:
        load_compass(write(tmp_path, text))
    assert str(error.value).startswith("kompass.md: ")
    assert "\n" not in str(error.value)


def test_a_missing_compass_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorruptFileError, match=r"absent\.md: cannot read the value compass"):
        load_compass(tmp_path / "absent.md")


def test_the_results_fit_the_brief_model(compass: Compass) -> None:
    facts = make_facts()
    brief = make_brief(facts)
    assert isinstance(brief, Brief)
    brief.compass = check_compass(brief, facts, compass)
    assert Brief.model_validate(brief.model_dump()).compass == brief.compass
