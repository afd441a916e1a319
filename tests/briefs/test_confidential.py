"""`confidential-details`: identity numbers, patients by name and marks fire; look-alikes do not."""

from __future__ import annotations

import re

import pytest

from assistant.briefs.checks import run_checks
from assistant.briefs.confidential import valid_identity_number
from assistant.briefs.model import Finding
from tests.briefs.builders import TEXTS, make_brief, make_facts


def mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    """The check digit as Skatteetaten defines it, written apart from the code under test."""
    rest = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return None if rest == 10 else rest % 11


def identity_number(first_nine: str) -> str:
    """A number with both check digits valid (the first nine chosen so that both exist)."""
    k1 = mod11(first_nine, (3, 7, 6, 1, 8, 9, 4, 5, 2))
    assert k1 is not None
    k2 = mod11(first_nine + str(k1), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
    assert k2 is not None
    return f"{first_nine}{k1}{k2}"


BIRTH = identity_number("151190300")  # 15 November 1990
D_NUMBER = identity_number("410190123")  # a D-number: 1 January 1990, first digit + 4
OTHER = identity_number("310199004")


def confidential(language: str = "no", **fields: str) -> list[Finding]:
    facts = make_facts(language, **fields)
    return [f for f in run_checks(make_brief(facts), facts) if f.check == "confidential-details"]


def test_the_numbers_used_here_are_valid() -> None:
    assert BIRTH == "15119030037"
    assert all(valid_identity_number(n) for n in (BIRTH, D_NUMBER, OTHER))


@pytest.mark.parametrize(
    "written",
    [
        BIRTH,
        f"{BIRTH[:6]} {BIRTH[6:]}",
        D_NUMBER,
        f"{OTHER[:2]} {OTHER[2:4]} {OTHER[4:6]} {OTHER[6:]}",
    ],
)
def test_a_valid_identity_number_is_a_blocker_and_is_not_repeated(written: str) -> None:
    need = f"{TEXTS['no']['need']} Et eksempel er pasienten med fødselsnummer {written}."
    [finding] = confidential(need=need)
    assert finding.severity == "blocker"
    assert "fødselsnummer" in finding.message
    assert "behovet" in finding.message
    digits = re.sub(r"\D", "", finding.message)
    assert written.replace(" ", "") not in digits
    assert not re.search(r"\d{5}", finding.message)


@pytest.mark.parametrize(
    "number",
    [
        BIRTH[:10] + str((int(BIRTH[10]) + 1) % 10),  # second check digit wrong
        BIRTH[:9] + str((int(BIRTH[9]) + 1) % 10) + BIRTH[10],  # first check digit wrong
        "12345678901",
        "01234567890",  # an account-like number
        "991234567",  # an organisation number (nine digits)
        BIRTH + "7",  # twelve digits: part of something longer
    ],
)
def test_numbers_without_valid_check_digits_are_not_found(number: str) -> None:
    assert confidential(data=f"Saksnummer {number} gjelder avtalen om testmiljø.") == []


def test_a_number_in_any_field_is_found_and_the_field_named() -> None:
    [finding] = confidential("en", outcomes=f"{TEXTS['en']['outcomes']} Reference {BIRTH}.")
    assert "the desired outcomes" in finding.message
    assert "identity number" in finding.message


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("need", "Kari Nordmann har diabetes og må reise 30 mil til hver kontroll."),
        ("need", "Pasienten Ola Hansen ble innlagt tre ganger i fjor med hjertesvikt."),
        # A patient named as one is health information by itself.
        ("need", "Pasienten Ola fortalte oss at appen var for vanskelig å bruke hjemme."),
        ("need", "Per Olsen, som har fått diagnosen demens, bor alene uten tilsyn om natten."),
        ("scope", "John Smith was admitted four times last year with heart failure."),
        ("constraints", "We learnt from the patient Mary Jones that the app was too hard."),
    ],
)
def test_a_name_next_to_health_information_is_found(field: str, text: str) -> None:
    [finding] = confidential(**{field: text})
    assert finding.severity == "blocker"
    assert "navn" in finding.message
    for name in ("Kari", "Nordmann", "Ola", "Hansen", "Per Olsen", "John", "Mary"):
        assert name not in finding.message


@pytest.mark.parametrize(
    "need",
    [
        "Oslo universitetssykehus har mange pasienter med diabetes som venter for lenge.",
        "Helse Bergen har mange pasienter med KOLS som reiser langt til kontroll.",
        "Pasienter med hjertesvikt blir innlagt på nytt innen 30 dager for ofte.",
        "Anne Berg er kreftsykepleier ved UNN og leder arbeidet med oppfølgingen hjemme.",
        "Sykehuset Innlandet har en hjertesvikt-poliklinikk med lange ventelister i dag.",
        "Patients with diabetes in Tromsø wait too long for their annual check-up.",
        "The Patient Safety Programme asks for fewer readmissions of patients with COPD.",
    ],
)
def test_organisations_and_diagnoses_without_a_name_are_not_found(need: str) -> None:
    assert confidential(need=need) == []


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("Notatet fra sykehuset er konfidensielt.", "konfidensielt"),
        ("Tallene er fortrolige inntil styret har behandlet dem.", "fortrolige"),
        ("Unntatt offentlighet, jf. offentleglova § 13.", "unntatt offentlighet"),
        ("Ingen navn er med, men referatet er fortrolig.", "fortrolig"),
        ("The attached figures are confidential.", "confidential"),
    ],
)
def test_confidentiality_marks_are_found_and_named(text: str, mark: str) -> None:
    [finding] = confidential(constraints=text)
    assert finding.severity == "blocker"
    assert mark in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Vi deler ikke konfidensiell informasjon i workshopen.",
        "Ingen fortrolige opplysninger skal legges fram.",
        "Deltakerne bør være fortrolige med dagens arbeidsflyt.",
        "We will not share confidential information.",
        "The partners respect confidentiality and the duty of secrecy.",
    ],
)
def test_negated_or_other_senses_of_the_marks_are_not_found(text: str) -> None:
    assert confidential(constraints=text) == []


def test_several_details_give_one_finding_each() -> None:
    findings = confidential(
        need=f"Kari Nordmann har diabetes. Fødselsnummer {BIRTH}.", ipr="Avtalen er konfidensiell."
    )
    assert len(findings) == 3
    assert {f.severity for f in findings} == {"blocker"}
