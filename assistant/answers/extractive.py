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

from assistant.i18n import detect_language
from assistant.index.retrieval import SearchResult
from assistant.text.analysis import NorwegianAnalyzer
from assistant.text.figures import figure_kind, states_figure
from assistant.text.normalise import GLYPH_BULLETS, PRIVATE_USE_BULLETS, join_broken_lines
from assistant.text.sentences import split_sentences

logger = logging.getLogger(__name__)

_BULLET = re.compile(rf"^\s*(?:[{GLYPH_BULLETS}*]|[-–](?=\s))\s*")
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
_MAX_ANSWER_CHARS = 1400
# A heading or intro with the items it announces, read as one unit (see `block_units`).
_MAX_BLOCK_CHARS = 800
# "30%", "2 275", "kr 12 mill.": a figure alone on its line.
_FIGURE_LINE = re.compile(
    r"^(?:kr\.?\s*)?[+-]?\d[\d\s.,]*\s*(?:%|prosent|mill\w*\.?|mrd\.?|kr|x)?$", re.IGNORECASE
)
_TABLE_CAPTION = re.compile(r"(?:tabell|table)\s+\d+\b", re.IGNORECASE)
# "13 Agenda", "4 Sammen skaper ...": slide numbers that the extraction put before a title.
_SLIDE_NUMBER = re.compile(r"^\d{1,3}\s+(?=[«\"A-ZÆØÅ])")
_SLIDE_TITLE = re.compile(r"\n(?=\d{1,3} [«\"A-ZÆØÅ][^\n]{0,80}\n)")
# Questions that ask for several things ("hvilke", "which", "de fire stegene") are answered
# by a whole list, so list blocks are preferred for them over single sentences.
_ASKS_FOR_LIST = {
    "no": re.compile(
        r"\b(?:hvilke|hva (?:er|var) de|nevn|beskriv|list|to|tre|fire|fem|seks|sju|syv)\b",
        re.IGNORECASE,
    ),
    # Without the Norwegian numerals: English "to" is a preposition, not "two".
    "en": re.compile(
        r"\b(?:which|what are|name the|list|describe|two|three|four|five|six|seven)\b",
        re.IGNORECASE,
    ),
}


@dataclass
class Unit:
    """A readable piece of one passage: a sentence, or a slide heading with its bullets."""

    text: str
    quote: str
    passage: int
    position: int
    terms: frozenset[str] = frozenset()
    # How many list items or sentences the unit holds; more than two makes it a list, and
    # 0 marks the title of a slide whose content is not in the text (see _empty_slide_titles).
    items: int = 1


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


def passage_units(text: str, passage: int = 1) -> list[Unit]:
    """Repair one passage into readable units.

    Prose lines become sentences. A run of bullets or short label lines (a slide) becomes one
    list sentence, "Heading: a; b; c.", since slide items only make sense together; an item
    broken over two lines is joined again. A lone short line before prose is that prose's
    heading and is kept in front of its first sentence.
    """
    # PDFs set in Symbol or Wingdings fonts extract their bullets as private-use characters.
    text = re.sub(rf"\s*[{PRIVATE_USE_BULLETS}]\s*", "\n• ", text)
    # A numbered slide title starts a new slide: keep it off the previous slide's last line.
    text = _SLIDE_TITLE.sub("\n\n", text)
    empty = _empty_slide_titles(text)
    lines = _attach_figures([line.strip() for line in join_broken_lines(text).split("\n")])
    segments: list[tuple[str, list[str]]] = []
    for line in lines:
        if not line:
            if segments and segments[-1][0] == "prose":
                segments.append(("gap", []))
            continue
        kind = "prose" if _is_prose(line) else "list"
        # A numbered slide title opens a new slide, never continues the previous one.
        if segments and segments[-1][0] == kind and not _is_slide_title(line):
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
            for block in _split_at_headings(seg_lines):
                units.extend(_list_units(block, passage, len(units)))
        else:
            units.extend(_sentence_units(pending_heading, seg_lines, passage, len(units)))
            pending_heading = []
    if pending_heading:
        units.extend(_sentence_units(pending_heading, [], passage, len(units)))
    for unit in units:
        if unit.quote.strip() in empty:
            unit.items = 0
    return [u for u in units if len(_WORD.findall(u.text)) >= 3]


