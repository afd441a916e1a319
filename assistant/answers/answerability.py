"""Evidence that the retrieved passages state what a question asks for, as a few features.

`features()` measures one question's retrieval: whether a sentence most about the question can
supply the kind of answer asked for (a figure for an amount, a name for who, a date for when, a
causal link for why: `supplies`), whether the names the question asks about exist in the
documents (`absent_names`), whether only an empty slide title matches (a picture), and how
relevant the best sentence and passage are at all. The decision that
weighs them lives in `assistant.answers.abstention`; bench/abstention_cv.py fits it.

Only closed-class words are listed (connectives, numerals, month names): nothing here names a
topic of the documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.answers.extractive import Extract, ScoredUnit
from assistant.answers.questions import (
    INNER_CAPITAL,
    NAME,
    NOT_NAMES,
    WORD,
    counted_thing,
    language_neutral,
    mentions,
    question_shape,
)
from assistant.i18n import detect_language
from assistant.index.retrieval import SearchResult
from assistant.text.analysis import NorwegianAnalyzer
from assistant.text.figures import without_numbering

if TYPE_CHECKING:
    from assistant.index.keyword import KeywordIndex

_I = re.IGNORECASE
_NUMBER_WORD = (
    r"to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|tjue|hundre|tusen|"
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|thousand|"
    r"million\w*|milliard\w*|billion\w*|halv\w*|half|dobbel\w*|double|tredjedel\w*|third"
)
# A figure stands on its own: the digits of "H2B" or "health2b" belong to a name.
_FIGURE = re.compile(rf"(?<![^\W\d])\d+(?![^\W\d])|\b(?:{_NUMBER_WORD})\b", _I)
# A citation's year "(Droege et al., 2009)" and a slide number glued to the next slide's first
# word ("29Vi tar") are not amounts.
_NOT_FIGURES = re.compile(r"\([^()]*\b(?:1[89]|20)\d\d[a-z]?\)|\d+(?=[A-ZÆØÅ][a-zæøå])")
_CURRENCY = re.compile(
    r"\b(?:kr|kroner|nok|mnok|mill\w*|mrd|milliard\w*|euro|dollar\w*|usd|eur)\b|[$€£]", _I
)
_PERCENTAGE = re.compile(r"%|\b(?:prosent\w*|percent\w*|halvpart\w*|half|tredjedel\w*)\b", _I)
_MONTH = (
    r"januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|"
    r"january|february|march|may|june|july|october|december"
)
_WEEKDAY = (
    r"mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|hverdag\w*|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekdays?"
)
_DATE = re.compile(
    rf"\b(?:1[89]|20)\d\d\b|\b(?:{_MONTH}|{_WEEKDAY})\b|\bkl(?:\.|okka|okken)?\s*\d|"
    r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*(?:am|pm)\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b",
    _I,
)
_CAUSAL = re.compile(
    r"\b(?:fordi|derfor|ettersom|grunnet|skyldes|skyldtes|årsak\w*|grunn(?:en|ene)?|"
    r"på\s+grunn\s+av|som\s+følge\s+av|førte\s+til|slik\s+at|for\s+å|siden|dermed|"
    r"because|therefore|thus|hence|due\s+to|owing\s+to|as\s+a\s+result|led\s+to|so\s+that|"
    r"in\s+order\s+to|since|reasons?|caused?)\b",
    _I,
)
# A passive's agent says who did it even without a name: "introdusert av rådmannen".
_AGENT = re.compile(r"\bav\s+(?:\w+\s+)?\w+(?:en|et|ne|a)\b|\bby\s+the\s+\w+", _I)
# How far (in words) a figure may stand from the thing it counts: a table row puts the
# column's name a few cells before its figure ("Antall ansatte; Antall innbyggere; A 2 275").
COUNT_WINDOW = 6
_LIST_SEPARATOR = re.compile(r"[,;]\s")
# Stems the part of a question that asks for its kind, as the answerer stems the question.
_PART_ANALYZER = NorwegianAnalyzer(split_compounds="off")

FEATURES = (
    "coverage",  # the best unit's weighted share of the question's terms
    "dense",  # the best passage's cosine similarity to the question
    "supplied",  # 1 when a unit most about the question can supply the kind asked for
    "names_absent",  # how many of the question's names the documents do not contain
    "title_lead",  # how much better an empty slide title matches than any unit with content
)
# Tried and left out: "isolation", the best unit's coverage minus the next best (one passing
# mention). It raised held-out recall on dev, but abstained on questions that one sentence
# answers in full (tests/answers/test_abstention.py keeps such a case), so it does not carry.


@dataclass(frozen=True)
class FeatureTuning:
    """Which units are candidates for supplying the answer."""

    # Units sharing at least this share of the best unit's coverage are candidates.
    near_best: float = 0.8
    # The unit closest in meaning is a candidate too: synonyms ("lanserte tanken" for
    # "introduserte ideen") and other languages share no words with the question.
    closest_in_meaning: bool = True


def states_figure(text: str) -> bool:
    """A figure that is a quantity: not slide numbering, citation years or names' digits."""
    return bool(_FIGURE.search(_NOT_FIGURES.sub(" ", without_numbering(text))))


