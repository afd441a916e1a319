"""Second-stage ranking: evidence the fusion does not see, combined by weights fitted under CV.

The fused score (dense + BM25) says how close a chunk is to the question as a whole. These
features say where the question's terms fall in it (together or scattered), whether its heading
or its words name the thing asked for, whether it can supply the kind of answer asked for (a
figure, a name, a date, a list), how its neighbours and its document fared, and whether the dense
side's liking for it may come from sharing the question's language rather than its content.
Each is computed from the candidate pool alone, so ranking costs no model call.
bench/ranking_cv.py fits the weights with cross-validation over the dev questions and measures
each feature's contribution.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant.i18n import detect_language
from assistant.index.chunks import Chunk
from assistant.text.analysis import NorwegianAnalyzer, words
from assistant.text.figures import figure_kind, states_figure
from assistant.text.stopwords import NORWEGIAN_STOP_WORDS, QUESTION_WORDS

FEATURES = (
    "proximity",
    "coverage",
    "heading",
    "focus",
    "answer_kind",
    "neighbour",
    "document",
    "language",
)

# Generic question forms (bokmål, nynorsk, English): the kind of answer a question asks for.
_ASKS_WHO = re.compile(r"\b(?:hvem|kven|who|whom|whose)\b", re.IGNORECASE)
_ASKS_WHEN = re.compile(
    r"\b(?:når|hvilket år|hvilken dato|when|what year|which year|what date)\b", re.IGNORECASE
)
_ASKS_LIST_NO = re.compile(
    r"\b(?:hvilke|kva for nokre|nevn|list opp)\b|\b(?:to|tre|fire|fem|seks|sju|syv|åtte)\s+\w+",
    re.IGNORECASE,
)
_ASKS_LIST_EN = re.compile(
    r"\b(?:what are|which are|list|name the)\b|\b(?:two|three|four|five|six|seven|eight)\s+\w+",
    re.IGNORECASE,
)
# The noun after "hvilke"/"which"/"hva slags" names the kind of thing the answer is.
_FOCUS = re.compile(
    r"\b(?:hvilke|hvilken|hvilket|kva for(?: ein| eit| nokre)?|hva slags|hva for(?: en| et)?|"
    r"hvor mange|which|what kind of|how many)\s+(.*)",
    re.IGNORECASE,
)
_FOCUS_SKIP = frozenset(
    [
        "to",
        "tre",
        "fire",
        "fem",
        "seks",
        "sju",
        "syv",
        "åtte",
        "ni",
        "ti",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "de",
        "the",
        "av",
        "of",
    ]
)
# Two capitalised words in a row (a line break may split a name on a slide): a person or body.
_NAME = re.compile(r"\b[A-ZÆØÅ][a-zæøåé]+[ \t\n]+(?:[A-ZÆØÅ]\.?[ \t]*)?[A-ZÆØÅ][a-zæøåé]+")
_YEAR_OR_DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d{1,2}\.\s*(?:jan|feb|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|"
    r"des|dec)",
    re.IGNORECASE,
)
_ITEM_LINE = re.compile(r"^\s*(?:[•▪✓✔◦●■□➢►▸‣⁃\uf0b7\uf0a7*]|[-–]\s|\d{1,2}[.)]\s)", re.MULTILINE)


@dataclass(frozen=True)
class RankerWeights:
    """Fitted parameters of the ranker (bench/ranking_cv.py prints the ones to paste here)."""

    # Added to the fused score, times each feature's value; a feature absent here is not computed.
    weights: Mapping[str, float] = field(default_factory=dict)
    # Only the best `depth` fused candidates are re-scored: the rest stay below them in order.
    depth: int = 30
    # Words either side of a term that still count as "together" for proximity.
    window: int = 12
    # Passed to `diversify`: when a document's extra chunks may come back into the top k.
    relevance_floor: float = 0.5


# Chosen and fitted by bench/ranking_cv.py on the 53 answerable dev questions: of the features
# above only "language" improved held-out figures (see bench/results/ranking-cv-*.json).
DEFAULT_WEIGHTS = RankerWeights(weights={"language": -0.908}, relevance_floor=0.7)


@dataclass
class QueryTerms:
    """The question's distinct BM25 terms with a rarity weight each, and what it asks for."""

    weights: dict[str, float]
    kinds: tuple[str, ...]
    focus: str
    language: str

    @property
    def total(self) -> float:
        return sum(self.weights.values())


