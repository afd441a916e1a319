"""Products, brands and vendors named in a need, where the need should describe a function.

Public procurement guidance asks a need to say *what* is needed, not *how*: "a tablet for
bedside registration", not "an iPad". Detection is generic first: the registry's vendors (its
company organisations' names and aliases), trademark signs, words with capitals inside them
("iPad", "PowerPoint") and a brand followed by a model code ("Dexcom G7"). A few well-known
products that none of these catch are listed as data in KNOWN_PRODUCTS. A name followed in the
same sentence by "eller tilsvarende" / "or equivalent" is allowed, as the guidance allows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.text.sentences import split_sentences

# Examples of products in Norwegian health care that are written as ordinary capitalised or
# all-capitals words, so that no generic rule sees them. Matched as vendors are (see below).
KNOWN_PRODUCTS: tuple[str, ...] = (
    "DIPS",
    "Epic",
    "Cerner",
    "Oracle Health",
    "Metavision",
    "Gerica",
    "Infodoc",
    "Pridok",
    "Microsoft",
    "Excel",
    "Apple",
    "Google",
    "Samsung",
)

_EQUIVALENT = re.compile(r"\b(?:eller tilsvarende|eller likeverdig\w*|or equivalent)\b", re.I)
_LEGAL_SUFFIX = re.compile(
    r"[\s,]+(?:AS|ASA|SA|AB|A/S|ApS|Oy|GmbH|Inc\.?|Ltd\.?|LLC|Corp\.?|Corporation|Norge|Norway"
    r"|Nordic|Norden)$"
)
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
# "iPad", "PowerPoint", "FreeStyle": a lower-case letter, then a capital, then two lower-case
# letters. Units and lab values ("mmHg", "HbA1c", "SpO2") never have the two after the capital.
_INNER_CAPITAL = re.compile(r"[a-zæøå][A-ZÆØÅ][a-zæøå]{2}")
# "eResept", "mHelse": one-letter e- and m- prefixes are generic terms, not brands.
_GENERIC_PREFIX = re.compile(r"^(?:e|m)[A-ZÆØÅ]|^(?:Mc|Mac)[A-Z]")
_MODEL = re.compile(r"\b([A-ZÆØÅ][\w-]*[a-zæøå][\w-]*)\s+([A-Z]{1,3}-?\d{1,4}[A-Za-z]?)\b")
_TRADEMARK = re.compile(r"((?:[A-ZÆØÅ0-9][\w+-]*\s+){0,2}[\w+-]+)\s?[™®]")


def product_mentions(
    text: str, vendor_names: Iterable[str] = (), own_names: Iterable[str] = ()
) -> list[str]:
    """The products, brands and vendors a text names, in order, each once.

    `vendor_names` are the registry's company names and aliases; `own_names` are the names of
    the organisations at the table, whose words ("Health2B", "HelseVest") are not products.
    """
    vendors = _vendor_patterns(vendor_names)
    own = {w.lower() for name in own_names for w in _TOKEN.findall(name)}
    found: list[str] = []
    for sentence in split_sentences(text):
        for start, name in _mentions(sentence, vendors, own):
            if not _EQUIVALENT.search(sentence[start:]):
                found.append(name)
    return list(dict.fromkeys(found))


def _vendor_patterns(vendor_names: Iterable[str]) -> list[re.Pattern[str]]:
    """One pattern per vendor name, with and without its legal suffix ("DIPS AS", "DIPS").

    A name may open a compound ("DIPS-journalen") but not close one ("Sør-Aurdal").
    """
    variants: set[str] = set()
    for name in (*vendor_names, *KNOWN_PRODUCTS):
        name = " ".join(name.split())
        for variant in (name, _LEGAL_SUFFIX.sub("", name)):
            if len(variant) >= 2:
                variants.add(variant)
    return [
        re.compile(rf"(?<![\w-]){re.escape(v)}(?!\w)", re.IGNORECASE)
        for v in sorted(variants, key=len, reverse=True)
    ]


def _mentions(
    sentence: str, vendors: list[re.Pattern[str]], own: set[str]
) -> list[tuple[int, str]]:
    """Where a sentence names a product, and the name, by each rule."""
    mentions: list[tuple[int, str]] = []
    taken: list[range] = []

    def add(start: int, end: int, name: str) -> None:
        if not any(start < span.stop and end > span.start for span in taken):
            taken.append(range(start, end))
            mentions.append((start, name))

    # Vendors are matched as written: a brand is capitalised, the same word in lower case
    # ("dips", "epic") is ordinary language.
    for pattern in vendors:
        for match in pattern.finditer(sentence):
            if match.group(0)[0].isupper() or match.group(0)[0].isdigit():
                add(match.start(), match.end(), match.group(0))
    for match in _TRADEMARK.finditer(sentence):
        add(match.start(1), match.end(1), match.group(1).strip())
    for match in _TOKEN.finditer(sentence):
        word = match.group(0)
        if _product_like(word) and word.lower() not in own:
            add(match.start(), match.end(), word)
    for match in _MODEL.finditer(sentence):
        brand = match.group(1)
        # A sentence's first word is capitalised anyway: "Avdeling B2" is a ward, not a brand.
        if match.start() > 0 and brand.lower() not in own:
            add(match.start(), match.end(), match.group(0))
    return sorted(mentions)


def _product_like(word: str) -> bool:
    """A word written as brands are: a capital inside it, followed by lower-case letters."""
    if _GENERIC_PREFIX.match(word):
        return False
    return any(_INNER_CAPITAL.search(part) for part in word.split("-"))