def _attach_figures(lines: list[str]) -> list[str]:
    """Join a figure standing alone on a line to the label above it: "Økt produktivitet 30%".

    Slides set key figures large on their own line under (or over) a short label; apart,
    the figure is a fragment that no question can match and the label says nothing.
    """
    out: list[str] = []
    for line in lines:
        previous = next((n for n in range(len(out) - 1, -1, -1) if out[n]), None)
        if (
            _FIGURE_LINE.match(line)
            and previous is not None
            and not _FIGURE_LINE.match(out[previous])
            and len(out[previous]) <= 60
            and not _is_prose(out[previous])
        ):
            out[previous] = f"{out[previous]} {line}"
            continue
        out.append(line)
    return out


def _is_slide_title(line: str) -> bool:
    """'4 Sammen skaper vi fremtidens helsetjeneste': a short numbered line, not a sentence."""
    return bool(_SLIDE_NUMBER.match(line)) and len(line) <= 90 and not line.endswith(".")


def _empty_slide_titles(text: str) -> set[str]:
    """Slide titles followed at once by the next slide's title: the slide's content is not text.

    Such a slide (logos, a picture, a chart) names a topic without saying anything about it,
    which the abstainer must know: "Health2Bs partnere per mai 2025" lists no partner.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return {
        line
        for line, following in zip(lines, [*lines[1:], ""], strict=True)
        if _is_slide_title(line) and (not following or _is_slide_title(following))
    }


def _split_at_headings(lines: list[str]) -> list[list[str]]:
    """Cut a run of slide lines where a new heading starts.

    A slide's title is an unbulleted line followed by bullets, and an item ending in ":" (such
    as "Eksperimenteringsarbeid:") announces the items after it. Each starts its own block,
    so that the list answering a question is not glued to the previous slide's lines.
    """
    blocks: list[list[str]] = [[]]
    for n, line in enumerate(lines):
        following = lines[n + 1] if n + 1 < len(lines) else ""
        heading = (
            not _BULLET.match(line) and bool(_BULLET.match(following))
        ) or line.rstrip().endswith(":")
        if heading and blocks[-1]:
            blocks.append([])
        blocks[-1].append(line)
    return [b for b in blocks if b]


def block_units(units: list[Unit]) -> list[Unit]:
    """Extra units: an intro ending in ':', or a table's caption, with the units that follow.

    "Generative mekanismer:" is only an answer together with the mechanisms after it, and a
    table's rows ("C 260 3 500") only mean something under its caption and column names, so
    the intro and its following units of the same passage are offered as one more candidate.
    The pieces stay candidates too; duplicates are filtered when the answer is chosen.
    """
    extra: list[Unit] = []
    for n, unit in enumerate(units):
        if not (unit.text.rstrip().endswith(":") or _TABLE_CAPTION.match(unit.text)):
            continue
        texts, quotes = [unit.text.rstrip()], [unit.quote]
        for follower in units[n + 1 :]:
            if follower.passage != unit.passage:
                break
            if len(" ".join(texts)) + len(follower.text) > _MAX_BLOCK_CHARS:
                break
            texts.append(_close(follower.text).rstrip("."))
            quotes.append(follower.quote)
        if len(texts) > 1:
            body = texts[0] + " " + "; ".join(texts[1:])
            extra.append(
                Unit(body, " ".join(quotes), unit.passage, unit.position, items=len(texts) - 1)
            )
    return units + extra


def asks_for_list(question: str) -> bool:
    """True for questions that ask for several things: which, list, 'de fire stegene'."""
    return bool(_ASKS_FOR_LIST[detect_language(question)].search(question))


def _is_prose(line: str) -> bool:
    if _BULLET.match(line):
        return False
    return len(line) > 90 or bool(re.search(r"[.!?]\s*[»”\"')]?$", line))


def _sentence_units(
    heading: list[str], lines: list[str], passage: int, position: int
) -> list[Unit]:
    sentences = split_sentences(" ".join(lines)) if lines else []
    if heading:
        title = _SLIDE_NUMBER.sub("", heading[0]).rstrip(":")
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
    heading = _SLIDE_NUMBER.sub("", heading)
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
            units.append(
                Unit(_list_text(heading, run), " ".join(run_raw), passage, position, items=len(run))
            )
            position += 1
            run, run_raw = [], [heading] if heading else []
        run.append(item.rstrip("."))
        run_raw.append(raw)
    units.append(
        Unit(_list_text(heading, run), " ".join(run_raw), passage, position, items=len(run))
    )
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
        list_bonus: float = 0.25,
        figure_bonus: float = 0.5,
        context_floor: float = 0.4,
        list_context_floor: float = 0.3,
        fuller_ratio: float = 0.9,
        heading_weight: float = 0.6,
        vector_cache: dict[str, np.ndarray] | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.embeddings = embeddings
        self.max_sentences = max_sentences
        self.min_sentences = min_sentences
        self.diversity = diversity
        self.relative_floor = relative_floor
        self.list_bonus = list_bonus
        self.figure_bonus = figure_bonus
        self.context_floor = context_floor
        self.list_context_floor = list_context_floor
        self.fuller_ratio = fuller_ratio
        self.heading_weight = heading_weight
        # Unit vectors by text: passages recur across questions, so each is embedded once.
        self.vector_cache = vector_cache if vector_cache is not None else {}
        self._total = max(1, sum(analyzer.vocabulary.values()))

    def terms(self, text: str, query: bool = False) -> frozenset[str]:
        return frozenset(self.analyzer.terms(text, query=query, split=True))

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
        query_terms = self.terms(question, query=True)
        units: list[Unit] = []
        for n, passage in enumerate(passages, start=1):
            for unit in block_units(passage_units(passage.text, n)):
                if looks_like_instruction(unit.text):
                    logger.info("Skipped an instruction-like sentence in %s", passage.source)
                    continue
                unit.terms = self.terms(unit.text)
                units.append(unit)
        if not units:
            return Extract([], [], query_terms)
        # A sentence under the heading "Samskaping" is about samskaping even when it says "vi".
        headings = [self.terms(_heading(p.location)) for p in passages]
        lexical = np.array(
            [
                (1 - self.heading_weight) * self.coverage(query_terms, u.terms)
                + self.heading_weight
                * self.coverage(query_terms, u.terms | headings[u.passage - 1])
                for u in units
            ]
        )
        best_passage = max((p.score for p in passages), default=1.0) or 1.0
        prior = np.array([passages[u.passage - 1].score / best_passage for u in units])
        # Length prior: a fragment of three words rarely answers anything on its own.
        length = np.array([min(1.0, len(u.terms) / 6) for u in units])
        if self.embeddings is None:
            dense = np.zeros(len(units))
            score = 0.75 * lexical + 0.25 * prior
        else:
            dense = self._dense(question, units)
            # Meaning outweighs shared words: e5 is multilingual, so it also reaches the
            # Norwegian sentence that answers an English question.
            score = 0.35 * lexical + 0.5 * dense + 0.15 * prior
        score = score * (0.6 + 0.4 * length)
        kind = figure_kind(question)
        if kind:
            # "How many took part?" is answered by the sentence with the number in it.
            has_figure = np.array([1.0 if states_figure(u.text, kind) else 0.0 for u in units])
            score = score * (1 + self.figure_bonus * has_figure)
        if asks_for_list(question):
            # A list question is answered by the list, not by the sentence naming its topic.
            is_list = np.array([1.0 if u.items >= 3 else 0.0 for u in units])
            score = score * (1 + self.list_bonus * is_list)
        scored = [
            ScoredUnit(u, float(s), float(lx), float(d))
            for u, s, lx, d in zip(units, score, lexical, dense, strict=True)
        ]
        return Extract([], scored, query_terms)

    def _dense(self, question: str, units: list[Unit]) -> np.ndarray:
        if self.embeddings is None:
            return np.zeros(len(units))
        query = np.asarray(self.embeddings.embed_query(question), dtype=np.float32)
        missing = list(dict.fromkeys(u.text for u in units if u.text not in self.vector_cache))
        if missing:
            for text, vector in zip(missing, self.embeddings.embed_documents(missing), strict=True):
                self.vector_cache[text] = np.asarray(vector, dtype=np.float32)
        vectors = np.stack([self.vector_cache[u.text] for u in units])
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
        chosen = self.with_context(chosen, scored, length)
        return reading_order(self.fuller(chosen, scored))

    def fuller(self, chosen: list[ScoredUnit], scored: list[ScoredUnit]) -> list[ScoredUnit]:
        """Swap a chosen unit for one that says all it says and more, if nearly as relevant.

        Overlapping chunks and lists split across slides give the same items twice, once cut
        short ("Kollektiv handling") and once with the item after it; the fuller one answers
        better, where diversity alone would keep the short one and drop the other.
        """
        out = list(chosen)
        length = sum(len(c.unit.text) for c in out)
        for i, pick in enumerate(out):
            for candidate in sorted(scored, key=lambda s: s.score, reverse=True):
                if candidate.score < self.fuller_ratio * pick.score:
                    break
                if any(candidate is c for c in out) or not _contained(pick.unit, [candidate.unit]):
                    continue
                if _contained(candidate.unit, [pick.unit]):
                    continue  # the same words: nothing gained
                grown = length - len(pick.unit.text) + len(candidate.unit.text)
                if grown > _MAX_ANSWER_CHARS:
                    continue
                out[i], length = candidate, grown
                break
        # A fuller unit may now also hold another pick's words; of two alike, the first stays.
        return [c for n, c in enumerate(out) if not _redundant(n, [o.unit for o in out])]

    def with_context(
        self, chosen: list[ScoredUnit], scored: list[ScoredUnit], length: int
    ) -> list[ScoredUnit]:
        """Add the unit after each of the best two, if it is on topic and there is room.

        In reports a finding's figures or examples often stand in the sentence after the one
        that matches the question best ("The seminar lasted three days. About 50 took part."),
        and that sentence reads well after it.
        """
        if not chosen:
            return chosen
        top = max(s.score for s in chosen)
        taken = {(s.unit.passage, s.unit.position) for s in chosen}
        following = {(s.unit.passage, s.unit.position): s for s in scored}
        added: list[ScoredUnit] = []
        for best in sorted(chosen, key=lambda s: s.score, reverse=True)[:2]:
            key = (best.unit.passage, best.unit.position + 1)
            after = following.get(key)
            # The rest of a slide's list, cut off where the extraction broke it, belongs to it.
            floor = self.list_context_floor if best.unit.items >= 3 else self.context_floor
            if after is None or key in taken or after.score < floor * top:
                continue
            if length + len(after.unit.text) > _MAX_ANSWER_CHARS:
                continue
            if _contained(after.unit, [c.unit for c in chosen + added]):
                continue
            added.append(after)
            taken.add(key)
            length += len(after.unit.text)
        # Still at most max_sentences: a context sentence displaces the weakest other pick.
        bests = sorted(chosen, key=lambda s: s.score, reverse=True)[:2]
        others = sorted(
            (s for s in chosen if all(s is not b for b in bests)), key=lambda s: s.score
        )
        while others and len(chosen) + len(added) > self.max_sentences:
            weakest = others.pop(0)
            chosen = [s for s in chosen if s is not weakest]
        return (chosen + added)[: max(self.max_sentences, len(bests))]


def _heading(location: str) -> str:
    """The heading part of a location: "section 4: Samskaping" gives "Samskaping"."""
    return location.split(":", 1)[1] if ":" in location else ""


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


def _redundant(n: int, units: list[Unit]) -> bool:
    """True when another unit says everything unit n says: more, or the same and earlier."""
    unit = units[n]
    return any(
        _contained(unit, [other]) and (m < n or not _contained(other, [unit]))
        for m, other in enumerate(units)
        if m != n
    )


def _contained(unit: Unit, chosen: list[Unit]) -> bool:
    """A unit whose words all appear in one already chosen adds nothing."""
    words = Counter(_WORD.findall(unit.text.lower()))
    for other in chosen:
        other_words = Counter(_WORD.findall(other.text.lower()))
        if not words - other_words:
            return True
    return False
