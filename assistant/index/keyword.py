"""BM25 keyword index (bm25s) over the chunk store, saved to disk and rebuilt when stale."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import numpy as np

from assistant.text.analysis import CompoundMode, NorwegianAnalyzer

logger = logging.getLogger(__name__)

# Measured on the dev set: chunk lengths vary a lot (one-line slides to full paragraphs), and
# weak length normalisation (low b) ranks better than the textbook b=0.75.
K1 = 1.5
B = 0.3

# On disk: `CURRENT` names the published version folder; writers build in `.tmp-*` folders.
_POINTER = "CURRENT"
_LOCK = ".lock"
_TMP = ".tmp-"
# A `.tmp-*` folder this old was left by a killed writer, never by one still writing.
_STALE_TMP_SECONDS = 600
_LOAD_ATTEMPTS = 3


@dataclass(frozen=True, eq=False)
class KeywordSnapshot:
    """One built or loaded keyword index. Never changed, so a search reads one consistent whole
    even while another thread publishes the next one."""

    ids: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    revision: int = -1
    analyzer: NorwegianAnalyzer = field(default_factory=NorwegianAnalyzer)
    bm25: bm25s.BM25 | None = None
    position: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every indexed chunk for a query, aligned with `self.ids`."""
        if self.bm25 is None or not self.ids:
            return np.zeros(len(self.ids), dtype=np.float32)
        terms = [t for t in self.analyzer.terms(query, query=True) if t in self.bm25.vocab_dict]
        if not terms:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(terms), dtype=np.float32)

    def search(self, query: str, limit: int) -> list[tuple[str, float]]:
        """Best chunk ids for a query with their BM25 scores, highest first."""
        return top_scores(self.ids, self.scores(query), limit)


def _snapshot(
    ids: list[str],
    sources: list[str],
    revision: int,
    analyzer: NorwegianAnalyzer,
    bm25: bm25s.BM25 | None,
) -> KeywordSnapshot:
    position = {chunk_id: i for i, chunk_id in enumerate(ids)}
    return KeywordSnapshot(ids, sources, revision, analyzer, bm25, position)


