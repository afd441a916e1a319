"""Structural signals of a brief: what its sections, table and people show about a commitment.

knowledge/verdikompass.md names, per commitment, the signals that speak to it
(`brief_signals`); the code defines each signal by that name. A signal is met, a warning or
missing, with its reason in the brief's language. Structure beats keywords: a brief that
says "patients" but seats no patient organisation does not involve patients.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.briefs.checks import (
    CURRENT_DECLARATIONS,
    FLAGGED_SEVERITIES,
    has_user_representative,
    kind_label,
    needed_products,
)
from assistant.briefs.confidential import confidential_details
from assistant.briefs.model import Brief, BriefFacts, CompassStatus, SectionId
from assistant.briefs.wording import (
    concerns_users,
    is_filled,
    legal_basis,
    measurability,
    own_text,
    real_data,
    regulation,
    resources,
)
from assistant.i18n import say
from assistant.registry.models.enums import OrgKind

# Broad involvement: at least this many participants, from at least this many organisations.
BROAD_PEOPLE = 3
BROAD_ORGANISATIONS = 2


@dataclass(frozen=True)
class SignalResult:
    """What one signal found: met, warning or missing, and why, in the brief's language."""

    status: CompassStatus
    reason: str


def _say(brief: Brief, status: CompassStatus, key: str, **values: object) -> SignalResult:
    return SignalResult(status, say(f"brief_compass.{key}", brief.language, **values))


def user_need(brief: Brief, facts: BriefFacts) -> SignalResult:
    """The need is stated from the patients' or users' side."""
    if not is_filled(brief, SectionId.need):
        return _say(brief, "missing", "user_need.open")
    words = concerns_users(own_text(brief, facts, SectionId.need))
    if words:
        return _say(brief, "met", "user_need.met", words=", ".join(words))
    return _say(brief, "warning", "user_need.warning")


def user_representative(brief: Brief, facts: BriefFacts) -> SignalResult:
    """A patient or user organisation, or a participant from one, is at the table."""
    kind = OrgKind.patient_organisation.value
    if has_user_representative(brief, facts):
        names = [o.name for o in facts.organisations if o.kind == kind] + [
            c.organisation or c.participant for c in brief.conflicts if c.organisation_kind == kind
        ]
        return _say(brief, "met", "user_representative.met", names=_join(names))
    if concerns_users(facts.input.need):
        return _say(brief, "missing", "user_representative.missing")
    return _say(brief, "warning", "user_representative.warning")


def value_stated(brief: Brief, facts: BriefFacts) -> SignalResult:
    """The desired outcomes are filled in."""
    if is_filled(brief, SectionId.outcomes):
        return _say(brief, "met", "value_stated.met")
    return _say(brief, "missing", "value_stated.missing")


def success_criteria(brief: Brief, facts: BriefFacts) -> SignalResult:
    """The outcomes state measurable figures: a baseline and a target."""
    if not is_filled(brief, SectionId.outcomes):
        return _say(brief, "missing", "success_criteria.missing")
    text = own_text(brief, facts, SectionId.outcomes) or brief.section(SectionId.outcomes).text
    measured = measurability(text)
    if measured.measurable:
        return _say(brief, "met", "success_criteria.met")
    if not measured.figure:
        return SignalResult("warning", say("brief_checks.unmeasurable.no_figure", brief.language))
    if not measured.baseline:
        return SignalResult("warning", say("brief_checks.unmeasurable.no_baseline", brief.language))
    return SignalResult("warning", say("brief_checks.unmeasurable.no_target", brief.language))


def no_confidential(brief: Brief, facts: BriefFacts) -> SignalResult:
    """The confidential-details check does not fire."""
    kinds = list(dict.fromkeys(hit.kind for hit in confidential_details(facts.input)))
    if not kinds:
        return _say(brief, "met", "no_confidential.met")
    what = ", ".join(say(f"brief_compass.confidential_kind.{k}", brief.language) for k in kinds)
    return _say(brief, "missing", "no_confidential.missing", what=what)


def agreements(brief: Brief, facts: BriefFacts) -> SignalResult:
    """Ownership, IPR and trade between partners are addressed (the compass wants agreements)."""
    if is_filled(brief, SectionId.ipr):
        return _say(brief, "met", "agreements.met")
    return _say(brief, "warning", "agreements.warning")


def declarations_current(brief: Brief, facts: BriefFacts) -> SignalResult:
    """Every participant is in the registry with a current declaration of interests."""
    if not brief.conflicts:
        return _say(brief, "missing", "declarations_current.missing")
    lacking = [
        c.participant
        for c in brief.conflicts
        if not c.registered or c.declaration not in CURRENT_DECLARATIONS
    ]
    if not lacking:
        return _say(brief, "met", "declarations_current.met", count=len(brief.conflicts))
    return _say(
        brief,
        "warning",
        "declarations_current.warning",
        count=len(lacking),
        total=len(brief.conflicts),
        names=_join(lacking),
    )


