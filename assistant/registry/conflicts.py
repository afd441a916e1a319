"""Conflict check of an activity: findings per participant, rulings and minutes per agenda item.

How much one interest weighs is `conflict_rules`'s job; this module gathers each
participant's current declaration, recommends a decision and writes the minutes. The
check is made as of a date (the activity's start unless told otherwise): that date decides
which interests are current, ended or cooling off, and the minutes name it. Whether a
declaration is current is judged now: an approval that ran out is named as expired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Protocol

from sqlmodel import Session

from assistant.registry import activities
from assistant.registry.audit import as_utc
from assistant.registry.conflict_rules import (
    CONTROLLING,
    STRICT_KINDS,
    Evidence,
    Scope,
    assess_interest,
    worst,
)
from assistant.registry.declarations import current_declaration, interests_of, list_declarations
from assistant.registry.models import (
    ActivityKind,
    AgendaItem,
    Category,
    Decision,
    Declaration,
    Interest,
    Organisation,
    ParticipantRole,
    Person,
    Severity,
    Status,
    utcnow,
)
from assistant.registry.names import fold
from assistant.registry.organisations import list_organisations
from assistant.registry.people import get_person
from assistant.registry.reviews import decision_of_latest_approval

TAKE_PART = "take part"
DISCLOSE = "take part after disclosing"
DISCUSS_ONLY = "discuss, not decide"
LEAVE = "leave for this item"
OBSERVE = "observe only"
EXCLUDED = "excluded"


@dataclass
class Finding:
    person_id: int
    name: str
    participant_role: str
    declaration_id: int | None
    declaration_status: str
    current_declaration: bool
    severity: str
    evidence: list[Evidence]
    recommended_decision: str | None
    recommended_action: str
    reviewed_decision: str | None = None
    reviewed_conditions: str = ""
    recused_items: list[str] = field(default_factory=list)
    declaration_expired_on: str | None = None

    def grounds(self) -> list[str]:
        """Each piece of evidence in a line: category, what matched and any reason."""
        return [
            f"{e.category}: {', '.join(e.matched_on)}" + (f" ({e.reason})" if e.reason else "")
            for e in self.evidence
        ]

    def declaration_state(self) -> str:
        """The declaration in a few words when it is not current: none, expired, or its status."""
        if self.declaration_expired_on:
            return f"declaration expired on {self.declaration_expired_on}"
        if self.declaration_status == "none":
            return "no declaration"
        return f"declaration {self.declaration_status}"


@dataclass
class ItemRuling:
    person_id: int
    name: str
    verdict: str
    reason: str


@dataclass
class ItemMinutes:
    position: int
    title: str
    decision: bool
    rulings: list[ItemRuling]


@dataclass
class ConflictReport:
    activity_id: int
    activity: str
    kind: str
    as_of: str
    checked_at: str
    participants: list[Finding]
    minutes: list[ItemMinutes]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def minutes_markdown(self) -> str:
        return minutes_markdown(self)


class _FindingLine(Protocol):
    name: str
    participant_role: str
    severity: str
    recommended_action: str


class _Minutes(Protocol):
    """What the minutes need of a check, whichever view of it: findings may hide evidence."""

    activity: str
    kind: str
    as_of: str
    checked_at: str

    @property
    def participants(self) -> Sequence[_FindingLine]: ...

    @property
    def minutes(self) -> Sequence[ItemMinutes]: ...


def minutes_markdown(check: _Minutes) -> str:
    """The minutes as text: the date checked as of, then per agenda item who may do what."""
    lines = [
        f"# Conflict check: {check.activity} ({check.kind}), as of {check.as_of}",
        "",
        f"Checked {check.checked_at[:16].replace('T', ' ')} UTC; interests as of {check.as_of}.",
        "",
    ]
    for finding in check.participants:
        lines.append(
            f"- {finding.name} ({finding.participant_role}): {finding.severity}; "
            f"{finding.recommended_action}"
        )
    for item in check.minutes:
        suffix = " (decision)" if item.decision else ""
        lines += ["", f"## {item.position}. {item.title}{suffix}"]
        for ruling in item.rulings:
            reason = f" ({ruling.reason})" if ruling.reason else ""
            lines.append(f"- {ruling.name}: {ruling.verdict}{reason}")
    return "\n".join(lines) + "\n"


def _assess(
    interest: Interest,
    organisations: dict[int | None, Organisation],
    scope: Scope,
    kind: ActivityKind,
    on: date,
    cooling_off_years: int,
) -> Evidence | None:
    counterpart = organisations.get(interest.organisation_id)
    return assess_interest(interest, counterpart, scope, kind, on, cooling_off_years)


@dataclass
class Plan:
    """What a conflict check weighs: an activity as stored, or one still being planned.

    A challenge brief checks its planned participants before any activity exists, so the
    check runs on this, and a stored activity is read into one.
    """

    name: str
    kind: ActivityKind
    starts_on: date | None
    topics: list[str]
    organisation_ids: list[int]
    participants: list[tuple[int, ParticipantRole]]
    agenda: list[AgendaItem] = field(default_factory=list)
    activity_id: int | None = None


def plan_of(*, session: Session, activity_id: int) -> Plan:
    """A stored activity as a plan to check."""
    activity = activities.get_activity(session=session, activity_id=activity_id)
    return Plan(
        name=activity.name,
        kind=ActivityKind(activity.kind),
        starts_on=activity.starts_on,
        topics=list(activity.topics or []),
        organisation_ids=activities.activity_organisation_ids(
            session=session, activity_id=activity_id
        ),
        participants=[
            (p.person_id, ParticipantRole(p.role))
            for p in activities.participants_of(session=session, activity_id=activity_id)
        ],
        agenda=activities.agenda_of(session=session, activity_id=activity_id),
        activity_id=activity_id,
    )


def check_activity(
    *, session: Session, activity_id: int, cooling_off_years: int, as_of: date | None = None
) -> ConflictReport:
    """Check every participant of an activity against their declared interests.

    `as_of` is the day the interests are weighed on: by default the activity's start,
    else today.
    """
    plan = plan_of(session=session, activity_id=activity_id)
    return check_plan(session=session, plan=plan, cooling_off_years=cooling_off_years, as_of=as_of)


def check_plan(
    *, session: Session, plan: Plan, cooling_off_years: int, as_of: date | None = None
) -> ConflictReport:
    """Check every participant of a plan against their declared interests (see above)."""
    on = as_of or plan.starts_on or utcnow().date()
    kind = plan.kind
    organisations = {o.id: o for o in list_organisations(session=session)}
    activity_orgs = [organisations[i] for i in plan.organisation_ids if i in organisations]
    agenda = plan.agenda
    # Organisations and topics named only by an agenda item are involved in the activity too.
    involved_ids = list(
        dict.fromkeys(
            [o.id for o in activity_orgs]
            + [i for item in agenda for i in item.organisation_ids if i in organisations]
        )
    )
    item_topics = [t for item in agenda for t in item.topics or []]
    activity_scope = Scope(
        [organisations[i] for i in involved_ids],
        list(dict.fromkeys([*plan.topics, *item_topics])),
    )
    findings: list[Finding] = []
    minutes = [ItemMinutes(i.position, i.title, i.decision, []) for i in agenda]
    for person_id, role in plan.participants:
        person = get_person(session=session, person_id=person_id)
        finding, interests = _assess_person(
            session, person, role, plan.activity_id, activity_scope, on
        )
        finding.evidence = [
            e
            for interest in interests
            if (e := _assess(interest, organisations, activity_scope, kind, on, cooling_off_years))
        ]
        finding.severity = worst(finding.evidence).value
        items_severity: list[tuple[AgendaItem, Severity]] = []
        for item in agenda:
            scope = Scope(
                [organisations[i] for i in item.organisation_ids if i in organisations]
                or activity_orgs,
                item.topics or plan.topics,
            )
            evidence = [
                e
                for interest in interests
                if (e := _assess(interest, organisations, scope, kind, on, cooling_off_years))
            ]
            items_severity.append((item, worst(evidence)))
        _recommend(finding, kind, items_severity)
        findings.append(finding)
        for minute, (item, severity) in zip(minutes, items_severity, strict=True):
            minute.rulings.append(_rule(finding, item, severity, kind))
    return ConflictReport(
        activity_id=plan.activity_id or 0,
        activity=plan.name,
        kind=kind.value,
        as_of=on.isoformat(),
        checked_at=utcnow().isoformat(),
        participants=findings,
        minutes=minutes,
    )


def _assess_person(
    session: Session,
    person: Person,
    role: ParticipantRole,
    activity_id: int | None,
    scope: Scope,
    on: date,
) -> tuple[Finding, list[Interest]]:
    declaration = _declaration_of(session, person.id)  # type: ignore[arg-type]
    interests: list[Interest] = []
    status = "none"
    current = False
    reviewed = None
    expired_on = None
    if declaration is not None:
        status = str(declaration.status)
        interests = interests_of(session=session, declaration_id=declaration.id)  # type: ignore[arg-type]
        expired_on = _expired_on(declaration)
        if expired_on is not None:
            status = Status.expired.value
        current = declaration.status == Status.approved and expired_on is None
        if current:
            reviewed = decision_of_latest_approval(
                session=session,
                declaration_id=declaration.id,  # type: ignore[arg-type]
                activity_id=activity_id,
            )
    finding = Finding(
        person_id=person.id,  # type: ignore[arg-type]
        name=person.name,
        participant_role=role.value,
        declaration_id=declaration.id if declaration else None,
        declaration_status=status,
        current_declaration=current,
        severity=Severity.none.value,
        evidence=[],
        recommended_decision=None,
        recommended_action="",
        reviewed_decision=str(reviewed.decision) if reviewed and reviewed.decision else None,
        reviewed_conditions=reviewed.conditions if reviewed else "",
        recused_items=list(reviewed.recused_items or []) if reviewed else [],
        declaration_expired_on=expired_on,
    )
    return finding, interests


def _declaration_of(session: Session, person_id: int) -> Declaration | None:
    """The open declaration, else an expired one: its interests are the last ones known."""
    found = current_declaration(session=session, person_id=person_id)
    if found is not None:
        return found
    closed = list_declarations(session=session, person_id=person_id)
    return next((d for d in reversed(closed) if d.status == Status.expired), None)


def _expired_on(declaration: Declaration) -> str | None:
    """The day an approval ran out, also before the expiry sweep has marked it; else None."""
    ran_out = declaration.expires_at is not None and as_utc(declaration.expires_at) <= utcnow()
    if declaration.status == Status.expired or (
        declaration.status in (Status.approved, Status.update_required) and ran_out
    ):
        moment = declaration.expires_at or declaration.closed_at or declaration.updated_at
        return as_utc(moment).date().isoformat()
    return None


def _recommend(
    finding: Finding, kind: ActivityKind, items: list[tuple[AgendaItem, Severity]]
) -> None:
    severity = Severity(finding.severity)
    if not finding.current_declaration:
        renewal = "a new declaration" if finding.declaration_expired_on else "a declaration"
        finding.recommended_decision = None
        finding.recommended_action = (
            f"{finding.declaration_state()}: may observe, but no advisory or decision role "
            f"until {renewal} is approved"
        )
        return
    if severity == Severity.none:
        finding.recommended_decision = Decision.no_conflict.value
        finding.recommended_action = "may take part"
    elif severity == Severity.indirect:
        finding.recommended_decision = Decision.disclose_only.value
        finding.recommended_action = "disclose the interest at the start; may take part"
    elif kind not in STRICT_KINDS:
        finding.recommended_decision = Decision.discussion_not_decision.value
        finding.recommended_action = "may take part in discussion but not in decisions"
    else:
        controlling = any(
            Category(e.category) in CONTROLLING and e.ended_on is None and e.organisation_match
            for e in finding.evidence
        )
        direct_items = [item.title for item, s in items if s == Severity.direct]
        if controlling or not items or len(direct_items) == len(items):
            finding.recommended_decision = Decision.excluded.value
            finding.recommended_action = "exclude from the activity"
        else:
            finding.recommended_decision = Decision.recused_from_items.value
            finding.recommended_action = "recuse from: " + "; ".join(direct_items)
    if finding.reviewed_decision:
        finding.recommended_action += f" (coordinator decided: {finding.reviewed_decision})"


def _rule(finding: Finding, item: AgendaItem, severity: Severity, kind: ActivityKind) -> ItemRuling:
    def ruling(verdict: str, reason: str = "") -> ItemRuling:
        return ItemRuling(finding.person_id, finding.name, verdict, reason)

    if finding.reviewed_decision == Decision.excluded or finding.recommended_decision == (
        Decision.excluded
    ):
        return ruling(EXCLUDED, "excluded from the activity")
    recused = {fold(t).strip() for t in finding.recused_items}
    if fold(item.title).strip() in recused:
        return ruling(LEAVE, "recused by coordinator")
    if not finding.current_declaration:
        if finding.declaration_expired_on:
            return ruling(OBSERVE, finding.declaration_state())
        return ruling(OBSERVE, "no current declaration")
    if severity == Severity.direct:
        if kind in STRICT_KINDS:
            return ruling(LEAVE, "direct interest")
        return ruling(DISCUSS_ONLY if item.decision else DISCLOSE, "direct interest")
    if finding.reviewed_decision == Decision.discussion_not_decision and item.decision:
        return ruling(DISCUSS_ONLY, "coordinator's decision")
    if severity == Severity.indirect:
        return ruling(DISCLOSE, "indirect interest")
    return ruling(TAKE_PART)
