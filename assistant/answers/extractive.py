"""The model-free answer: the few retrieved units that best answer a question, each cited.

Passages are repaired into readable units (`assistant.text.units`). Units are scored against
the question by weighted term overlap and embedding similarity, with gains for the kind of
unit the question asks for (a list, a figure, a named person), picked with maximal marginal
relevance so the answer does not say the same thing twice, completed with a unit for each
thing a cross-document question names, and laid out by `assistant.answers.compose`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.answers.asked import agenda_rows, cover_alternatives
from assistant.answers.compose import document_order, render
from assistant.answers.injection import looks_like_instruction
from assistant.answers.question_parts import QuestionShape, asks_for_list, name_words, read_question
from assistant.answers.selection import (
    ScoredUnit,
    fuller,
    most_relevant,
    with_context,
)
from assistant.index.retrieval import SearchResult
from assistant.text.analysis import NorwegianAnalyzer
from assistant.text.answer_units import scored_units
from assistant.text.figures import figure_kind, states_figure
from assistant.text.units import Unit, UnitTuning, names_person

__all__ = ["Extract", "ExtractiveAnswerer", "ExtractiveTuning", "ScoredUnit", "asks_for_list"]

logger = logging.getLogger(__name__)

# Unit vectors kept in memory between answers: the units of ~5,000 chunks, ~60 MB with e5.
_KEPT_VECTORS = 40_000


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
    # A who-question's score gain for units naming a person.
    person_bonus: float = 0.5
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
    # Choosing the unit for one part of a question: its words count 1, its meaning this much.
    part_dense_weight: float = 0.3
    # How passages are cut into units.
    units: UnitTuning = field(default_factory=UnitTuning)


@dataclass
class Extract:
    """The chosen units in reading order, plus every scored unit for the abstainer.

    `scored` holds the passages' own units; `candidates` also holds units made for this
    question (a list item paired with its names), which only the selection considers.
    """

    chosen: list[ScoredUnit]
    scored: list[ScoredUnit] = field(default_factory=list)
    query_terms: frozenset[str] = frozenset()
    candidates: list[ScoredUnit] = field(default_factory=list)
    as_list: bool = False
    # Units made for a who-question: a list's row with the names it pairs (`agenda_rows`).
    rows: list[Unit] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The answer: a paragraph, or a Markdown list; each unit closed by its citation."""
        return render(self.chosen, self.as_list)

    @property
    def quotes(self) -> dict[int, str]:
        """The original wording behind each cited passage number, for citation checks."""
        out: dict[int, str] = {}
        for s in self.chosen:
            out.setdefault(s.unit.passage, s.unit.quote)
        return out


