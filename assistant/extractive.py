"""The model-free answer: the few retrieved sentences that best answer a question, each cited.

Passages are first repaired into readable units (broken lines joined, a slide's bullets read
as one list under its heading, prose split into sentences). Units are scored against the
question by weighted term overlap and embedding similarity, picked with maximal marginal
relevance so the answer does not say the same thing twice, and put back in reading order.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.retrieval import SearchResult
from assistant.text_analysis import NorwegianAnalyzer
from ingest.cleaning import join_broken_lines

logger = logging.getLogger(__name__)

_BULLET = re.compile(r"^\s*(?:[•▪✓✔◦●■□➢►▸‣⁃*]|[-–](?=\s))\s*")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[«\"(]?[A-ZÆØÅ0-9])")
_ABBREVIATION = re.compile(r"\b(?:f\.eks|bl\.a|m\.fl|m\.m|dvs|ca|jf|nr|kap|s|mv|pkt|Eks|eks)\.$")
_WORD = re.compile(r"[^\W_]+")
# Sentences that speak to the assistant rather than about the topic are planted instructions.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget)\b.{0,40}\b(?:instructions?|rules|prompt|above)\b"
    r"|\b(?:ignorer|glem|se bort fra)\b.{0,40}\b(?:instruks\w*|regl\w*|beskjed\w*|ovenfor)\b"
    r"|\b(?:system prompt|you are now|du er nå|as an ai|svar bare med|reply only with|"
    r"answer only with|respond only with)\b",
    re.IGNORECASE,
)
_MAX_UNIT_CHARS = 420
_MAX_ANSWER_CHARS = 1100


@dataclass
class Unit:
    """A readable piece of one passage: a sentence, or a slide heading with its bullets."""

    text: str
    quote: str
    passage: int
    position: int
    terms: frozenset[str] = frozenset()


@dataclass
class ScoredUnit:
    """A unit with its relevance to the question and what the relevance is made of."""

    unit: Unit
    score: float
    lexical: float
    dense: float


@dataclass
class Extract:
    """The chosen units, best-scored set first, plus every scored unit for the abstainer."""

    chosen: list[ScoredUnit]
    scored: list[ScoredUnit] = field(default_factory=list)
    query_terms: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        """The answer: one unit per sentence, each closed by its passage's citation number."""
        return " ".join(f"{_close(s.unit.text)} [{s.unit.passage}]" for s in self.chosen)

    @property
    def quotes(self) -> dict[int, str]:
        """The original wording behind each cited passage number, for citation checks."""
        out: dict[int, str] = {}
        for s in self.chosen:
            out.setdefault(s.unit.passage, s.unit.quote)
        return out


def looks_like_instruction(text: str) -> bool:
    """True for text that addresses the assistant ("ignore the rules ...") instead of the reader."""
    return bool(_INSTRUCTION.search(text))


