"""BM25 keyword index (bm25s) over the chunk store, saved to disk and rebuilt when stale."""

from __future__ import annotations

import json
import logging
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np

from assistant.text.analysis import CompoundMode, NorwegianAnalyzer

logger = logging.getLogger(__name__)

# Measured on the dev set: chunk lengths vary a lot (one-line slides to full paragraphs), and
# weak length normalisation (low b) ranks better than the textbook b=0.75.
K1 = 1.5
B = 0.3


class KeywordIndex:
    """Sparse lexical retrieval with Norwegian stemming and compound splitting."""

    def __init__(self, directory: Path | None, split_compounds: CompoundMode = "query") -> None:
        self.directory = directory
        self.split_compounds = split_compounds
        self.analyzer = NorwegianAnalyzer(split_compounds=split_compounds)
        self.ids: list[str] = []
        self.position: dict[str, int] = {}
        self.sources: list[str] = []
        self.revision = -1
        self._bm25: bm25s.BM25 | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def build(self, items: Iterable[tuple[str, str, str]], revision: int) -> None:
        """Index (chunk id, source, text) triples from scratch and save the result."""
        triples = list(items)
        texts = [text for _, _, text in triples]
        self.analyzer = NorwegianAnalyzer(split_compounds=self.split_compounds)
        self.analyzer.learn(texts)
        self.ids = [chunk_id for chunk_id, _, _ in triples]
        self.position = {chunk_id: i for i, chunk_id in enumerate(self.ids)}
        self.sources = [source for _, source, _ in triples]
        self.revision = revision
        self._bm25 = None
        if triples:
            corpus = [self.analyzer.terms(t) or ["\u2205"] for t in texts]
            self._bm25 = bm25s.BM25(k1=K1, b=B)
            self._bm25.index(corpus, show_progress=False)
        self.save()

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every indexed chunk for a query, aligned with `self.ids`."""
        if self._bm25 is None or not self.ids:
            return np.zeros(len(self.ids), dtype=np.float32)
        terms = [t for t in self.analyzer.terms(query, query=True) if t in self._bm25.vocab_dict]
        if not terms:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)

    def search(self, query: str, limit: int) -> list[tuple[str, float]]:
        """Best chunk ids for a query with their BM25 scores, highest first."""
        return top_scores(self.ids, self.scores(query), limit)

    def save(self) -> None:
        if self.directory is None:
            return
        tmp = self.directory.with_name(self.directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(tmp / "bm25"))
        meta = {
            "revision": self.revision,
            "ids": self.ids,
            "sources": self.sources,
            "split_compounds": self.split_compounds,
            "vocabulary": dict(self.analyzer.vocabulary),
        }
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        # Swap whole folders so a reader never sees half an index.
        old = self.directory.with_name(self.directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.directory.exists():
            self.directory.rename(old)
        tmp.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)

    def load(self) -> bool:
        """Read the saved index; False when there is none or it cannot be read."""
        if self.directory is None or not (self.directory / "meta.json").exists():
            return False
        try:
            meta = json.loads((self.directory / "meta.json").read_text(encoding="utf-8"))
            if meta.get("split_compounds") != self.split_compounds:
                return False
            bm25 = None
            if meta["ids"]:
                bm25 = bm25s.BM25.load(str(self.directory / "bm25"))
        except (OSError, ValueError, KeyError) as exc:
            logger.warning(
                "Keyword index at %s is unreadable (%s); it will be rebuilt", self.directory, exc
            )
            return False
        self.ids = list(meta["ids"])
        self.position = {chunk_id: i for i, chunk_id in enumerate(self.ids)}
        self.sources = list(meta["sources"])
        self.revision = int(meta["revision"])
        self.analyzer = NorwegianAnalyzer(Counter(meta["vocabulary"]), self.split_compounds)
        self._bm25 = bm25
        return True


def top_scores(ids: list[str], scores: np.ndarray, limit: int) -> list[tuple[str, float]]:
    """The `limit` highest positive scores as (id, score), highest first."""
    count = min(limit, int((scores > 0).sum()))
    if count == 0:
        return []
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(ids[i], float(scores[i])) for i in top]
