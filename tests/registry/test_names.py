"""Organisation numbers (MOD11) and name matching tolerant of variants."""

from __future__ import annotations

import pytest

from assistant.registry.errors import InvalidInputError
from assistant.registry.names import acronyms, names_match, validate_org_number


@pytest.mark.parametrize("number", ["993467049", "993 467 049", "123456785", "974760673"])
def test_valid_org_numbers(number: str) -> None:
    assert validate_org_number(number) == number.replace(" ", "")


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("993467048", "check digit"),
        ("123456789", "check digit"),
        ("12345678", "nine digits"),
        ("12345678a", "nine digits"),
        ("", "nine digits"),
    ],
)
def test_invalid_org_numbers(number: str, why: str) -> None:
    with pytest.raises(InvalidInputError, match=why):
        validate_org_number(number)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("OUS", "Oslo universitetssykehus HF"),
        ("Oslo universitetssykehus", "Oslo universitetssykehus HF"),
        ("oslo universitets-sykehus hf", "Oslo universitetssykehus HF"),
        ("Oslo Universitetssykehus", "Oslo universitetsykehus HF"),  # a typo
        ("NTNU", "Norges teknisk-naturvitenskapelige universitet"),
        ("Bærum kommune", "Baerum kommune"),
        ("Medtek AS", "MEDTEK"),
    ],
)
def test_variants_match(a: str, b: str) -> None:
    assert names_match(a, b)
    assert names_match(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("OUS", "Oslo kommune"),
        ("Sykehuset Innlandet HF", "Sykehuset Telemark HF"),
        ("Helse Sør-Øst RHF", "Helse Vest RHF"),
        ("NTNU", "NHN"),
        ("Medtek AS", "Medisinsk teknikk AS"),
    ],
)
def test_different_bodies_do_not_match(a: str, b: str) -> None:
    assert not names_match(a, b)


def test_compound_aware_acronym() -> None:
    assert "ous" in acronyms("Oslo universitetssykehus HF")
