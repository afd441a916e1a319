"""How a knowledge section's provenance reads: location nouns, months and labels, no and en."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.i18n import Language

LOCATION_NOUNS: dict[Language, dict[str, tuple[str, str]]] = {
    "no": {
        "slide": ("lysark", "lysark"),
        "page": ("side", "sidene"),
        "section": ("avsnitt", "avsnitt"),
    },
    "en": {
        "slide": ("slide", "slides"),
        "page": ("page", "pages"),
        "section": ("section", "sections"),
    },
}
QUOTES: dict[Language, tuple[str, str]] = {"no": ("«", "»"), "en": ("“", "”")}
AND: dict[Language, str] = {"no": "og", "en": "and"}
MONTHS: dict[Language, tuple[str, ...]] = {
    "no": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip
RESTATED: dict[Language, str] = {"no": "Gjengitt fra", "en": "Restated from"}
PRACTICE: dict[Language, str] = {
    "no": "Arenaens egen praksis (ingen kilde)",
    "en": "Arena practice (no source)",
}
UNDATED: dict[Language, str] = {"no": "udatert", "en": "undated"}

# Where a chunk is, as ingest records it ("page 3", "parts 8–9", "sections 1–2: Tiltak"), read
# in the user's language. The stored location stays English: it is data, shared by all users.
_LOCATION_WORDS: dict[str, str] = {
    "page": "side",
    "pages": "sidene",
    "slide": "lysark",
    "slides": "lysark",
    "part": "del",
    "parts": "delene",
    "section": "avsnitt",
    "sections": "avsnittene",
}
_LOCATION_NOUN = re.compile(r"^(pages?|slides?|parts?|sections?)(?= \d)")


def location_label(location: str, language: Language) -> str:
    """A stored location in the reader's language: "parts 8–9" reads "delene 8–9" in Norwegian."""
    if language != "no":
        return location
    return _LOCATION_NOUN.sub(lambda m: _LOCATION_WORDS[m.group(1)], location, count=1)