def counts(text: str, things: Sequence[str], window: int = COUNT_WINDOW) -> bool:
    """A figure within `window` words of a word for the thing counted ("50 ansatte", "kommunene: 3").

    A word matches when it holds the counted word's stem: "case-kommunene" counts "kommuner",
    "sengeplasser" counts "senge-".
    """
    words = re.findall(r"[^\W_]+|%", _NOT_FIGURES.sub(" ", without_numbering(text)))
    stems = [_PART_ANALYZER.stem(t.lower()) for t in things]
    figures = [i for i, w in enumerate(words) if _FIGURE.fullmatch(w)]
    nouns = [i for i, w in enumerate(words) if any(s and s in w.lower() for s in stems)]
    return any(abs(i - j) <= window for i in figures for j in nouns)


def is_list(text: str, items: int = 1) -> bool:
    """Several items: a slide's bullets, or a sentence enumerating with commas or semicolons."""
    return items >= 3 or len(_LIST_SEPARATOR.findall(text)) >= 2


def novel_name(text: str, question: str) -> bool:
    """A name in the text that the question does not use already (the answer to "who")."""
    asked = {w.lower() for w in WORD.findall(question)}
    for sentence in re.split(r"(?<=[.!?:;•])\s+", text):
        for match in NAME.finditer(sentence):
            word = match.group(0)
            if word.lower() in NOT_NAMES:
                continue
            if match.start() == 0 and not INNER_CAPITAL.search(word):
                continue  # a sentence's first word is capitalised anyway
            if not any(part.lower() in asked for part in WORD.findall(word)):
                return True
    return False


def supplies(kind: str, text: str, question: str = "", items: int = 1) -> bool:
    """Whether a unit can supply the kind of answer asked for (True for kinds without a test).

    An amount needs a figure (money one with a currency, a share a percentage), a time a year,
    month or clock time, a reason a causal connective,
    a person a new name or a passive's agent, a place a new name, and a named thing ("which X")
    a new name, a figure or a list.
    """
    if kind == "amount":
        # "Hvor mange kommuner ...?" is answered by a number of municipalities, not by any
        # number: the figure must stand by a word for the thing counted. Across languages
        # the words differ, so there a figure is all that can be asked.
        things = counted_thing(question)
        if things and detect_language(text) == detect_language(question):
            return counts(text, things)
        return states_figure(text)
    if kind == "money":
        return states_figure(text) and bool(_CURRENCY.search(text))
    if kind == "percent":
        return bool(_PERCENTAGE.search(text))
    if kind == "time":
        return bool(_DATE.search(text))
    if kind == "reason":
        return bool(_CAUSAL.search(text))
    if kind == "person":
        return novel_name(text, question) or bool(_AGENT.search(text))
    if kind == "place":
        return novel_name(text, question)
    if kind == "entity":
        return novel_name(text, question) or is_list(text, items) or states_figure(text)
    return True