class ExtractiveAnswerer:
    """Chooses the units from retrieved passages that together answer a question."""

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

    def units(self, passages: Sequence[SearchResult]) -> list[Unit]:
        """Every unit of every passage, numbered by passage, instruction-like ones left out."""
        out: list[Unit] = []
        for n, passage in enumerate(passages, start=1):
            for unit in scored_units(passage.text, n, self.tuning.units):
                if looks_like_instruction(unit.text):
                    logger.info("Skipped an instruction-like sentence in %s", passage.source)
                    continue
                unit.terms = self.terms(unit.text)
                out.append(unit)
        return out

    def score(
        self,
        question: str,
        passages: Sequence[SearchResult],
        shape: QuestionShape | None = None,
    ) -> Extract:
        """Every unit of every passage, scored against the question."""
        shape = shape or read_question(question)
        query_terms = self.terms(question, query=True)
        units = self.units(passages)
        if not units:
            return Extract([], [], query_terms, as_list=shape.wants_list)
        # "Who presented X?" wants X's row of an agenda; "who were the speakers?" the agenda.
        rows = shape.wants_person and not shape.wants_list
        pairs = agenda_rows(self, units, query_terms) if rows else []
        scored = self.rate(question, query_terms, units + [p for p, _ in pairs], passages, shape)
        # A list that gave its row for a who-question is offered as that row alone.
        replaced = {id(parent) for _, parent in pairs}
        candidates = [s for s in scored if id(s.unit) not in replaced]
        return Extract(
            [],
            scored[: len(units)],
            query_terms,
            candidates=candidates,
            as_list=shape.wants_list,
            rows=[p for p, _ in pairs],
        )

    def rate(
        self,
        question: str,
        query_terms: frozenset[str],
        units: list[Unit],
        passages: Sequence[SearchResult],
        shape: QuestionShape,
    ) -> list[ScoredUnit]:
        """Score units against a question (or one part of it): words, meaning, kind of unit."""
        f = self.features(question, query_terms, units, passages)
        t = self.tuning
        if self.embeddings is None:
            score = t.lexical_weight_alone * f["lexical"] + t.prior_weight_alone * f["prior"]
        else:
            # Meaning outweighs shared words: e5 is multilingual, so it also reaches the
            # Norwegian sentence that answers an English question.
            score = (
                t.lexical_weight * f["lexical"]
                + t.dense_weight * f["dense"]
                + t.prior_weight * f["prior"]
            )
        score = score * (t.length_base + t.length_gain * f["length"]) * self.kind_gain(f, shape)
        return [
            ScoredUnit(u, float(s), float(lx), float(d))
            for u, s, lx, d in zip(units, score, f["lexical"], f["dense"], strict=True)
        ]

    def kind_gain(self, f: dict[str, np.ndarray], shape: QuestionShape) -> np.ndarray:
        """The gain for units of the kind the question asks for: a figure, a list, a name."""
        t = self.tuning
        gain = 1 + t.figure_bonus * f["figure"]
        if shape.wants_list:
            gain = gain * (1 + t.list_bonus * f["list"])
        if shape.wants_person:
            gain = gain * (1 + t.person_bonus * f["person"])
        return gain

    def features(
        self,
        question: str,
        query_terms: frozenset[str],
        units: list[Unit],
        passages: Sequence[SearchResult],
    ) -> dict[str, np.ndarray]:
        """What a unit's relevance is judged by, one array per feature, a value per unit."""
        t = self.tuning
        # A sentence under the heading "Samskaping" is about samskaping even when it says "vi".
        headings = [self.terms(_heading(p.location)) for p in passages]

        def overlap(terms: frozenset[str]) -> np.ndarray:
            return np.array(
                [
                    (1 - t.heading_weight) * self.coverage(terms, u.terms)
                    + t.heading_weight * self.coverage(terms, u.terms | headings[u.passage - 1])
                    for u in units
                ]
            )

        f: dict[str, np.ndarray] = {"lexical": overlap(query_terms)}
        # The question's words other than the names it mentions: what it asks about them.
        names = self.terms(" ".join(name_words(question)), query=True) & query_terms
        focus = query_terms - names
        f["focus"] = overlap(focus) if names and focus else f["lexical"]
        best_passage = max((p.score for p in passages), default=1.0) or 1.0
        f["prior"] = np.array([passages[u.passage - 1].score / best_passage for u in units])
        # Length prior: a fragment of three words rarely answers anything on its own.
        f["length"] = np.array([min(1.0, len(u.terms) / t.full_length_terms) for u in units])
        f["dense"] = self._dense(question, units)
        kind = figure_kind(question)
        # "How many took part?" is answered by the sentence with the number in it.
        f["figure"] = np.array([float(bool(kind) and states_figure(u.text, kind)) for u in units])
        # A list question is answered by the list, not by the sentence naming its topic.
        f["list"] = np.array([float(u.items >= t.list_items) for u in units])
        # "Who presented X?" is answered by the line pairing X with a name.
        f["person"] = np.array([float(names_person(u.text)) for u in units])
        return f

    def _dense(self, question: str, units: list[Unit]) -> np.ndarray:
        """Similarity in meaning, spread over 0..1 per question."""
        if self.embeddings is None:
            return np.zeros(len(units))
        query = np.asarray(self.embeddings.embed_query(question), dtype=np.float32)
        known = {u.text: self.vector_cache.get(u.text) for u in units}
        missing = [text for text, vector in known.items() if vector is None]
        if missing:
            for text, vector in zip(missing, self.embeddings.embed_documents(missing), strict=True):
                known[text] = self.vector_cache[text] = np.asarray(vector, dtype=np.float32)
            # Documents change over months of serving: the oldest vectors make room (they
            # are still in the store's cache if their text comes back).
            for text in list(self.vector_cache)[: max(0, len(self.vector_cache) - _KEPT_VECTORS)]:
                self.vector_cache.pop(text, None)
        vectors = np.stack([known[u.text] for u in units])
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
        """Score, choose, complete for each thing asked about, and put in reading order."""
        shape = read_question(question)
        extract = self.score(question, passages, shape)
        chosen = self.select(extract.candidates, shape, passages, extract.rows)
        extract.chosen = document_order(chosen, passages)
        return extract

    def select(
        self,
        scored: list[ScoredUnit],
        shape: QuestionShape | None = None,
        passages: Sequence[SearchResult] = (),
        rows: Sequence[Unit] = (),
    ) -> list[ScoredUnit]:
        """Maximal marginal relevance: relevant, but unlike what is already chosen.

        Then a unit for each thing a cross-document question names, the unit after a pick
        where it belongs to it or continues the best ones, and fuller units in place of ones
        they contain.
        """
        chosen = most_relevant(scored, self.tuning)
        if chosen and any(chosen[0].unit is row for row in rows):
            # The best answer to "who" is a list's row pairing the thing with its name: the
            # other picks name no one, or someone for something else.
            chosen = chosen[:1]
        leads: list[ScoredUnit] = []
        if shape is not None and chosen:
            chosen, leads = cover_alternatives(self, chosen, scored, passages, shape)
        length = sum(len(c.unit.text) for c in chosen)
        chosen = with_context(chosen, scored, length, self.tuning, leads)
        return fuller(chosen, scored, self.tuning)


def _heading(location: str) -> str:
    """The heading part of a location: "section 4: Samskaping" gives "Samskaping"."""
    return location.split(":", 1)[1] if ":" in location else ""
