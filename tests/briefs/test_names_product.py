"""`names-product`: a need naming a product, brand or vendor fires; one describing a function not."""

from __future__ import annotations

import pytest

from assistant.briefs.checks import run_checks
from assistant.briefs.model import Finding
from assistant.briefs.products import KNOWN_PRODUCTS
from tests.briefs.builders import make_brief, make_facts


def named(need: str, language: str = "no", **facts: object) -> list[Finding]:
    built = make_facts(language, need=need, **facts)  # type: ignore[arg-type]
    return [f for f in run_checks(make_brief(built), built) if f.check == "names-product"]


@pytest.mark.parametrize(
    ("language", "need", "name"),
    [
        # Generic: a capital inside the word.
        (
            "no",
            "Sykepleierne trenger en iPad ved sengen for å registrere væskebalansen fortløpende.",
            "iPad",
        ),
        (
            "en",
            "Clinicians plan theatre lists in PowerPoint and lose track of late changes.",
            "PowerPoint",
        ),
        (
            "no",
            "Pasienter med diabetes må i dag lese av FreeStyle-sensoren og skrive verdiene ned.",
            "FreeStyle",
        ),
        # Generic: a trademark sign.
        (
            "no",
            "Hjemmetjenesten trenger et bedre alternativ til Omsorgsplan® for å dele oppgaver.",
            "Omsorgsplan",
        ),
        # Generic: a brand followed by a model code.
        (
            "no",
            "Endokrinologene ønsker å ta i bruk Dexcom G7 for pasienter med diabetes type 1.",
            "Dexcom G7",
        ),
        # The registry's vendors, with and without their legal suffix.
        (
            "no",
            "Vi trenger at Medisync sin plattform kan vise målingene til fastlegen.",
            "Medisync",
        ),
        (
            "no",
            "Kommunen ønsker å utvide avtalen med Nordlys Helseteknologi AS om sensorer.",
            "Nordlys Helseteknologi AS",
        ),
        # A few well-known products written as ordinary words, listed as data.
        ("no", "Legene må i dag åpne DIPS-journalen tre ganger for å finne siste EKG.", "DIPS"),
        ("en", "The hospital needs its Epic records to show home measurements to nurses.", "Epic"),
    ],
)
def test_a_need_naming_a_product_is_found(language: str, need: str, name: str) -> None:
    [finding] = named(need, language)
    assert finding.severity == "warning"
    assert name in finding.message
    assert ("tilsvarende" if language == "no" else "or equivalent") in finding.message


def test_vendors_come_from_the_registry_not_from_a_list() -> None:
    need = "Vi trenger at Medisync sin plattform kan vise målingene til fastlegen."
    assert not any("Medisync" in p for p in KNOWN_PRODUCTS)
    assert named(need)
    assert named(need, vendor_names=[]) == []


@pytest.mark.parametrize(
    ("language", "need"),
    [
        (
            "no",
            "Sykepleierne trenger en iPad eller tilsvarende ved sengen for å registrere "
            "væskebalansen.",
        ),
        ("no", "Dagens løsning i DIPS eller tilsvarende journalsystem gir ikke oversikt."),
        ("en", "Clinicians plan theatre lists in PowerPoint or equivalent and lose track."),
    ],
)
def test_a_name_followed_by_or_equivalent_is_allowed(language: str, need: str) -> None:
    assert named(need, language) == []


@pytest.mark.parametrize(
    "need",
    [
        "Vi ønsker en nettbrettløsning eller tilsvarende. I dag brukes iPad på avdelingen.",
        "Sykepleierne trenger nettbrett eller tilsvarende, for eksempel iPad, ved sengen.",
    ],
)
def test_or_equivalent_must_follow_the_name_in_the_same_sentence(need: str) -> None:
    [finding] = named(need)
    assert "iPad" in finding.message


@pytest.mark.parametrize(
    ("language", "need"),
    [
        ("no", "Sykepleierne på OUS og UNN bruker i dag mye tid på å føre væskeskjema på papir."),
        ("no", "Tromsø kommune og Helse Nord ser at hjemmeboende eldre med KOLS venter lenge."),
        ("no", "Oslo universitetssykehus måler HbA1c, SpO2 og blodtrykk i mmHg ved hver kontroll."),
        ("no", "Fastlegene sender i dag eResept og henvisninger som kommer fram for sent."),
        ("no", "Avdeling B2 har lange ventetider for pasienter med hjertesvikt."),
        (
            "no",
            "Bodø kommune trenger en enkel måte å dele oppgaver mellom hjemmetjenesten og "
            "fastlegen på.",
        ),
        ("en", "Patients with COPD in Bodø wait weeks for a check-up at the Health2B partners."),
        ("en", "Nurses need a tablet at the bedside to record fluid balance as they go."),
        # A vendor's name written as an ordinary word is the word, not the vendor.
        ("en", "Nurses make an epic effort every night to record fluid balance by hand."),
    ],
)
def test_a_need_describing_a_function_is_not_found(language: str, need: str) -> None:
    assert named(need, language) == []
