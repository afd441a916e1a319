"""Conflict rules: how much one declared interest touches an activity's organisations and topics.

Scores are products of plain factors so each finding can be explained: the kind of
relation, whose it is, how recently it ended (cooling-off) and how much is at stake in
the activity. A board seat or leading position at an involved organisation is direct
whatever the score. An interest that ended within the cooling-off period fades, but never
below indirect while the period lasts (when it would count at all were it current).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.registry.models import (
    ActivityKind,
    Category,
    Interest,
    Organisation,
    Severity,
    Whose,
)
from assistant.registry.names import any_names_match, fold

FINANCIAL = frozenset(
    {
        Category.employment,
        Category.consulting,
        Category.ownership,
        Category.paid_activity,
        Category.intellectual_property,
        Category.research_funding,
        Category.travel_or_gifts,
        Category.secondary_employment,
    }
)
# Relations that tie a person to an organisation's fortunes more than a fee does.
CONTROLLING = frozenset({Category.board_or_leading_position, Category.ownership})
WHOSE_WEIGHT = {
    Whose.self: 1.0,
    Whose.spouse_or_partner: 0.9,
    Whose.child: 0.8,
    Whose.close_relation: 0.6,
}
# Procurement and selection decide who gets money or a place; co-creation is open work.
KIND_WEIGHT = {
    ActivityKind.co_creation: 0.7,
    ActivityKind.advisory: 0.9,
    ActivityKind.evaluation_selection: 1.2,
    ActivityKind.procurement: 1.3,
}
STRICT_KINDS = frozenset({ActivityKind.evaluation_selection, ActivityKind.procurement})
TOPIC_ONLY_WEIGHT = 0.4
DIRECT_AT = 0.8
INDIRECT_AT = 0.25


@dataclass
class Evidence:
    interest_id: int
    declaration_id: int
    category: str
    whose: str
    organisation: str | None
    matched_on: list[str]
    organisation_match: bool
    ended_on: str | None
    score: float
    severity: str
    # Why the severity is what it is beyond the match, e.g. the cooling-off of an ended interest.
    reason: str = ""


@dataclass(frozen=True)
class Scope:
    """What an activity or an agenda item involves: organisations and topics."""

    organisations: list[Organisation]
    topics: list[str]


def organisations_match(a: Organisation, b: Organisation) -> str | None:
    """How two organisation records are known to be one body, or None.

    Numbers decide when both have one (two trusts may share a name's words); names and
    aliases, tolerant of variants, decide otherwise.
    """
    if a.id is not None and a.id == b.id:
        return f"organisation {b.name}"
    if a.org_number and b.org_number:
        return f"organisation number {b.org_number}" if a.org_number == b.org_number else None
    if any_names_match([a.name, *(a.aliases or [])], [b.name, *(b.aliases or [])]):
        return f"name '{a.name}' ~ '{b.name}'"
    return None


def topics_overlap(ours: list[str], theirs: list[str]) -> list[str]:
    """Shared topics; a topic also matches a longer one it starts ("diabetes" / "diabetesomsorg")."""
    shared: list[str] = []
    for mine in ours:
        a = fold(mine).strip()
        for other in theirs:
            b = fold(other).strip()
            if not a or not b:
                continue
            short, long_ = sorted((a, b), key=len)
            if a == b or (len(short) >= 5 and any(w.startswith(short) for w in long_.split())):
                shared.append(other)
                break
    return shared


def _recency(interest: Interest, on: date, cooling_off_years: int) -> float:
    if interest.ends_on is None or interest.ends_on >= on:
        return 1.0
    if cooling_off_years <= 0:
        return 0.0
    years = (on - interest.ends_on).days / 365.25
    return max(0.0, 1.0 - years / cooling_off_years)


def _severity(score: float) -> Severity:
    if score >= DIRECT_AT:
        return Severity.direct
    if score >= INDIRECT_AT:
        return Severity.indirect
    return Severity.none


def assess_interest(
    interest: Interest,
    counterpart: Organisation | None,
    scope: Scope,
    kind: ActivityKind,
    on: date,
    cooling_off_years: int,
) -> Evidence | None:
    """The evidence that one interest touches the scope, or None when it does not."""
    recency = _recency(interest, on, cooling_off_years)
    if recency <= 0:
        return None
    matched: list[str] = []
    org_hit = False
    if counterpart is not None:
        for organisation in scope.organisations:
            reason = organisations_match(counterpart, organisation)
            if reason:
                matched.append(reason)
                org_hit = True
                break
    shared = topics_overlap(interest.topics or [], scope.topics)
    if shared:
        matched.append("topics " + ", ".join(shared))
    if not matched:
        return None
    category = Category(interest.category)
    if org_hit:
        base = 1.0 if category in FINANCIAL or category in CONTROLLING else 0.6
        if shared:
            base += 0.1
    else:
        base = TOPIC_ONLY_WEIGHT
    score = base * WHOSE_WEIGHT[Whose(interest.whose)] * recency * KIND_WEIGHT[kind]
    severity = _severity(score)
    reason = ""
    if recency < 1.0 and interest.ends_on is not None:
        reason = (
            f"ended on {interest.ends_on.isoformat()}, within the {cooling_off_years}-year "
            "cooling-off"
        )
        # Fading may lower a direct interest to indirect, never to none while the period
        # lasts; an interest too slight to count when current stays none.
        if severity == Severity.none and _severity(score / recency) != Severity.none:
            severity = Severity.indirect
            reason += ": counts as at least indirect"
    if org_hit and category == Category.board_or_leading_position:
        severity = Severity.direct
    return Evidence(
        interest_id=interest.id,  # type: ignore[arg-type]
        declaration_id=interest.declaration_id,
        category=category.value,
        whose=Whose(interest.whose).value,
        organisation=counterpart.name if counterpart else None,
        matched_on=matched,
        organisation_match=org_hit,
        ended_on=interest.ends_on.isoformat()
        if interest.ends_on and interest.ends_on < on
        else None,
        score=round(score, 3),
        severity=severity.value,
        reason=reason,
    )


def worst(evidence: list[Evidence]) -> Severity:
    order = [Severity.none, Severity.indirect, Severity.direct]
    return max((Severity(e.severity) for e in evidence), key=order.index, default=Severity.none)
