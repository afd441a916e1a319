"""Organisation numbers and name matching tolerant of variants ("OUS" / "Oslo universitetssykehus HF")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

from assistant.registry.errors import InvalidInputError

_ORG_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)

# Legal-form suffixes say nothing about which body it is: "Sykehuset Innlandet HF" is the trust.
_LEGAL_FORMS = frozenset(
    {
        "hf",
        "as",
        "asa",
        "sf",
        "iks",
        "kf",
        "ba",
        "sa",
        "ans",
        "da",
        "nuf",
        "rhf",
        "fkf",
        "stiftelse",
    }
)
_FILLER = frozenset({"og", "i", "for", "av", "the", "of", "and", "a", "på"})
# Heads of Norwegian compounds in organisation names; each starts a letter of an acronym
# ("universitetssykehus" gives U and S in OUS).
_COMPOUND_HEADS = (
    "sykehus",
    "sykehuset",
    "universitet",
    "universitets",
    "helse",
    "kommune",
    "fylke",
    "fylkeskommune",
    "direktorat",
    "direktoratet",
    "senter",
    "senteret",
    "institutt",
    "instituttet",
    "foretak",
    "forening",
    "forbund",
    "klinikk",
    "tilsyn",
    "tilsynet",
    "etat",
    "etaten",
    "teknologi",
    "innovasjon",
    "medisin",
    "omsorg",
)
_FUZZY_THRESHOLD = 0.92


def validate_org_number(value: str) -> str:
    """Return the nine digits of a Norwegian organisation number, or raise if malformed.

    The ninth digit is a MOD11 check digit over the first eight (weights 3 2 7 6 5 4 3 2).
    """
    digits = re.sub(r"[\s.-]", "", value or "")
    if not re.fullmatch(r"\d{9}", digits):
        raise InvalidInputError(f"Organisation number '{value}' must be nine digits")
    total = sum(int(d) * w for d, w in zip(digits[:8], _ORG_NUMBER_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[8]):
        raise InvalidInputError(f"Organisation number '{value}' has a wrong check digit")
    return digits


def fold(text: str) -> str:
    """Lower-case, drop accents and fold æ/ø/å so spelling variants compare equal."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def name_words(name: str) -> list[str]:
    """Significant words of a name: folded, without punctuation, legal forms or fillers."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    return [w for w in words if w not in _LEGAL_FORMS and w not in _FILLER]


def normalise_name(name: str) -> str:
    """The comparison key of a name: its significant words joined without spaces."""
    return "".join(name_words(name))


def _word_initials(word: str) -> str:
    """Initials a word contributes to an acronym, one per compound part we recognise."""
    initials = word[0]
    position = 1
    while position < len(word):
        for head in sorted(_COMPOUND_HEADS, key=len, reverse=True):
            if word.startswith(fold(head), position) and position + len(head) <= len(word):
                initials += word[position]
                position += len(head)
                break
        else:
            position += 1
    return initials


def acronyms(name: str) -> set[str]:
    """Plausible acronyms of a long name: plain word initials and compound-aware initials."""
    words = name_words(name)
    if len(words) < 2 and not any(len(_word_initials(w)) > 1 for w in words):
        return set()
    plain = "".join(w[0] for w in words)
    compound = "".join(_word_initials(w) for w in words)
    return {a for a in (plain, compound) if len(a) >= 2}


def looks_like_acronym(name: str) -> bool:
    words = name_words(name)
    return len(words) == 1 and 2 <= len(words[0]) <= 6 and name.strip().split()[0].isupper()


def names_match(a: str, b: str) -> bool:
    """Whether two organisation names plausibly denote the same body."""
    key_a, key_b = normalise_name(a), normalise_name(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    if looks_like_acronym(a) and key_a in acronyms(b):
        return True
    if looks_like_acronym(b) and key_b in acronyms(a):
        return True
    shortest = min(len(key_a), len(key_b))
    # Short keys are too easy to confuse ("ntnu" / "nhn"): only long names get typo tolerance.
    return shortest >= 8 and SequenceMatcher(None, key_a, key_b).ratio() >= _FUZZY_THRESHOLD


def any_names_match(names_a: Iterable[str], names_b: Iterable[str]) -> bool:
    list_b = list(names_b)
    return any(names_match(a, b) for a in names_a for b in list_b)