def absent_names(
    question: str,
    names: Sequence[str],
    passages_text: str,
    known: Callable[[str], bool] | None = None,
) -> list[str]:
    """The question's names that the documents do not contain.

    A name with a word the corpus never uses is absent (`known` tells; without it, a name the
    passages do not mention). A name of several words the corpus knows one by one is absent
    when the passages retrieved for it never put them together: "Helse Vest IKT" is not
    "Helse Sør-Øst" and "IKT". In an English question only words spelled alike in both
    languages count: "Faculty" may translate the Norwegian name the documents use.
    """
    english = detect_language(question) == "en"
    out: list[str] = []
    for name in names:
        words = WORD.findall(name)
        if name.islower() or (english and not any(language_neutral(w) for w in words)):
            continue  # a quoted term ('bricolage', «normalisere») is a concept, not a name
        if known is None:
            missing = not mentions(passages_text, name)
        else:
            unknown = any(not known(w) for w in words if not english or language_neutral(w))
            missing = unknown or (len(words) > 1 and not mentions(passages_text, name))
        if missing:
            out.append(name)
    return out


def known_words(keyword: KeywordIndex) -> Callable[[str], bool]:
    """Whether the documents behind a keyword index use a word at all (a name's words).

    Words of four letters or more are looked up among the index's learned stems; shorter ones
    (acronyms such as "IKT") by whether they score anywhere. Stop words count as known.
    """
    analyzer = keyword.analyzer

    def known(word: str) -> bool:
        lowered = word.lower()
        if not analyzer.terms(lowered):
            return True
        if len(lowered) >= analyzer.tuning.min_part:
            return analyzer.vocabulary.get(analyzer.stem(lowered), 0) > 0
        return float(keyword.scores(lowered).max(initial=0.0)) > 0.0

    return known


def candidates(
    extract: Extract,
    english: bool = False,
    tuning: FeatureTuning = FeatureTuning(),
    part_terms: frozenset[str] = frozenset(),
) -> list[ScoredUnit]:
    """The units most about the question: by shared terms, and the one closest in meaning.

    Shared terms are those of the whole question, or of the part that asks for the kind when
    `part_terms` are given ("Når er kantinen åpen" of "..., og hva koster kaffe?"). Not by the
    answerer's own score, which favours units with a figure for a figure question: a unit's
    figures must not make it a candidate for stating one.
    """
    scored = extract.scored
    if not scored:
        return []
    if part_terms:
        share = {id(s): len(part_terms & s.unit.terms) / len(part_terms) for s in scored}
    else:
        share = {id(s): s.lexical for s in scored}
    best = max(share.values())
    chosen = [s for s in scored if best > 0 and share[id(s)] >= tuning.near_best * best]
    # Meaningful only when units were embedded (all alike when they were not).
    informative = max(s.dense for s in scored) > min(s.dense for s in scored)
    if informative and (tuning.closest_in_meaning or english):
        chosen.append(max(scored, key=lambda s: s.dense))
    return list({id(s): s for s in chosen}.values())


@dataclass
class Evidence:
    """One question's features, and what a reply needs to say why it abstained."""

    values: dict[str, float]
    kind: str
    absent: list[str]

    def __getitem__(self, name: str) -> float:
        return self.values[name]


def features(
    question: str,
    passages: Sequence[SearchResult],
    extract: Extract,
    known: Callable[[str], bool] | None = None,
    tuning: FeatureTuning = FeatureTuning(),
) -> Evidence:
    """The evidence features of one question's retrieval (see FEATURES).

    `known` says whether the corpus (the viewer's part of it) uses a word at all; without it,
    names are looked for in the retrieved passages only.
    """
    shape = question_shape(question)
    scored = extract.scored
    best = max((s.lexical for s in scored), default=0.0)
    english = detect_language(question) == "en"
    part = shape.part if shape.part != shape.asking else ""
    part_terms = frozenset(_PART_ANALYZER.terms(part, query=True)) & extract.query_terms
    pool = candidates(extract, english, tuning)
    if part_terms:
        pool += candidates(extract, english, tuning, part_terms)
    supplied = any(supplies(shape.kind, s.unit.text, question, s.unit.items) for s in pool)
    absent = absent_names(question, shape.names, " ".join(p.text for p in passages), known)
    # Slides of pictures keep only their title: when that title matches the question better
    # than any unit with content, the documents name the topic but do not hold it.
    title = max((s.lexical for s in scored if s.unit.items == 0), default=0.0)
    content = max((s.lexical for s in scored if s.unit.items > 0), default=0.0)
    values = {
        "coverage": best,
        "dense": max((p.dense_score for p in passages), default=0.0),
        "supplied": 1.0 if supplied else 0.0,
        "names_absent": float(len(absent)),
        "title_lead": max(0.0, title - content),
    }
    return Evidence(values, shape.kind, absent)
