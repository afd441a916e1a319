"""Citations checked in code: numbers must point at a passage, quotes must stand in it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.index.retrieval import SearchResult
from assistant.text.normalise import normalise_for_match
from assistant.text.sentences import split_sentences
from assistant.text.units import passage_units

# "[1]", "[1, 3]", "[1][2]" and the "[Source 2]" or "[Utdrag 2]" some models write.
_MARKER = re.compile(
    r"\[(?:(?:source|kilde|utdrag|excerpt|passage)\s*)?(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]", re.I
)
_LEADING_MARKERS = re.compile(r"^((?:\s*\[[^\]]{1,20}\])+)\s*")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class CitationTuning:
    """How much of a passage a citation quotes."""

    # A quote longer than this is cut at a word: it shows where, the passage says the rest.
    max_quote: int = 300


@dataclass
class Citation:
    """One numbered citation: the passage it points at and the words that support the claim."""

    n: int
    source: str
    location: str
    quote: str
    title: str = ""
    passage: str = ""
    chunk_id: str = ""
    # Where the cited passage comes from, when its document declares it (knowledge/ files):
    # "Gjengitt fra: <title>, <publisher>, <date>, <location>" or "Arenaens egen praksis ...".
    provenance: str | None = None
    provenance_en: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "source": self.source,
            "location": self.location,
            "quote": self.quote,
            "provenance": self.provenance,
            "provenance_en": self.provenance_en,
        }


def cited_numbers(text: str) -> list[int]:
    """Every citation number in a text, in order of appearance, repeats removed."""
    numbers: list[int] = []
    for match in _MARKER.finditer(text):
        for part in re.split(r"[,;]", match.group(1)):
            n = int(part)
            if n not in numbers:
                numbers.append(n)
    return numbers


def strip_citations(text: str) -> str:
    """The text without its citation markers."""
    return re.sub(r"\s+([.,;:!?])", r"\1", _MARKER.sub("", text)).strip()


def split_answer(text: str) -> list[str]:
    """An answer's sentences; markers written after a full stop stay with their sentence."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip()
        if not line:
            continue
        for piece in split_sentences(line):
            leading = _LEADING_MARKERS.match(piece)
            if leading and sentences and _MARKER.search(leading.group(1)):
                sentences[-1] = f"{sentences[-1]} {leading.group(1).strip()}"
                piece = piece[leading.end() :]
            if piece.strip():
                sentences.append(piece.strip())
    return sentences


def quote_in_passage(quote: str, passage: str) -> bool:
    """True when the quote stands in the passage, ignoring case, bullets, spacing, hyphen breaks."""
    wanted = normalise_for_match(quote)
    return bool(wanted) and wanted in normalise_for_match(passage)


def best_quote(claim: str, passage: str, tuning: CitationTuning = CitationTuning()) -> str:
    """The passage sentence or line that shares most words with the claim, as written there."""
    claim_words = set(_WORD.findall(strip_citations(claim).lower()))
    best, best_overlap = "", -1.0
    for unit in passage_units(passage):
        words = set(_WORD.findall(unit.quote.lower()))
        overlap = len(claim_words & words) / (len(words) ** 0.5 or 1.0)
        if overlap > best_overlap and quote_in_passage(unit.quote, passage):
            best, best_overlap = unit.quote, overlap
    if not best:
        best = " ".join(passage.split())
    return _shorten(best, tuning.max_quote)


def _shorten(quote: str, limit: int) -> str:
    quote = " ".join(quote.split())
    if len(quote) <= limit:
        return quote
    return quote[:limit].rsplit(" ", 1)[0]


def resolve_citations(
    text: str,
    passages: Sequence[SearchResult],
    quotes: dict[int, str] | None = None,
    tuning: CitationTuning = CitationTuning(),
) -> tuple[str, list[Citation]]:
    """Renumber markers 1..m by first use, drop those that point at no passage, attach quotes.

    A quote offered by the caller (from the model or the extractive answerer) is kept only if
    it really stands in the cited passage; otherwise the passage's best matching sentence for
    the claims that cite it is quoted instead.
    """
    quotes = quotes or {}
    mapping: dict[int, int] = {}
    claims: dict[int, list[str]] = {}
    sentences = split_answer(text)
    for sentence in sentences:
        for n in cited_numbers(sentence):
            if 1 <= n <= len(passages):
                mapping.setdefault(n, len(mapping) + 1)
                claims.setdefault(n, []).append(sentence)

    def rewrite(match: re.Match[str]) -> str:
        kept = []
        for part in re.split(r"[,;]", match.group(1)):
            new = mapping.get(int(part))
            if new is not None and new not in kept:
                kept.append(new)
        return "".join(f"[{n}]" for n in kept)

    cleaned = _MARKER.sub(rewrite, text)
    cleaned = re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned)).strip()
    citations: list[Citation] = []
    for old, new in sorted(mapping.items(), key=lambda item: item[1]):
        passage = passages[old - 1]
        offered = quotes.get(old, "")
        if offered and quote_in_passage(offered, passage.text):
            quote = _shorten(offered, tuning.max_quote)
        else:
            quote = best_quote(" ".join(claims.get(old, [])), passage.text, tuning)
        citations.append(
            Citation(
                n=new,
                source=passage.source,
                location=passage.location,
                quote=quote,
                title=passage.title,
                passage=passage.text,
                chunk_id=passage.chunk_id,
                provenance=_metadata_text(passage, "provenance"),
                provenance_en=_metadata_text(passage, "provenance_en"),
            )
        )
    return cleaned, citations


def _metadata_text(passage: SearchResult, key: str) -> str | None:
    value = passage.metadata.get(key)
    return str(value) if value else None
