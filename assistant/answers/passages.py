"""The passages an answer reads: one search per thing a question names, lists followed on.

A single search for "both A and B" ranks the document that matches more words first and can
leave the other out, so a cross-document question also searches for each thing it names. A
slide list cut where one chunk ends goes on in the next chunk; a passage ending in such a list
is given the rest of it, so that a list question can be answered with the whole list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from assistant.answers.question_parts import read_question
from assistant.index.retrieval import SearchResult
from assistant.text.answer_units import CONTINUED_LINES, continue_list
from assistant.text.normalise import starts_bullet

if TYPE_CHECKING:
    from assistant.index.access import Viewer


class _Chunk(Protocol):
    id: str
    source: str
    ordinal: int
    text: str
    metadata: dict[str, str | int]


class _Store(Protocol):
    def revision(self) -> int: ...

    def iter_chunks(self) -> Iterable[_Chunk]: ...


@dataclass(frozen=True)
class PassageTuning:
    """How many passages the extra searches add, and how far a cut list is followed."""

    # Of each extra search for one thing a cross-document question names, the best this many.
    per_alternative: int = 5
    # At most this many lines of the next chunk continue a list.
    continued_lines: int = CONTINUED_LINES


class ChunkOrder:
    """Which chunk follows which in its document, read once per store revision."""

    def __init__(self, store: _Store) -> None:
        self.store = store
        # The revision read, and each chunk's place and the chunk at each place, replaced as
        # one value: answers on other threads read it meanwhile.
        self._read: tuple[int, dict[str, tuple[str, int]], dict[tuple[str, int], _Chunk]] = (
            -1,
            {},
            {},
        )

    def following(self, chunk_id: str) -> _Chunk | None:
        return self.current()(chunk_id)

    def current(self) -> Callable[[str], _Chunk | None]:
        """The chunk after a chunk id, as of the store's revision now (read once per call)."""
        revision = self.store.revision()
        if revision != self._read[0]:
            chunks = list(self.store.iter_chunks())
            self._read = (
                revision,
                {c.id: (c.source, c.ordinal) for c in chunks},
                {(c.source, c.ordinal): c for c in chunks},
            )
        _, places, at = self._read

        def after(chunk_id: str) -> _Chunk | None:
            place = places.get(chunk_id)
            return None if place is None else at.get((place[0], place[1] + 1))

        return after


class _Retriever(Protocol):
    def search(self, query: str, k: int = 5, *, viewer: Viewer) -> list[SearchResult]: ...


def find_passages(
    retriever: _Retriever,
    query: str,
    k: int,
    viewer: Viewer,
    order: ChunkOrder,
    tuning: PassageTuning = PassageTuning(),
) -> list[SearchResult]:
    """The query's k passages, each named thing's for a cross-document question, lists whole."""

    def search(text: str) -> list[SearchResult]:
        return retriever.search(text, k=k, viewer=viewer)

    passages = with_alternatives(query, search(query), search, tuning)
    return continue_lists(passages, order, viewer, tuning)


def with_alternatives(
    query: str,
    passages: list[SearchResult],
    search: Callable[[str], list[SearchResult]],
    tuning: PassageTuning = PassageTuning(),
) -> list[SearchResult]:
    """The query's passages, then for a cross-document question each named thing's best."""
    shape = read_question(query)
    if not shape.cross_document:
        return passages
    out = list(passages)
    seen = {p.chunk_id for p in out}
    for sub in shape.sub_questions:
        for p in search(sub)[: tuning.per_alternative]:
            if p.chunk_id not in seen:
                out.append(p)
                seen.add(p.chunk_id)
    return out


def continue_lists(
    passages: list[SearchResult],
    order: ChunkOrder,
    viewer: Viewer,
    tuning: PassageTuning = PassageTuning(),
) -> list[SearchResult]:
    """Passages that end in a bulleted list, given the list's rest from the next chunk.

    Only the bullets that open the next chunk (and lines continuing them) are taken, and only
    from a chunk of the same document the viewer may read.
    """
    out: list[SearchResult] = []
    following: Callable[[str], _Chunk | None] | None = None  # the store is asked once, if at all
    for passage in passages:
        lines = [line for line in passage.text.split("\n") if line.strip()]
        after = None
        if lines and starts_bullet(lines[-1]):
            following = following or order.current()
            after = following(passage.chunk_id)
        if after is None or not viewer.may_read(str(after.metadata.get("visibility", ""))):
            out.append(passage)
            continue
        text = continue_list(passage.text, after.text, tuning.continued_lines)
        out.append(replace(passage, text=text) if text != passage.text else passage)
    return out
