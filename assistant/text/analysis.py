"""Norwegian-aware tokenising for keyword search: stop words, stemming, compound splitting."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import Stemmer

from assistant.text.stopwords import NORWEGIAN_STOP_WORDS, QUESTION_WORDS

# Letters and digits of any alphabet: keeps æ, ø and å whole.
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# A word broken by a hyphen and a space in raw extractions ("innova- sjon") is one word.
_BROKEN_WORD = re.compile(r"(\w)- (?=\w)")

_LINKING = ("s", "e")

# Where compounds are split into their parts: measured on the dev set, splitting only the query
# ("operasjonsplanlegging" also looks for "operasjon" and "planlegging") ranks best; splitting
# documents too adds recall@10 but costs MRR, as every compound then matches its parts.
CompoundMode = Literal["query", "both", "off"]


@dataclass(frozen=True)
class AnalyzerTuning:
    """Where compound splitting stops: parts shorter than this are prefixes, not words."""

    # Shortest compound part (and shortest word learned as one): "sjon" or "ings" are endings.
    min_part: int = 4


@lru_cache(maxsize=4)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(language)


def words(text: str) -> list[str]:
    """Lower-cased words of a text, with extraction hyphen breaks rejoined."""
    return _TOKEN.findall(_BROKEN_WORD.sub(r"\1", text.lower()))


class NorwegianAnalyzer:
    """Turns text into BM25 terms: stems, minus stop words, plus the parts of compounds.

    Compound parts are found against the indexed vocabulary, so "operasjonsplanlegging" also
    yields the terms of "operasjon" and "planlegging" when those words occur on their own.
    """

    def __init__(
        self,
        vocabulary: Counter[str] | None = None,
        split_compounds: CompoundMode | bool = "query",
        tuning: AnalyzerTuning | None = None,
    ) -> None:
        self.tuning = tuning or AnalyzerTuning()
        self.stemmer = _stemmer("norwegian")
        self.vocabulary: Counter[str] = vocabulary or Counter()
        if isinstance(split_compounds, bool):
            split_compounds = "both" if split_compounds else "off"
        self.split_compounds: CompoundMode = split_compounds
        self._split_cache: dict[str, tuple[str, ...]] = {}

    def learn(self, texts: list[str]) -> None:
        """Count word stems so compound parts can be recognised."""
        for text in texts:
            self.vocabulary.update(
                self.stem(w) for w in words(text) if len(w) >= self.tuning.min_part
            )
        self._split_cache.clear()

    def stem(self, word: str) -> str:
        return self.stemmer.stemWord(word)

    def terms(self, text: str, query: bool = False, split: bool | None = None) -> list[str]:
        """BM25 terms of a text; for a query, question-framing words are dropped too.

        `split` overrides the analyzer's compound mode for this call.
        """
        out: list[str] = []
        for word in words(text):
            if word in NORWEGIAN_STOP_WORDS or len(word) < 2:
                continue
            if query and word in QUESTION_WORDS:
                continue
            out.append(self.stem(word))
            if split is None:
                split = self.split_compounds == "both" or (
                    self.split_compounds == "query" and query
                )
            if split and len(word) >= 2 * self.tuning.min_part + 1:
                out.extend(self.compound_parts(word))
        return out

    def compound_parts(self, word: str) -> tuple[str, ...]:
        """Stems of the two best-attested parts of a compound, or nothing."""
        if word in self._split_cache:
            return self._split_cache[word]
        min_part = self.tuning.min_part
        best: tuple[float, tuple[str, ...]] = (0.0, ())
        for i in range(min_part, len(word) - min_part + 1):
            left, right = word[:i], word[i:]
            right_stem = self.stem(right)
            right_count = self.vocabulary.get(right_stem, 0)
            if not right_count:
                continue
            for head in (left, *(left[:-1] for link in _LINKING if left.endswith(link))):
                if len(head) < min_part - 1:
                    continue
                head_stem = self.stem(head)
                head_count = self.vocabulary.get(head_stem, 0)
                if head_count:
                    score = (head_count * right_count) ** 0.5
                    if score > best[0]:
                        best = (score, (head_stem, right_stem))
        self._split_cache[word] = best[1]
        return best[1]
