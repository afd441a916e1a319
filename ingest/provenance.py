"""Where a knowledge section comes from: the source it restates, or the arena's own practice.

A Markdown file declares it in its YAML front matter (format: docs/knowledge.md):

    sources:
      h2b-open-2025: {title: "H2B Open (lysark)", publisher: Health2B, date: 2025-06-05}
      rapport: {title: Rapporten, publisher: NTNU, date: 2023}
    provenance:
      _intro: {practice: true}
      Tillit: {source: h2b-open-2025, slide: 5}
      Metode: [{source: rapport, section: "4"}, {source: rapport, page: [12, 13]}]
      "Arenaens praksis": {practice: true}

The loader attaches one Provenance to each section; the chunker keeps sections of different
provenance apart and writes the rendered labels into each chunk's metadata, so an answer's
citation can say whether its passage restates a source or states arena practice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.errors import CorruptFileError
from assistant.i18n import Language
from assistant.i18n import knowledge as words

# The provenance key for text before a file's first '##' heading.
INTRO_KEY = "_intro"
# Chunk metadata keys holding the rendered labels.
METADATA_KEY = "provenance"
METADATA_KEY_EN = "provenance_en"

LOCATION_KINDS = ("slide", "page", "section")


@dataclass(frozen=True)
class SourceDocument:
    """A document the knowledge restates, described once per file."""

    id: str
    title: str
    publisher: str
    date: str = ""  # ISO: "2025-06-05", "2025-06" or "2023"; empty when the document has none


@dataclass(frozen=True)
class SourceRef:
    """One place in one source document: e.g. slide 5, or the sections "4 Metode" and "6"."""

    document: SourceDocument
    kind: str  # one of LOCATION_KINDS
    places: tuple[str, ...]


@dataclass(frozen=True)
class Provenance:
    """A section's provenance: the places it restates, or none when it is arena practice."""

    refs: tuple[SourceRef, ...] = ()

    @property
    def is_practice(self) -> bool:
        return not self.refs


PRACTICE = Provenance()


def provenance_label(provenance: Provenance, language: Language = "no") -> str:
    """The provenance as one line a reader can check, in Norwegian ("no") or English ("en").

    "Gjengitt fra: H2B Open (lysark), Health2B, 5. juni 2025, lysark 5" or
    "Arena practice (no source)".
    """
    if provenance.is_practice:
        return words.PRACTICE[language]
    parts = [
        f"{ref.document.title}, {ref.document.publisher}, "
        f"{_render_date(ref.document.date, language)}, {_render_places(ref, language)}"
        for ref in provenance.refs
    ]
    return f"{words.RESTATED[language]}: " + "; ".join(parts)


def provenance_metadata(provenance: Provenance | None) -> dict[str, str]:
    """The chunk metadata entries for a provenance: both labels, or nothing when unknown."""
    if provenance is None:
        return {}
    return {
        METADATA_KEY: provenance_label(provenance, "no"),
        METADATA_KEY_EN: provenance_label(provenance, "en"),
    }


def _render_date(date: str, language: Language) -> str:
    if not date:
        return words.UNDATED[language]
    parts = date.split("-")
    year = parts[0]
    month = words.MONTHS[language][int(parts[1]) - 1] if len(parts) > 1 else ""
    if len(parts) > 2:
        day = int(parts[2])
        return f"{day}. {month} {year}" if language == "no" else f"{day} {month} {year}"
    return f"{month} {year}".strip()


def _render_places(ref: SourceRef, language: Language) -> str:
    singular, plural = words.LOCATION_NOUNS[language][ref.kind]
    opening, closing = words.QUOTES[language]
    shown = [p if _is_number(p) else f"{opening}{p}{closing}" for p in ref.places]
    if len(shown) == 1:
        return f"{singular} {shown[0]}"
    listed = ", ".join(shown[:-1]) + f" {words.AND[language]} {shown[-1]}"
    return f"{plural} {listed}"


