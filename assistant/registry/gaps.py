"""Knowledge gaps: the questions the assistant abstained on and the answers rated down.

Coordinators read them to see what the knowledge base lacks. Each gap names its conversation,
the question, when and by whom it was asked, why it is a gap (the abstention's reason, the
rater's comment) and the documents involved: those cited, or named as closest when the
assistant abstained. Gaps are grouped two ways:

- **by document**: under each document the gap cites or names as closest (so a gap naming two
  documents is under both), and under none when it names no document;
- **by topic**: under one content term of its question. A question's content terms are its
  words as the keyword index's Norwegian analyzer turns them into terms (stems, without stop
  words or question words such as "hva" and "how"), compounds unsplit. Each gap goes under
  its term that the most gaps share, ties going to the longer (usually more specific) term,
  then the alphabet; the topic is labelled with the word the questions most often use for it.
  This is word overlap, not meaning: "budsjett" and "økonomi" are two topics. A question with
  no content term is under no topic.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlmodel import Session

from assistant.registry.conversations import (
    ASSISTANT,
    NOT_COVERED,
    USER,
    Message,
    Rating,
    fetch_rows,
    message_of,
    panel_sources,
    reader,
    require_coordinator,
)
from assistant.text.analysis import NorwegianAnalyzer, words

Grouping = Literal["topic", "document"]
GROUPINGS: tuple[Grouping, ...] = ("topic", "document")
_ANALYZER = NorwegianAnalyzer(split_compounds="off")
# Rows whose metadata says the turn abstained; a pre-filter only, each row is read properly.
_ABSTAINED = f"%{json.dumps({'abstained': True})[1:-1]}%"


@dataclass
class Gap:
    """One abstained or rated-down answer, with what a coordinator needs to follow it up."""

    thread_id: str
    step_id: str
    question: str
    answer: str
    asked_at: str
    user: str
    abstained: bool
    rated_down: bool
    reason: str = ""  # why the assistant abstained
    comment: str = ""  # what the rater wrote
    documents: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "thread_id": self.thread_id,
            "step_id": self.step_id,
            "question": self.question,
            "answer": self.answer,
            "asked_at": self.asked_at,
            "user": self.user,
            "abstained": self.abstained,
            "rated_down": self.rated_down,
            "reason": self.reason,
            "comment": self.comment,
            "documents": list(self.documents),
        }


@dataclass
class GapGroup:
    """Gaps sharing a topic or a document; `key` None for those with neither."""

    key: str | None
    gaps: list[Gap]

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "count": len(self.gaps), "gaps": [g.as_dict() for g in self.gaps]}


def knowledge_gaps(*, session: Session, email: str | None, operator: bool = False) -> list[Gap]:
    """Every abstained or rated-down answer, newest first: for coordinators and the operator."""
    require_coordinator(reader(session, email, operator=operator))
    rows = fetch_rows(
        session,
        'SELECT s."id", s."threadId", s."name", s."type", s."output", s."createdAt", '
        's."metadata", COALESCE(t."userIdentifier", u."identifier") AS "user", '
        'f."value", f."comment" FROM steps s JOIN threads t ON t."id" = s."threadId" '
        'LEFT JOIN users u ON u."id" = t."userId" LEFT JOIN feedbacks f ON f."forId" = s."id" '
        'WHERE s."type" = :assistant AND (f."value" = 0 OR s."metadata" LIKE :abstained '
        'OR s."name" IN (:no, :en)) ORDER BY s."createdAt" DESC, s."id"',
        assistant=ASSISTANT,
        abstained=_ABSTAINED,
        no=sorted(NOT_COVERED)[0],
        en=sorted(NOT_COVERED)[-1],
    )
    panels = panel_sources(session, sorted({r["id"] for r in rows}))
    gaps: dict[str, Gap] = {}
    for row in rows:
        rating = (
            Rating(int(row["value"]), row["comment"] or "") if row["value"] is not None else None
        )
        message = message_of(row, rating, panels.get(row["id"], []))
        gap = _gap(session, row, message)
        if gap is None:
            continue
        if row["id"] in gaps:  # several ratings of one answer: one gap, every comment
            gaps[row["id"]].rated_down |= gap.rated_down
            gaps[row["id"]].comment = "; ".join(
                c for c in (gaps[row["id"]].comment, gap.comment) if c
            )
            continue
        gaps[row["id"]] = gap
    return list(gaps.values())


def _gap(session: Session, row: dict[str, Any], message: Message) -> Gap | None:
    rated_down = message.rating is not None and message.rating.value == 0
    if not (message.abstained or rated_down):
        return None  # the pre-filter's false alarm: "abstained": true written in an answer
    question = message.question or _question_before(session, row["threadId"], message.at)
    documents = list(dict.fromkeys(s.source for s in message.sources))
    return Gap(
        thread_id=row["threadId"],
        step_id=message.step_id,
        question=question,
        answer=message.text,
        asked_at=message.at,
        user=row["user"] or "",
        abstained=message.abstained,
        rated_down=rated_down,
        reason=message.reason if message.abstained else "",
        comment=message.rating.comment if rated_down and message.rating else "",
        documents=documents,
    )


def _question_before(session: Session, thread_id: str, at: str) -> str:
    """The user's message before a reply that kept no turn (a registry reply rated down)."""
    rows = fetch_rows(
        session,
        'SELECT "output" FROM steps WHERE "threadId" = :thread AND "type" = :user '
        'AND "createdAt" <= :at ORDER BY "createdAt" DESC LIMIT 1',
        thread=thread_id,
        user=USER,
        at=at,
    )
    return (rows[0]["output"] or "") if rows else ""


# Grouping -------------------------------------------------------------------------------------


def group_gaps(gaps: list[Gap], by: Grouping) -> list[GapGroup]:
    """The gaps by topic or by document, largest group first; the unplaced last."""
    if by == "document":
        groups: dict[str | None, list[Gap]] = {}
        for gap in gaps:
            for document in gap.documents or [None]:
                groups.setdefault(document, []).append(gap)
        return _ordered(groups)
    return _ordered(_by_topic(gaps))


def content_terms(question: str) -> dict[str, str]:
    """A question's content terms (the analyzer's stems), each with the word it came from."""
    terms: dict[str, str] = {}
    for word in words(question):
        for term in _ANALYZER.terms(word, query=True):
            terms.setdefault(term, word)
    return terms


def _by_topic(gaps: list[Gap]) -> dict[str | None, list[Gap]]:
    per_gap = [content_terms(gap.question) for gap in gaps]
    shared = Counter(term for terms in per_gap for term in terms)
    placed: dict[str, list[tuple[Gap, str]]] = {}
    groups: dict[str | None, list[Gap]] = {}
    for gap, terms in zip(gaps, per_gap, strict=True):
        if not terms:
            groups.setdefault(None, []).append(gap)
            continue
        topic = min(terms, key=lambda t: (-shared[t], -len(t), t))
        placed.setdefault(topic, []).append((gap, terms[topic]))
    for members in placed.values():
        # The word the questions use most for the topic names it; the first such on a tie.
        label = Counter(word for _, word in members).most_common(1)[0][0]
        groups[label] = [gap for gap, _ in members]
    return groups


def _ordered(groups: dict[str | None, list[Gap]]) -> list[GapGroup]:
    keys = sorted(groups, key=lambda k: (k is None, -len(groups[k]), k or ""))
    return [GapGroup(key, groups[key]) for key in keys]


def gaps_json(groups: list[GapGroup], by: Grouping) -> dict[str, Any]:
    """The grouped gaps as the CLI's JSON."""
    return {"by": by, "groups": [group.as_dict() for group in groups]}