def conflicts_handled(brief: Brief, facts: BriefFacts) -> SignalResult:
    """No participant with a direct or indirect conflict lacks a recorded decision."""
    if not brief.conflicts:
        return _say(brief, "warning", "conflicts_handled.no_participants")
    flagged = [c for c in brief.conflicts if c.registered and c.severity in FLAGGED_SEVERITIES]
    undecided = [c.participant for c in flagged if not c.reviewed_decision]
    unchecked = [c.participant for c in brief.conflicts if not c.registered]
    if undecided:
        return _say(brief, "warning", "conflicts_handled.undecided", names=_join(undecided))
    if unchecked:
        return _say(brief, "warning", "conflicts_handled.unchecked", names=_join(unchecked))
    if flagged:
        names = _join([c.participant for c in flagged])
        return _say(brief, "met", "conflicts_handled.decided", names=names)
    return _say(brief, "met", "conflicts_handled.none")


def several_kinds(brief: Brief, facts: BriefFacts) -> SignalResult:
    """More than one kind of organisation is at the table."""
    kinds = list(
        dict.fromkeys(
            [o.kind for o in facts.organisations]
            + [c.organisation_kind for c in brief.conflicts if c.organisation_kind]
        )
    )
    if not kinds:
        return _say(brief, "missing", "several_kinds.missing")
    labels = _join([kind_label(k, brief.language) for k in kinds])
    if len(kinds) == 1:
        return _say(brief, "warning", "several_kinds.warning", kinds=labels)
    return _say(brief, "met", "several_kinds.met", kinds=labels)


def broad_involvement(brief: Brief, facts: BriefFacts) -> SignalResult:
    """Several participants, from several organisations."""
    people = len(brief.conflicts)
    if not people:
        return _say(brief, "missing", "broad_involvement.missing")
    organisations = len({c.organisation for c in brief.conflicts if c.organisation})
    status: CompassStatus = (
        "met" if people >= BROAD_PEOPLE and organisations >= BROAD_ORGANISATIONS else "warning"
    )
    return _say(
        brief, status, f"broad_involvement.{status}", people=people, organisations=organisations
    )


def scope_defined(brief: Brief, facts: BriefFacts) -> SignalResult:
    """What is in and out of scope is described."""
    if is_filled(brief, SectionId.scope):
        return _say(brief, "met", "scope_defined.met")
    return _say(brief, "missing", "scope_defined.missing")


def process_defined(brief: Brief, facts: BriefFacts) -> SignalResult:
    """The brief has a date and a described process."""
    process = is_filled(brief, SectionId.process)
    if brief.date and process:
        return _say(brief, "met", "process_defined.met", date=brief.date.isoformat())
    if process:
        return _say(brief, "warning", "process_defined.no_date")
    if brief.date:
        return _say(brief, "warning", "process_defined.no_process", date=brief.date.isoformat())
    return _say(brief, "missing", "process_defined.missing")


def ethics_legal(brief: Brief, facts: BriefFacts) -> SignalResult:
    """Constraints or data access speak to regulation, a legal basis or privacy."""
    if not (is_filled(brief, SectionId.constraints) or is_filled(brief, SectionId.data_access)):
        return _say(brief, "missing", "ethics_legal.missing")
    data = own_text(brief, facts, SectionId.data_access)
    mentions = real_data(data)
    if mentions and not legal_basis(data):
        return _say(brief, "warning", "ethics_legal.real_data", words=", ".join(mentions))
    words = regulation(own_text(brief, facts, SectionId.constraints, SectionId.data_access))
    if words:
        return _say(brief, "met", "ethics_legal.met", words=", ".join(words))
    return _say(brief, "warning", "ethics_legal.warning")


def resources_named(brief: Brief, facts: BriefFacts) -> SignalResult:
    """Constraints or process speak to resources, time set aside or budget."""
    text = own_text(brief, facts, SectionId.constraints, SectionId.process)
    words = resources(text)
    if words:
        return _say(brief, "met", "resources.met", words=", ".join(words))
    return _say(brief, "warning", "resources.warning")


def open_solution(brief: Brief, facts: BriefFacts) -> SignalResult:
    """The need describes a function and names no product, leaving room to explore."""
    names = needed_products(facts)
    if not names:
        return _say(brief, "met", "open_solution.met")
    return _say(brief, "warning", "open_solution.warning", names=", ".join(names))


def _join(names: list[str]) -> str:
    return ", ".join(dict.fromkeys(names))


Signal = Callable[[Brief, BriefFacts], SignalResult]

# The names knowledge/verdikompass.md may use in a commitment's `brief_signals`.
SIGNALS: dict[str, Signal] = {
    "user-need": user_need,
    "user-representative": user_representative,
    "value-stated": value_stated,
    "success-criteria": success_criteria,
    "no-confidential": no_confidential,
    "agreements": agreements,
    "declarations-current": declarations_current,
    "conflicts-handled": conflicts_handled,
    "several-kinds": several_kinds,
    "broad-involvement": broad_involvement,
    "scope-defined": scope_defined,
    "process-defined": process_defined,
    "ethics-legal": ethics_legal,
    "resources": resources_named,
    "open-solution": open_solution,
}
