"""Units for what a question names: the agenda row for "who", a unit for each document.

"Who presented the demonstration?" is answered by the row of an agenda that pairs the talk
with its speaker, not by the agenda; "which report is used both in A and in B?" by a unit from
A's document and one from B's. Both work on the units `ExtractiveAnswerer` scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from assistant.answers.question_parts import QuestionShape, name_words
from assistant.answers.selection import ScoredUnit, contained
from assistant.index.retrieval import SearchResult
from assistant.text.answer_units import agenda_row
from assistant.text.units import Unit

if TYPE_CHECKING:
    from assistant.answers.extractive import ExtractiveAnswerer


def agenda_rows(
    answerer: ExtractiveAnswerer, units: list[Unit], query_terms: frozenset[str]
) -> list[tuple[Unit, Unit]]:
    """For a who-question: each list's item about the question, with the names after it.

    An agenda lists each talk with its speaker ("Demonstrasjon av Kontrolltårn; Jørgen;
    Schreiner; KPMG"); the answer to "who presented the demonstration" is that row alone,
    not the whole agenda. Only a row that names a person counts. Each row is returned
    with the list it comes from.
    """
    out: list[tuple[Unit, Unit]] = []
    for unit in units:
        if len(unit.parts) < 2:
            continue
        matches = [answerer.coverage(query_terms, answerer.terms(p)) for p in unit.parts]
        best = max(range(len(matches)), key=lambda n: matches[n])
        pair = agenda_row(unit, best) if matches[best] > 0 else None
        if pair is None:
            continue
        pair.terms = answerer.terms(pair.text)
        out.append((pair, unit))
    return out


def cover_alternatives(
    answerer: ExtractiveAnswerer,
    chosen: list[ScoredUnit],
    scored: list[ScoredUnit],
    passages: Sequence[SearchResult],
    shape: QuestionShape,
) -> tuple[list[ScoredUnit], list[ScoredUnit]]:
    """Make sure each thing a cross-document question names has its own unit.

    "Which report is used both in A and in B?" needs a unit from A's document and one from
    B's: A's document is the one whose passages name A most often, and its unit the one
    that best answers the part of the question about A (`QuestionShape.sub_questions`).
    A missing unit is added, in place of the weakest pick if the answer is full (never
    the unit of another part). The units added are returned too: what follows them in
    their passage may come along (`with_context`).
    """
    t = answerer.tuning
    units = [s.unit for s in scored]
    if not shape.cross_document:
        return chosen, []
    parts = [
        (sub, home_document(answerer, name, passages))
        for name, sub in zip(shape.alternatives, shape.sub_questions, strict=True)
    ]
    out = list(chosen)
    leads: list[ScoredUnit] = []
    needed: set[int] = set()
    for part, home in parts:
        own = [u for u in units if home is None or passages[u.passage - 1].source == home]
        if not own:
            continue
        # Within one part, the part's own words decide, meaning breaks ties: every unit
        # of A's document is about A, and the one naming what is asked about A answers.
        f = answerer.features(part, answerer.terms(part, query=True), own, passages)
        value = (f["focus"] + t.part_dense_weight * f["dense"]) * answerer.kind_gain(f, shape)
        best = own[int(np.argmax(value))]
        pick = next(s for s in scored if s.unit is best)
        needed.add(id(pick))
        holding = [s for s in out if s.unit is pick.unit or contained(pick.unit, [s.unit])]
        if holding:
            needed.update(id(s) for s in holding)
            leads.extend(s for s in holding if all(s is not x for x in leads))
            continue
        if len(out) >= t.max_sentences:
            spare = [s for s in out if id(s) not in needed]
            if not spare:
                continue
            out.remove(min(spare, key=lambda s: s.score))
        out.append(pick)
        leads.append(pick)
    return out, leads


def home_document(
    answerer: ExtractiveAnswerer, name: str, passages: Sequence[SearchResult]
) -> str | None:
    """The document most about a named thing: most of its passages name it, or None."""
    wanted = answerer.terms(" ".join(name_words(name)))
    counts: Counter[str] = Counter()
    for p in passages:
        if wanted and wanted <= answerer.terms(p.text):
            counts[p.source] += 1
    if not counts:
        return None
    return max(counts, key=lambda source: counts[source])