def _is_number(place: str) -> bool:
    """'5', '7–8' and '4.2' read as numbers; anything else is a title to quote."""
    return bool(place) and all(c.isdigit() or c in ".–-" for c in place)


# Parsing ------------------------------------------------------------------------------------


def parse_sources(front_matter: Mapping[str, object]) -> dict[str, SourceDocument]:
    """The `sources:` map of a front matter, checked: each needs a title and a publisher."""
    raw = front_matter.get("sources") or {}
    if not isinstance(raw, Mapping):
        raise CorruptFileError("front matter 'sources' must map an id to title/publisher/date")
    documents: dict[str, SourceDocument] = {}
    for source_id, fields in raw.items():
        if (
            not isinstance(fields, Mapping)
            or not fields.get("title")
            or not fields.get("publisher")
        ):
            raise CorruptFileError(
                f"front matter source '{source_id}' needs a title and a publisher"
            )
        documents[str(source_id)] = SourceDocument(
            id=str(source_id),
            title=str(fields["title"]).strip(),
            publisher=str(fields["publisher"]).strip(),
            date=_parse_date(source_id, fields.get("date")),
        )
    return documents


def parse_provenance(front_matter: Mapping[str, object]) -> dict[str, Provenance]:
    """The `provenance:` map of a front matter, by section heading (INTRO_KEY for the intro).

    Raises CorruptFileError for an entry that names an unknown source, mixes practice with
    sources, or gives no location, so a typo cannot pass for a cited source.
    """
    raw = front_matter.get("provenance")
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise CorruptFileError("front matter 'provenance' must map section headings to entries")
    sources = parse_sources(front_matter)
    return {
        str(heading): _parse_entry(str(heading), entry, sources) for heading, entry in raw.items()
    }


def _parse_entry(heading: str, entry: object, sources: dict[str, SourceDocument]) -> Provenance:
    items = entry if isinstance(entry, list) else [entry]
    if not items or not all(isinstance(item, Mapping) for item in items):
        raise CorruptFileError(f"provenance of '{heading}': expected a mapping or a list of them")
    practice = [item for item in items if item.get("practice")]
    if practice:
        if len(items) > 1 or set(practice[0]) - {"practice", "note"}:
            raise CorruptFileError(
                f"provenance of '{heading}': 'practice: true' stands alone; "
                "put practice and restated text in separate sections"
            )
        return PRACTICE
    return Provenance(tuple(_parse_ref(heading, item, sources) for item in items))


def _parse_ref(
    heading: str, item: Mapping[str, object], sources: dict[str, SourceDocument]
) -> SourceRef:
    source_id = str(item.get("source", ""))
    if source_id not in sources:
        known = ", ".join(sources) or "none"
        raise CorruptFileError(
            f"provenance of '{heading}': unknown source '{source_id}' (sources: {known})"
        )
    kinds = [k for k in LOCATION_KINDS if k in item]
    unknown = set(item) - {"source", "note", *LOCATION_KINDS}
    if len(kinds) != 1 or unknown:
        raise CorruptFileError(
            f"provenance of '{heading}': give exactly one of {', '.join(LOCATION_KINDS)} "
            f"with the source '{source_id}'"
        )
    value = item[kinds[0]]
    places = tuple(str(v).strip() for v in (value if isinstance(value, list) else [value]))
    if not places or not all(places):
        raise CorruptFileError(f"provenance of '{heading}': empty {kinds[0]}")
    return SourceRef(sources[source_id], kinds[0], places)


def _parse_date(source_id: object, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):  # YAML reads an unquoted 2025-06-05 as a date
        return value.isoformat()
    text = str(value).strip()
    parts = text.split("-")
    valid = (
        1 <= len(parts) <= 3
        and all(p.isdigit() for p in parts)
        and len(parts[0]) == 4
        and (len(parts) < 2 or 1 <= int(parts[1]) <= 12)
    )
    if not valid:
        raise CorruptFileError(
            f"front matter source '{source_id}': date '{text}' is not YYYY, YYYY-MM or YYYY-MM-DD"
        )
    return text
