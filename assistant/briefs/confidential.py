"""Confidential details in a brief's text: national identity numbers, patients by name, marks.

A brief is shared with every partner at the table, so none of these may stand in it. Each hit
says what was found and in which field, never the detail itself: the finding is saved and shown
as well, and must not spread what it warns against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.briefs.model import BriefInput
from assistant.text.sentences import split_sentences

ConfidentialKind = Literal["identity-number", "health-name", "mark"]

# The input fields a brief is written from, in the order a reader meets them.
CHECKED_FIELDS = ("title", "need", "outcomes", "scope", "constraints", "data", "ipr")

# A Norwegian national identity number (fødselsnummer, D-number, H-number): DDMMYY and five
# digits; the groups may be spaced ("010190 12345"), and no digit may touch either end.
_IDENTITY = re.compile(r"(?<![\d])(\d{2}) ?(\d{2}) ?(\d{2}) ?(\d{5})(?![\d])")
_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
MASK = "****** *****"

# A person's name: capitalised words, a hyphenated first name allowed ("Anne-Lise").
_NAME_WORD = r"[A-ZÆØÅ][a-zæøåéèäöü]+(?:-[A-ZÆØÅ][a-zæøåéèäöü]+)?"
_FULL_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}"
# A patient named as such is health information by itself: "pasienten Ola Hansen".
# Norwegian capitalises no nouns in titles, so "Pasienten Ola" opening a sentence still counts;
# English role words count only in lower case, or "Patient Safety Programme" would.
_PATIENT_NAMED = re.compile(
    rf"(?:\b\w*(?i:pasient(?:en)?|beboer(?:en)?|brukeren|klient(?:en)?)"
    rf"|\b(?:patient|resident|client))\s+{_NAME_WORD}"
)
# A full name (or a title and a surname) as the subject of a health statement.
_HEALTH_VERB = (
    r"(?:har|hadde|har hatt|fikk|har fått|lever med|lider av|er|ble|døde av|behandles for"
    r"|ble behandlet for|er diagnostisert med|ble diagnostisert med|er rammet av|ble rammet av"
    r"|has|had|got|lives with|suffers from|is|was|died of|is treated for|was treated for"
    r"|is diagnosed with|was diagnosed with)"
)
# Between the verb and the condition only what qualifies a diagnosis may stand: "har type
# 2-diabetes", "har fått diagnosen demens"; not "har mange pasienter med diabetes".
_QUALIFIER = (
    r"(?:en|et|ei|a|an|the|type|fått|hatt|diagnosen|the diagnosis|alvorlig\w*|kronisk\w*"
    r"|sjeld\w*|avansert\w*|langtkommen\w*|tidlig\w*|begynnende|mild\w*|moderat\w*|lett\w*"
    r"|severe|chronic|rare|advanced|early|late|stage|stadium|grad|\d[\w-]*)"
)
# Whole words only: "kreftsykepleier" or "hjertesvikt-poliklinikk" are jobs and units, not
# diagnoses.
_CONDITION = (
    r"(?:[\w-]*diabetes|\w*kreft(?:en)?|cancer|demens(?:en)?|dementia|alzheimer\w*|parkinson\w*"
    r"|kols|copd|astma|asthma|epilepsi|epilepsy|hjerneslag|slag|stroke|\w*infarkt|heart attack"
    r"|\w*svikt|heart failure|kidney failure|depresjon(?:en|er)?|depression|angst(?:lidelse\w*)?"
    r"|anxiety|schizofreni|schizophrenia|bipolar lidelse|bipolar disorder|psykose(?:n|r)?"
    r"|psychosis|hiv|aids|hepatitt\w*|hepatitis|ms|multippel sklerose|multiple sclerosis|als"
    r"|autisme|autism|adhd|rusproblem\w*|rusavhengig\w*|alkoholis\w*|addiction|overdose"
    r"|covid|tuberkulose|tuberculosis|leddgikt|arthritis|dialyse|dialysis|spiseforstyrrelse\w*"
    r"|anoreksi|anorexia|\w*brudd|fracture|\w*sykdom(?:men)?|disease|illness|disorder"
    r"|syndrom(?:et)?|pasient(?:en)?|patient|innlagt|lagt inn|operert|skrevet ut|utskrevet"
    r"|sykmeldt|sykemeldt|gravid|admitted|hospitali[sz]ed|operated on|discharged|pregnant)"
)
_NAMED_HEALTH = re.compile(
    rf"(?:\b(?:herr|fru|frøken|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?)\s+{_NAME_WORD}|\b{_FULL_NAME})"
    rf"(?:\s*\([^)]{{0,20}}\))?,?(?:\s+(?:som|who))?\s+(?i:{_HEALTH_VERB}"
    rf"(?:\s+{_QUALIFIER}){{0,3}}\s+{_CONDITION})\b(?!-\w)"
)
# Marks that say a text must not be shared, unless the sentence says it is not so.
_MARK = re.compile(
    r"\b(?:strengt fortrolig|konfidensiel(?:l|t|le)\b|fortrolig(?:e|t)?\b(?!\s+med\b)"
    r"|unntatt (?:fra )?offentlighet\w*|u\.\s?off\.?|taushetsbelagt\w*|confidential\b"
    r"|not for (?:public )?distribution"
    r"|exempt from public disclosure)",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:ikke|ingen|uten|aldri|not|no|without|never)\b", re.IGNORECASE)
# A negation reaches to the end of its clause: "ingen navn, men notatet er fortrolig" is marked.
_CLAUSE = re.compile(r"[,;:]|\bmen\b|\bbut\b", re.IGNORECASE)


@dataclass(frozen=True)
class ConfidentialHit:
    """One confidential detail: what kind, in which input field, and what may be shown of it."""

    kind: ConfidentialKind
    field: str
    shown: str  # the mark itself; the mask for a number; "" for a name (never shown)


def valid_identity_number(digits: str) -> bool:
    """Whether 11 digits are a valid national identity, D- or H-number: date and check digits.

    D-numbers add 4 to the first digit, H-numbers 4 to the third; both check digits are mod 11.
    """
    if len(digits) != 11 or not digits.isdigit():
        return False
    values = [int(d) for d in digits]
    first = _check_digit(values[:9], _WEIGHTS_1)
    second = _check_digit(values[:10], _WEIGHTS_2)
    if first != values[9] or second != values[10]:
        return False
    day, month = int(digits[:2]), int(digits[2:4])
    day = day - 40 if day > 40 else day
    month = month - 40 if month > 40 else month
    return 1 <= day <= 31 and 1 <= month <= 12


def _check_digit(values: list[int], weights: tuple[int, ...]) -> int:
    """A mod-11 check digit, or -1 where none exists (a remainder of 1 gives 10)."""
    rest = 11 - sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return {11: 0, 10: -1}.get(rest, rest)


def identity_numbers(text: str) -> int:
    """How many valid national identity numbers a text holds (the numbers are never returned)."""
    return sum(valid_identity_number("".join(m.groups())) for m in _IDENTITY.finditer(text))


def names_with_health(text: str) -> bool:
    """Whether a text names a person next to health information about them."""
    return bool(_PATIENT_NAMED.search(text) or _NAMED_HEALTH.search(text))


def confidential_marks(text: str) -> list[str]:
    """Marks such as "konfidensiell" or "unntatt offentlighet", except in negated sentences."""
    marks: list[str] = []
    for sentence in split_sentences(text):
        for match in _MARK.finditer(sentence):
            clause = _CLAUSE.split(sentence[: match.start()])[-1]
            if not _NEGATION.search(clause):
                marks.append(match.group(0).lower())
    return list(dict.fromkeys(marks))


def confidential_details(brief_input: BriefInput) -> list[ConfidentialHit]:
    """Every confidential detail in the input's text fields, one hit per kind and field."""
    hits: list[ConfidentialHit] = []
    for field in CHECKED_FIELDS:
        text = getattr(brief_input, field)
        if identity_numbers(text):
            hits.append(ConfidentialHit("identity-number", field, MASK))
        if names_with_health(text):
            hits.append(ConfidentialHit("health-name", field, ""))
        hits.extend(ConfidentialHit("mark", field, mark) for mark in confidential_marks(text))
    return hits