def _close(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?:" else text + "."


def _clean_bullet(line: str) -> str:
    return _BULLET.sub("", line).strip()


def split_sentences(paragraph: str) -> list[str]:
    """Split prose on sentence ends, keeping abbreviations such as 'f.eks.' inside."""
    pieces = _SENTENCE_BREAK.split(paragraph.strip())
    out: list[str] = []
    for piece in pieces:
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [p.strip() for p in out if p.strip()]


def passage_units(text: str, passage: int = 1) -> list[Unit]:
    """Repair one passage into readable units.

    Prose lines become sentences. A run of bullets or short label lines (a slide) becomes one
    list sentence, "Heading: a; b; c.", since slide items only make sense together; an item
    broken over two lines is joined again. A lone short line before prose is that prose's
    heading and is kept in front of its first sentence.
    """
    lines = [line.strip() for line in join_broken_lines(text).split("\n")]
    segments: list[tuple[str, list[str]]] = []
    for line in lines:
        if not line:
            if segments and segments[-1][0] == "prose":
                segments.append(("gap", []))
            continue
        kind = "prose" if _is_prose(line) else "list"
        if segments and segments[-1][0] == kind:
            segments[-1][1].append(line)
        else:
            segments.append((kind, [line]))
    units: list[Unit] = []
    pending_heading: list[str] = []
    for kind, seg_lines in segments:
        if kind == "gap":
            continue
        if kind == "list":
            if len(seg_lines) == 1 and not _BULLET.match(seg_lines[0]):
                pending_heading = seg_lines
                continue
            if pending_heading:
                units.extend(_sentence_units(pending_heading, [], passage, len(units)))
                pending_heading = []
            units.extend(_list_units(seg_lines, passage, len(units)))
        else:
            units.extend(_sentence_units(pending_heading, seg_lines, passage, len(units)))
            pending_heading = []
    if pending_heading:
        units.extend(_sentence_units(pending_heading, [], passage, len(units)))
    return [u for u in units if len(_WORD.findall(u.text)) >= 3]


def _is_prose(line: str) -> bool:
    if _BULLET.match(line):
        return False
    return len(line) > 90 or bool(re.search(r"[.!?]\s*[»”\"')]?$", line))


def _sentence_units(
    heading: list[str], lines: list[str], passage: int, position: int
) -> list[Unit]:
    sentences = split_sentences(" ".join(lines)) if lines else []
    if heading:
        title = heading[0].rstrip(":")
        if sentences:
            first = sentences[0]
            sentences[0] = f"{title}: {first}"
            quotes = [f"{heading[0]} {first}", *sentences[1:]]
        else:
            sentences, quotes = [title], [heading[0]]
    else:
        quotes = list(sentences)
    return [
        Unit(text, quote, passage, position + n)
        for n, (text, quote) in enumerate(zip(sentences, quotes, strict=True))
    ]


def _list_units(lines: list[str], passage: int, position: int) -> list[Unit]:
    """Read a run of bullets and labels as list sentences under the run's heading."""
    heading = "" if _BULLET.match(lines[0]) or len(lines) == 1 else lines[0]
    body = lines[1:] if heading else lines
    items: list[str] = []
    raws: list[str] = []
    for line in body:
        item = _clean_bullet(line).rstrip(";,")
        if not item:
            continue
        # "Nyttiggjøring av helse- og" + "styringsdata": one item broken over two lines.
        if items and not _BULLET.match(line) and (item[0].islower() or items[-1].endswith("-")):
            items[-1] = f"{items[-1]} {item}"
            raws[-1] = f"{raws[-1]} {line}"
            continue
        items.append(item)
        raws.append(line)
    if not items:
        return _sentence_units([heading], [], passage, position) if heading else []
    # Long bullets already read as sentences of their own.
    if sum(len(item) for item in items) / len(items) > 110:
        lead = _sentence_units([heading], [], passage, position) if heading else []
        return lead + [
            Unit(_close(item), raw, passage, position + n + 1)
            for n, (item, raw) in enumerate(zip(items, raws, strict=True))
        ]
    units: list[Unit] = []
    run: list[str] = []
    run_raw: list[str] = [heading] if heading else []
    for item, raw in zip(items, raws, strict=True):
        if run and len(_list_text(heading, [*run, item])) > _MAX_UNIT_CHARS:
            units.append(Unit(_list_text(heading, run), " ".join(run_raw), passage, position))
            position += 1
            run, run_raw = [], [heading] if heading else []
        run.append(item.rstrip("."))
        run_raw.append(raw)
    units.append(Unit(_list_text(heading, run), " ".join(run_raw), passage, position))
    return units


def _list_text(heading: str, items: list[str]) -> str:
    body = "; ".join(items)
    if not heading:
        return body
    return f"{heading.rstrip(':')}: {body}"


class ExtractiveAnswerer:
    """Chooses 2-5 sentences from retrieved passages that together answer a question."""

    def __init__(
        self,
        analyzer: NorwegianAnalyzer,
        embeddings: Embeddings | None = None,
        max_sentences: int = 5,
        min_sentences: int = 2,
        diversity: float = 0.3,
        relative_floor: float = 0.55,
    ) -> None:
        self.analyzer = analyzer
        self.embeddings = embeddings
        self.max_sentences = max_sentences
        self.min_sentences = min_sentences
        self.diversity = diversity
        self.relative_floor = relative_floor
        self._total = max(1, sum(analyzer.vocabulary.values()))

    def terms(self, text: str) -> frozenset[str]:
        return frozenset(self.analyzer.terms(text))

    def weight(self, term: str) -> float:
        """Rare terms say more about what is asked: an IDF-like weight from corpus counts."""
        count = self.analyzer.vocabulary.get(term, 0)
        return math.log(1 + self._total / (1 + count))

    def coverage(self, query_terms: frozenset[str], terms: frozenset[str]) -> float:
        """The weighted share of the query's terms that a text contains."""
        total = sum(self.weight(t) for t in query_terms)
        if total <= 0:
            return 0.0
        return sum(self.weight(t) for t in query_terms & terms) / total

    def score(self, question: str, passages: Sequence[SearchResult]) -> Extract:
        """Every unit of every passage, scored against the question."""
        query_terms = self.terms(question)
        units: list[Unit] = []
        for n, passage in enumerate(passages, start=1):
            for unit in passage_units(passage.text, n):
                if looks_like_instruction(unit.text):
                    logger.info("Skipped an instruction-like sentence in %s", passage.source)
                    continue
                unit.terms = self.terms(unit.text)
                units.append(unit)
        if not units:
            return Extract([], [], query_terms)
        lexical = np.array([self.coverage(query_terms, u.terms) for u in units])
        best_passage = max((p.score for p in passages), default=1.0) or 1.0
        prior = np.array([passages[u.passage - 1].score / best_passage for u in units])
        # Length prior: a fragment of three words rarely answers anything on its own.
        length = np.array([min(1.0, len(u.terms) / 6) for u in units])
        if self.embeddings is None:
            dense = np.zeros(len(units))
            score = 0.75 * lexical + 0.25 * prior
        else:
            dense = self._dense(question, units)
            score = 0.5 * lexical + 0.35 * dense + 0.15 * prior
        score = score * (0.6 + 0.4 * length)
        scored = [
            ScoredUnit(u, float(s), float(lx), float(d))
            for u, s, lx, d in zip(units, score, lexical, dense, strict=True)
        ]
        return Extract([], scored, query_terms)

    def _dense(self, question: str, units: list[Unit]) -> np.ndarray:
        if self.embeddings is None:
            return np.zeros(len(units))
        query = np.asarray(self.embeddings.embed_query(question), dtype=np.float32)
        vectors = np.asarray(self.embeddings.embed_documents([u.text for u in units]))
        sims = (
            vectors
            @ query
            / (np.linalg.norm(vectors, axis=1) * (np.linalg.norm(query) or 1.0) + 1e-9)
        )
        # Cosine scores of one model cluster in a narrow band; spread them over 0..1 per query.
        low, high = float(sims.min()), float(sims.max())
        if high - low < 1e-6:
            return np.ones(len(units)) * 0.5
        return (sims - low) / (high - low)

    def answer(self, question: str, passages: Sequence[SearchResult]) -> Extract:
        """Score, then choose diverse sentences and put them in reading order."""
        extract = self.score(question, passages)
        extract.chosen = self.select(extract.scored)
        return extract

    def select(self, scored: list[ScoredUnit]) -> list[ScoredUnit]:
        """Maximal marginal relevance: relevant, but unlike what is already chosen."""
        if not scored:
            return []
        pool = sorted(scored, key=lambda s: s.score, reverse=True)
        top = pool[0].score
        chosen: list[ScoredUnit] = []
        length = 0
        while pool and len(chosen) < self.max_sentences:
            best, best_value = None, -math.inf
            for candidate in pool:
                overlap = max((_jaccard(candidate.unit, c.unit) for c in chosen), default=0.0)
                value = (1 - self.diversity) * candidate.score - self.diversity * overlap * top
                if value > best_value:
                    best, best_value = candidate, value
            assert best is not None
            pool.remove(best)
            enough = len(chosen) >= self.min_sentences
            if enough and best.score < self.relative_floor * top:
                break
            if _contained(best.unit, [c.unit for c in chosen]):
                continue
            if chosen and length + len(best.unit.text) > _MAX_ANSWER_CHARS:
                if enough:
                    break
                continue
            chosen.append(best)
            length += len(best.unit.text)
        return reading_order(chosen)


def reading_order(chosen: list[ScoredUnit]) -> list[ScoredUnit]:
    """Group sentences by passage, best passage first, and keep each passage's own order."""
    best: dict[int, float] = {}
    for s in chosen:
        best[s.unit.passage] = max(best.get(s.unit.passage, 0.0), s.score)
    return sorted(chosen, key=lambda s: (-best[s.unit.passage], s.unit.passage, s.unit.position))


def _jaccard(a: Unit, b: Unit) -> float:
    if not a.terms or not b.terms:
        return 0.0
    return len(a.terms & b.terms) / len(a.terms | b.terms)


def _contained(unit: Unit, chosen: list[Unit]) -> bool:
    """A unit whose words all appear in one already chosen adds nothing."""
    words = Counter(_WORD.findall(unit.text.lower()))
    for other in chosen:
        other_words = Counter(_WORD.findall(other.text.lower()))
        if not words - other_words:
            return True
    return False