class KeywordIndex:
    """Sparse lexical retrieval with Norwegian stemming and compound splitting.

    It holds the current `KeywordSnapshot` and swaps in a new one on build or load; readers
    that need several fields at once take `snapshot()` first. Several processes may save
    and load the same folder at once (the server and `arena ingest`): each writes its own
    temporary folder and publishes it by replacing one pointer file, so a reader never
    sees half an index.
    """

    def __init__(self, directory: Path | None, split_compounds: CompoundMode = "query") -> None:
        self.directory = directory
        self.split_compounds = split_compounds
        self._current = KeywordSnapshot(analyzer=NorwegianAnalyzer(split_compounds=split_compounds))

    # The current snapshot's fields -----------------------------------------------------------

    def snapshot(self) -> KeywordSnapshot:
        return self._current

    @property
    def ids(self) -> list[str]:
        return self._current.ids

    @property
    def position(self) -> dict[str, int]:
        return self._current.position

    @property
    def sources(self) -> list[str]:
        return self._current.sources

    @property
    def revision(self) -> int:
        return self._current.revision

    @property
    def analyzer(self) -> NorwegianAnalyzer:
        return self._current.analyzer

    def __len__(self) -> int:
        return len(self._current)

    def scores(self, query: str) -> np.ndarray:
        return self._current.scores(query)

    def search(self, query: str, limit: int) -> list[tuple[str, float]]:
        return self._current.search(query, limit)

    # Build, save, load -----------------------------------------------------------------------

    def build(self, items: Iterable[tuple[str, str, str]], revision: int) -> None:
        """Index (chunk id, source, text) triples from scratch, save and publish the result."""
        triples = list(items)
        texts = [text for _, _, text in triples]
        analyzer = NorwegianAnalyzer(split_compounds=self.split_compounds)
        analyzer.learn(texts)
        bm25 = None
        if triples:
            corpus = [analyzer.terms(t) or ["\u2205"] for t in texts]
            bm25 = bm25s.BM25(k1=K1, b=B)
            bm25.index(corpus, show_progress=False)
        self._current = _snapshot(
            [chunk_id for chunk_id, _, _ in triples],
            [source for _, source, _ in triples],
            revision,
            analyzer,
            bm25,
        )
        self.save()

    def save(self) -> None:
        """Write the current snapshot to a new version folder and point `CURRENT` at it.

        A failed save only costs the next process a rebuild, so it is logged, not raised.
        """
        if self.directory is None:
            return
        snap = self._current
        tmp = self.directory / f"{_TMP}{os.getpid()}-{uuid.uuid4().hex[:12]}"
        try:
            tmp.mkdir(parents=True)
            if snap.bm25 is not None:
                snap.bm25.save(str(tmp / "bm25"))
            meta = {
                "revision": snap.revision,
                "ids": snap.ids,
                "sources": snap.sources,
                "split_compounds": self.split_compounds,
                "vocabulary": dict(snap.analyzer.vocabulary),
            }
            (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            with self._writer_lock():
                # The last writer wins: a process that published an older revision sees the
                # store ahead of it on its next read and rebuilds, so the folder converges.
                final = self.directory / f"v{snap.revision}-{tmp.name.removeprefix(_TMP)}"
                tmp.rename(final)
                previous = self._pointed()
                pointer = self.directory / f"{_TMP}{_POINTER}-{uuid.uuid4().hex[:12]}"
                pointer.write_text(final.name, encoding="utf-8")
                os.replace(pointer, self.directory / _POINTER)
                self._clean(keep={final.name, previous or ""})
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            logger.warning("Could not save the keyword index to %s: %s", self.directory, exc)

    def load(self) -> bool:
        """Read the published index; False when there is none or it cannot be read.

        A writer may retire the version being read; then the pointer has moved and the load
        is tried again on the new version.
        """
        if self.directory is None:
            return False
        for _ in range(_LOAD_ATTEMPTS):
            name = self._pointed()
            # Without a pointer, the index may be in the folder itself (the layout before it).
            folder = self.directory / name if name else self.directory
            if name is None and not (folder / "meta.json").exists():
                return False
            try:
                snap = self._read(folder)
            except (OSError, ValueError, KeyError) as exc:
                if self._pointed() != name:
                    continue  # a writer retired this version while we read it: read the new one
                logger.warning(
                    "Keyword index at %s is unreadable (%s); it will be rebuilt", folder, exc
                )
                return False
            if snap is None:
                return False
            self._current = snap
            return True
        return False

    def _read(self, folder: Path) -> KeywordSnapshot | None:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("split_compounds") != self.split_compounds:
            return None
        bm25 = None
        if meta["ids"]:
            bm25 = bm25s.BM25.load(str(folder / "bm25"))
        analyzer = NorwegianAnalyzer(Counter(meta["vocabulary"]), self.split_compounds)
        return _snapshot(
            list(meta["ids"]), list(meta["sources"]), int(meta["revision"]), analyzer, bm25
        )

    def _pointed(self) -> str | None:
        assert self.directory is not None
        try:
            return (self.directory / _POINTER).read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    @contextmanager
    def _writer_lock(self) -> Iterator[None]:
        """Writers publish and clean up one at a time; readers never wait for it."""
        assert self.directory is not None
        fd = os.open(self.directory / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the flock

    def _clean(self, keep: set[str]) -> None:
        """Remove retired versions (keeping the previous one for readers still loading it),
        stale temporary folders of killed writers and the files of the old single-folder layout."""
        assert self.directory is not None
        now = time.time()
        for entry in self.directory.iterdir():
            name = entry.name
            if name in keep or name in (_POINTER, _LOCK):
                continue
            if name.startswith(_TMP):
                try:
                    if now - entry.stat().st_mtime < _STALE_TMP_SECONDS:
                        continue  # another process is still writing it
                except FileNotFoundError:
                    continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def top_scores(ids: list[str], scores: np.ndarray, limit: int) -> list[tuple[str, float]]:
    """The `limit` highest positive scores as (id, score), highest first."""
    count = min(limit, int((scores > 0).sum()))
    if count == 0:
        return []
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(ids[i], float(scores[i])) for i in top]
