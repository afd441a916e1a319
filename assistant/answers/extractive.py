"""The model-free answer: the few retrieved sentences that best answer a question, each cited.

Passages are repaired into readable units (`assistant.text.units`). Units are scored against
the question by weighted term overlap and embedding similarity, picked with maximal marginal
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

from assistant.answers.injection import looks_like_instruction
from assistant.i18n import detect_language
from assistant.index.retrieval import SearchResult
from assistant.text.analysis import NorwegianAnalyzer
from assistant.text.figures import figure_kind, states_figure
from assistant.text.units import Unit, UnitTuning, block_units, close_sentence, passage_units

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_]+")
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


@dataclass(frozen=True)
class ExtractiveTuning:
    """How units are scored against a question and how many, and which, make the answer."""

    # An answer of more sentences than this stops reading as an answer.
    max_sentences: int = 5
    # Fewer than this is too thin to answer from, whatever the relative floor says.
    min_sentences: int = 2
    # Maximal marginal relevance: the weight against repeating what is already chosen.
    diversity: float = 0.3
    # Past min_sentences, a unit scoring below this share of the best one is not added.
    relative_floor: float = 0.55
    # A list question's score gain for units holding a list (see list_items).
    list_bonus: float = 0.25
    # A figure question's score gain for units stating a figure of the kind asked for.
    figure_bonus: float = 0.5
    # The unit after one of the best must score this share of the best to come along.
    context_floor: float = 0.4
    # The same share when the best unit is a list: the rest of a cut list belongs to it.
    list_context_floor: float = 0.3
    # How many of the best units may bring the unit after them along as context.
    context_picks: int = 2
    # A unit saying all a chosen one says, and more, replaces it if this nearly as relevant.
    fuller_ratio: float = 0.9
    # Share of lexical coverage that also counts the passage's heading terms.
    heading_weight: float = 0.6
    # The whole answer stays short enough to read at a glance.
    max_answer_chars: int = 1400
    # Score weights with unit embeddings: meaning outweighs shared words (e5 is multilingual).
    lexical_weight: float = 0.35
    dense_weight: float = 0.5
    prior_weight: float = 0.15
    # Score weights without embeddings: words, and the passage's retrieval score.
    lexical_weight_alone: float = 0.75
    prior_weight_alone: float = 0.25
    # Length prior: a unit of this many terms or more counts in full; fewer are damped ...
    full_length_terms: int = 6
    # ... to score * (length_base + length_gain * share of full_length_terms).
    length_base: float = 0.6
    length_gain: float = 0.4
    # A unit holding this many items or more is a list (list_bonus, list_context_floor).
    list_items: int = 3
    # How passages are cut into units.
    units: UnitTuning = field(default_factory=UnitTuning)


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
        return " ".join(f"{close_sentence(s.unit.text)} [{s.unit.passage}]" for s in self.chosen)

    @property
    def quotes(self) -> dict[int, str]:
        """The original wording behind each cited passage number, for citation checks."""
        out: dict[int, str] = {}
        for s in self.chosen:
            out.setdefault(s.unit.passage, s.unit.quote)
        return out


def asks_for_list(question: str) -> bool:
    """True for questions that ask for several things: which, list, 'de fire stegene'."""
    return bool(_ASKS_FOR_LIST[detect_language(question)].search(question))


class ExtractiveAnswerer:
    """Chooses 2-5 sentences from retrieved passages that together answer a question."""

    def __init__(
        self,
        analyzer: NorwegianAnalyzer,
        embeddings: Embeddings | None = None,
        tuning: ExtractiveTuning | None = None,
        vector_cache: dict[str, np.ndarray] | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.embeddings = embeddings
        self.tuning = tuning or ExtractiveTuning()
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
        t = self.tuning
        query_terms = self.terms(question, query=True)
        units: list[Unit] = []
        for n, passage in enumerate(passages, start=1):
            for unit in block_units(passage_units(passage.text, n, t.units), t.units):
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
                (1 - t.heading_weight) * self.coverage(query_terms, u.terms)
                + t.heading_weight * self.coverage(query_terms, u.terms | headings[u.passage - 1])
                for u in units
            ]
        )
        best_passage = max((p.score for p in passages), default=1.0) or 1.0
        prior = np.array([passages[u.passage - 1].score / best_passage for u in units])
        # Length prior: a fragment of three words rarely answers anything on its own.
        length = np.array([min(1.0, len(u.terms) / t.full_length_terms) for u in units])
        if self.embeddings is None:
            dense = np.zeros(len(units))
            score = t.lexical_weight_alone * lexical + t.prior_weight_alone * prior
        else:
            dense = self._dense(question, units)
            # Meaning outweighs shared words: e5 is multilingual, so it also reaches the
            # Norwegian sentence that answers an English question.
            score = t.lexical_weight * lexical + t.dense_weight * dense + t.prior_weight * prior
        score = score * (t.length_base + t.length_gain * length)
        kind = figure_kind(question)
        if kind:
            # "How many took part?" is answered by the sentence with the number in it.
            has_figure = np.array([1.0 if states_figure(u.text, kind) else 0.0 for u in units])
            score = score * (1 + t.figure_bonus * has_figure)
        if asks_for_list(question):
            # A list question is answered by the list, not by the sentence naming its topic.
            is_list = np.array([1.0 if u.items >= t.list_items else 0.0 for u in units])
            score = score * (1 + t.list_bonus * is_list)
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
        t = self.tuning
        pool = sorted(scored, key=lambda s: s.score, reverse=True)
        top = pool[0].score
        chosen: list[ScoredUnit] = []
        length = 0
        while pool and len(chosen) < t.max_sentences:
            best, best_value = None, -math.inf
            for candidate in pool:
                overlap = max((_jaccard(candidate.unit, c.unit) for c in chosen), default=0.0)
                value = (1 - t.diversity) * candidate.score - t.diversity * overlap * top
                if value > best_value:
                    best, best_value = candidate, value
            assert best is not None
            pool.remove(best)
            enough = len(chosen) >= t.min_sentences
            if enough and best.score < t.relative_floor * top:
                break
            if _contained(best.unit, [c.unit for c in chosen]):
                continue
            if chosen and length + len(best.unit.text) > t.max_answer_chars:
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
                if candidate.score < self.tuning.fuller_ratio * pick.score:
                    break
                if any(candidate is c for c in out) or not _contained(pick.unit, [candidate.unit]):
                    continue
                if _contained(candidate.unit, [pick.unit]):
                    continue  # the same words: nothing gained
                grown = length - len(pick.unit.text) + len(candidate.unit.text)
                if grown > self.tuning.max_answer_chars:
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
        t = self.tuning
        top = max(s.score for s in chosen)
        taken = {(s.unit.passage, s.unit.position) for s in chosen}
        following = {(s.unit.passage, s.unit.position): s for s in scored}
        added: list[ScoredUnit] = []
        for best in sorted(chosen, key=lambda s: s.score, reverse=True)[: t.context_picks]:
            key = (best.unit.passage, best.unit.position + 1)
            after = following.get(key)
            # The rest of a slide's list, cut off where the extraction broke it, belongs to it.
            floor = t.list_context_floor if best.unit.items >= t.list_items else t.context_floor
            if after is None or key in taken or after.score < floor * top:
                continue
            if length + len(after.unit.text) > t.max_answer_chars:
                continue
            if _contained(after.unit, [c.unit for c in chosen + added]):
                continue
            added.append(after)
            taken.add(key)
            length += len(after.unit.text)
        # Still at most max_sentences: a context sentence displaces the weakest other pick.
        bests = sorted(chosen, key=lambda s: s.score, reverse=True)[: t.context_picks]
        others = sorted(
            (s for s in chosen if all(s is not b for b in bests)), key=lambda s: s.score
        )
        while others and len(chosen) + len(added) > t.max_sentences:
            weakest = others.pop(0)
            chosen = [s for s in chosen if s is not weakest]
        return (chosen + added)[: max(t.max_sentences, len(bests))]


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