def asked_kinds(question: str) -> tuple[str, ...]:
    """Kinds of answer a question asks for: 'figure', 'who', 'when', 'list' (or none)."""
    kinds = []
    if figure_kind(question):
        kinds.append("figure")
    if _ASKS_WHO.search(question):
        kinds.append("who")
    if _ASKS_WHEN.search(question):
        kinds.append("when")
    lists = _ASKS_LIST_EN if detect_language(question) == "en" else _ASKS_LIST_NO
    if lists.search(question):
        kinds.append("list")
    return tuple(kinds)


def supplies(text: str, kind: str, question: str) -> bool:
    """True when a passage holds the sort of thing a question of that kind asks for."""
    if kind == "figure":
        return states_figure(text, figure_kind(question))
    if kind == "who":
        return bool(_NAME.search(text))
    if kind == "when":
        return bool(_YEAR_OR_DATE.search(text))
    if kind == "list":
        return len(_ITEM_LINE.findall(text)) >= 3 or text.count("\n") >= 4
    return False


def focus_word(question: str) -> str:
    """The word naming what is asked for ('faser' in 'Hvilke faser ...'), or ''."""
    match = _FOCUS.search(question)
    if not match:
        return ""
    for word in words(match.group(1))[:4]:
        if word in _FOCUS_SKIP or word in NORWEGIAN_STOP_WORDS or word in QUESTION_WORDS:
            continue
        if not word.isdigit():
            return word
    return ""


def query_terms(question: str, analyzer: NorwegianAnalyzer) -> QueryTerms:
    """Distinct query terms weighted by rarity in the indexed vocabulary (rare terms count most)."""
    terms = dict.fromkeys(analyzer.terms(question, query=True))
    vocabulary = analyzer.vocabulary
    total = sum(vocabulary.values()) or 1
    weights = {t: math.log(1 + total / (1 + vocabulary.get(t, 0))) for t in terms}
    return QueryTerms(
        weights, asked_kinds(question), focus_word(question), detect_language(question)
    )


def proximity(positions: Sequence[frozenset[str]], terms: QueryTerms, window: int) -> float:
    """Best share of the query's term weight found within `window` words of one another."""
    if not terms.weights or not positions:
        return 0.0
    best = 0.0
    span = 2 * window + 1
    counts: dict[str, int] = {}
    for end, found in enumerate(positions):
        for t in found:
            counts[t] = counts.get(t, 0) + 1
        start = end - span
        if start >= 0:
            for t in positions[start]:
                counts[t] -= 1
                if not counts[t]:
                    del counts[t]
        if found:
            best = max(best, sum(terms.weights.get(t, 0.0) for t in counts))
    return best / terms.total


def coverage(found: set[str] | frozenset[str], terms: QueryTerms) -> float:
    """Share of the query's term weight that occurs in a set of terms."""
    if not terms.weights:
        return 0.0
    return sum(w for t, w in terms.weights.items() if t in found) / terms.total


def heading_text(chunk: Chunk) -> str:
    """What names a chunk's place: its heading, and the headings its location names."""
    location = chunk.location.split(":", 1)[1] if ":" in chunk.location else ""
    return " ".join(dict.fromkeys(h.strip() for h in (chunk.heading, location) if h.strip()))


def answer_kind(text: str, question: str, kinds: Sequence[str]) -> float:
    """+1 when the passage supplies every kind of answer asked, -1 when none; 0 if none asked."""
    if not kinds:
        return 0.0
    return sum(1.0 if supplies(text, k, question) else -1.0 for k in kinds) / len(kinds)


def names_focus(focus: str, text_words: Sequence[str], analyzer: NorwegianAnalyzer) -> bool:
    """True when a word of the text is the focus word, or a compound ending in it."""
    stem = analyzer.stem(focus)
    # A Norwegian compound ends in its head word: "idéutviklingsfasen" is a kind of "fase".
    return any(analyzer.stem(word).endswith(stem) for word in text_words if len(stem) >= 3)


@dataclass(frozen=True)
class _Analysed:
    """A chunk's words and the terms each yields, kept across queries (they don't change)."""

    words: tuple[str, ...]
    terms: tuple[frozenset[str], ...]
    language: str


class _AnalysisCache:
    """Per-analyzer cache of analysed chunks: each viewer's analyzer splits compounds its way."""

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self._by_analyzer: weakref.WeakKeyDictionary[NorwegianAnalyzer, dict[str, _Analysed]]
        self._by_analyzer = weakref.WeakKeyDictionary()

    def get(self, chunk: Chunk, analyzer: NorwegianAnalyzer) -> _Analysed:
        cache = self._by_analyzer.setdefault(analyzer, {})
        key = f"{chunk.id}:{chunk.content_hash}"
        found = cache.get(key)
        if found is None:
            if len(cache) >= self.limit:
                cache.clear()
            found = cache[key] = analyse(chunk, analyzer)
        return found


