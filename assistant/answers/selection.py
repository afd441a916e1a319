"""Choosing units: relevant but not repetitive, a list whole, a title with what it announces.

Maximal marginal relevance picks the units; `with_context` then adds the unit after a pick when
it belongs to it (the rest of a list cut into several units, the content under a title) or
continues the best ones on topic; `fuller` swaps a unit for one that says all it says and more.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.text.units import Unit

if TYPE_CHECKING:
    from assistant.answers.extractive import ExtractiveTuning

_WORD = re.compile(r"[^\W_]+")


@dataclass
class ScoredUnit:
    """A unit with its relevance to the question and what the relevance is made of."""

    unit: Unit
    score: float
    lexical: float
    dense: float


def most_relevant(scored: list[ScoredUnit], tuning: ExtractiveTuning) -> list[ScoredUnit]:
    """Maximal marginal relevance: relevant, but unlike what is already chosen."""
    if not scored:
        return []
    t = tuning
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
        if contained(best.unit, [c.unit for c in chosen]):
            continue
        if chosen and length + len(best.unit.text) > t.max_answer_chars:
            if enough:
                break
            continue
        chosen.append(best)
        length += len(best.unit.text)
    return chosen


def fuller(
    chosen: list[ScoredUnit], scored: list[ScoredUnit], tuning: ExtractiveTuning
) -> list[ScoredUnit]:
    """Swap a chosen unit for one that says all it says and more, if nearly as relevant.

    Overlapping chunks and lists split across slides give the same items twice, once cut
    short ("Kollektiv handling") and once with the item after it; the fuller one answers
    better, where diversity alone would keep the short one and drop the other.
    """
    out = list(chosen)
    length = sum(len(c.unit.text) for c in out)
    for i, pick in enumerate(out):
        for candidate in sorted(scored, key=lambda s: s.score, reverse=True):
            if candidate.score < tuning.fuller_ratio * pick.score:
                break
            if any(candidate is c for c in out) or not contained(pick.unit, [candidate.unit]):
                continue
            if contained(candidate.unit, [pick.unit]):
                continue  # the same words: nothing gained
            grown = length - len(pick.unit.text) + len(candidate.unit.text)
            if grown > tuning.max_answer_chars:
                continue
            out[i], length = candidate, grown
            break
    # A fuller unit may now also hold another pick's words; of two alike, the first stays.
    return [c for n, c in enumerate(out) if not _redundant(n, [o.unit for o in out])]


def with_context(
    chosen: list[ScoredUnit],
    scored: list[ScoredUnit],
    length: int,
    tuning: ExtractiveTuning,
    leads: Sequence[ScoredUnit] = (),
) -> list[ScoredUnit]:
    """Add the unit after each of the best two (and each lead), if it belongs with it.

    In reports a finding's figures or examples often stand in the sentence after the one
    that matches the question best ("The seminar lasted three days. About 50 took part."),
    and that sentence reads well after it; it comes along if on topic and there is room.
    The rest of a list cut into several units, and the content under a chosen title, come
    along whatever their own score: a list is answered whole.
    """
    if not chosen:
        return chosen
    t = tuning
    top = max(s.score for s in chosen)
    taken = {(s.unit.passage, s.unit.position) for s in chosen}
    following: dict[tuple[int, int], ScoredUnit] = {}
    for s in scored:
        following.setdefault((s.unit.passage, s.unit.position), s)
    bests = sorted(chosen, key=lambda s: s.score, reverse=True)[: t.context_picks]
    added: list[ScoredUnit] = []
    optional: list[ScoredUnit] = []
    # First what belongs to a pick (a list's rest, a title's content), then context that
    # is only on topic: room goes to the first.
    firsts = [*leads, *bests, *sorted(chosen, key=lambda s: s.score, reverse=True)]
    queue = [(s, True) for s in firsts] + [(s, False) for s in bests]
    while queue:
        best, required = queue.pop(0)
        key = (best.unit.passage, best.unit.position + 1)
        after = following.get(key)
        if after is None or key in taken:
            continue
        belongs = _continues(best.unit, after.unit) or _is_title(best.unit, t)
        # The rest of a slide's list, cut off where the extraction broke it, belongs to it.
        floor = t.list_context_floor if best.unit.items >= t.list_items else t.context_floor
        if belongs != required or (not belongs and after.score < floor * top):
            continue
        if length + len(after.unit.text) > t.max_answer_chars:
            continue
        if contained(after.unit, [c.unit for c in chosen + added]):
            continue
        added.append(after)
        if not belongs:
            optional.append(after)
        taken.add(key)
        length += len(after.unit.text)
        if _continues(best.unit, after.unit):
            queue.insert(0, (after, True))  # a long list may run over several units
    # Still at most max_sentences: a context sentence displaces the weakest other pick,
    # then ordinary context gives way to the rest of a list or a title's content.
    keep = [*bests, *leads]
    others = sorted((s for s in chosen if all(s is not b for b in keep)), key=lambda s: s.score)
    while others and len(chosen) + len(added) > t.max_sentences:
        weakest = others.pop(0)
        chosen = [s for s in chosen if s is not weakest]
    optional.sort(key=lambda s: s.score)
    while optional and len(chosen) + len(added) > t.max_sentences:
        weakest = optional.pop(0)
        added = [s for s in added if s is not weakest]
    return (chosen + added)[: max(t.max_sentences, len(bests) + len(leads))]


def _continues(unit: Unit, after: Unit) -> bool:
    """The next unit is the same list, cut where the unit grew too long: same heading."""
    return bool(unit.heading) and unit.parts != () and after.heading == unit.heading


def _is_title(unit: Unit, tuning: ExtractiveTuning) -> bool:
    """A title or an intro ("H2Bs verdikompass", "Vi samskaper gjennom å:"): content follows.

    A short line without a sentence's closing mark, or any unit ending in a colon.
    """
    text = unit.text.rstrip()
    if text.endswith(":"):
        return True
    return (
        unit.items <= 1
        and not text.endswith((".", "!", "?"))
        and len(unit.terms) < tuning.full_length_terms
    )


def _jaccard(a: Unit, b: Unit) -> float:
    if not a.terms or not b.terms:
        return 0.0
    return len(a.terms & b.terms) / len(a.terms | b.terms)


def _redundant(n: int, units: list[Unit]) -> bool:
    """True when another unit says everything unit n says: more, or the same and earlier."""
    unit = units[n]
    return any(
        contained(unit, [other]) and (m < n or not contained(other, [unit]))
        for m, other in enumerate(units)
        if m != n
    )


def contained(unit: Unit, chosen: list[Unit]) -> bool:
    """A unit whose words all appear in one already chosen adds nothing."""
    words = Counter(_WORD.findall(unit.text.lower()))
    for other in chosen:
        other_words = Counter(_WORD.findall(other.text.lower()))
        if not words - other_words:
            return True
    return False
