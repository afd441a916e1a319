"""How a knowledge section's provenance reads: location nouns, months and labels, no and en."""

from __future__ import annotations

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