def analyse(chunk: Chunk, analyzer: NorwegianAnalyzer) -> _Analysed:
    """A chunk's words, the stems (and compound parts) of each, and its language."""
    text_words = words(chunk.index_text)
    terms = []
    for word in text_words:
        found = {analyzer.stem(word)}
        if len(word) >= 2 * analyzer.tuning.min_part + 1:
            found.update(analyzer.compound_parts(word))
        terms.append(frozenset(found))
    return _Analysed(tuple(text_words), tuple(terms), detect_language(chunk.text))


_CACHE = _AnalysisCache()


def features(
    question: str,
    ranked: Sequence[str],
    chunks: Mapping[str, Chunk],
    fused: Mapping[str, float],
    analyzer: NorwegianAnalyzer,
    window: int = RankerWeights.window,
    only: Sequence[str] = FEATURES,
) -> dict[str, dict[str, float]]:
    """The named features of every candidate in `ranked` (ids, best fused first)."""
    terms = query_terms(question, analyzer)
    floor = min(fused[c] for c in ranked)
    by_place = {(chunks[c].source, chunks[c].ordinal): c for c in ranked}
    per_document: dict[str, list[float]] = {}
    for c in ranked:
        per_document.setdefault(chunks[c].source, []).append(fused[c])
    # A document's standing: the mean of its three best fused scores in the pool.
    document = {s: sum(sorted(v, reverse=True)[:3]) / 3 for s, v in per_document.items()}
    wanted = set(terms.weights)
    out: dict[str, dict[str, float]] = {}
    for c in ranked:
        chunk = chunks[c]
        analysed = _CACHE.get(chunk, analyzer)
        positions = [t & wanted for t in analysed.terms]
        values: dict[str, float] = {}
        if "proximity" in only:
            values["proximity"] = proximity(positions, terms, window)
        if "coverage" in only:
            values["coverage"] = coverage(frozenset().union(*positions), terms)
        if "heading" in only:
            heading = heading_text(chunk)
            found = set(analyzer.terms(heading, split=True)) if heading else set()
            values["heading"] = coverage(found, terms)
        if "focus" in only:
            named = terms.focus and names_focus(terms.focus, analysed.words, analyzer)
            values["focus"] = 1.0 if named else 0.0
        if "answer_kind" in only:
            values["answer_kind"] = answer_kind(chunk.text, question, terms.kinds)
        if "neighbour" in only:
            near = [
                fused[by_place[(chunk.source, chunk.ordinal + step)]]
                for step in (-1, 1)
                if (chunk.source, chunk.ordinal + step) in by_place
            ]
            values["neighbour"] = max(near, default=floor) - floor
        if "document" in only:
            values["document"] = document[chunk.source] - floor
        if "language" in only:
            # Multilingual embeddings score a passage higher for sharing the question's language;
            # in a Norwegian archive that flatters the few English passages for English questions.
            shared = terms.language != "no" and analysed.language == terms.language
            values["language"] = 1.0 if shared else 0.0
        out[c] = values
    return out


class Ranker:
    """Re-scores the best fused candidates: fused score plus weighted features."""

    def __init__(self, weights: RankerWeights = DEFAULT_WEIGHTS) -> None:
        self.weights = weights

    @property
    def relevance_floor(self) -> float:
        return self.weights.relevance_floor

    def rescore(
        self,
        question: str,
        ranked: Sequence[str],
        chunks: Mapping[str, Chunk],
        fused: Mapping[str, float],
        analyzer: NorwegianAnalyzer,
    ) -> dict[str, float]:
        """New scores for every candidate; those past `depth` keep their order below the rest."""
        used = [name for name, w in self.weights.weights.items() if w]
        head = list(ranked[: self.weights.depth])
        if not head or not used:
            return dict(fused)
        found = features(question, head, chunks, fused, analyzer, self.weights.window, used)
        return combine(ranked, fused, found, self.weights)


def combine(
    ranked: Sequence[str],
    fused: Mapping[str, float],
    found: Mapping[str, Mapping[str, float]],
    weights: RankerWeights,
) -> dict[str, float]:
    """Fused score plus weighted features for the head; the tail shifted under the head."""
    w = weights.weights
    head = ranked[: weights.depth]
    scores = {
        c: fused[c] + sum(w.get(name, 0.0) * value for name, value in found[c].items())
        for c in head
    }
    tail = ranked[weights.depth :]
    if tail and scores:
        shift = min(0.0, min(scores.values()) - fused[tail[0]] - 1e-6)
        scores.update({c: fused[c] + shift for c in tail})
    return scores


def forget_analyses() -> None:
    """Drop the cached chunk analyses (benchmarks time the ranker's first sight of chunks)."""
    global _CACHE
    _CACHE = _AnalysisCache()
