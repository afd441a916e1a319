"""Conflict check of an activity: findings per participant, rulings and minutes per agenda item.

How much one interest weighs is `conflict_rules`'s job; this module gathers each
participant's current declaration, recommends a decision and writes the minutes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

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
from assistant.registry.declarations import current_declaration, interests_of
from assistant.registry.models import (
    Activity,
    ActivityKind,
    AgendaItem,
    Category,
    Decision,
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
    checked_at: str
    participants: list[Finding]
    minutes: list[ItemMinutes]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def minutes_markdown(self) -> str:
        """The minutes as text: for each agenda item, who may take part in what."""
        lines = [f"# Conflict check: {self.activity} ({self.kind}), {self.checked_at[:10]}", ""]
        for finding in self.participants:
            lines.append(
                f"- {finding.name} ({finding.participant_role}): {finding.severity}; "
                f"{finding.recommended_action}"
            )
        for item in self.minutes:
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


def check_activity(
    *, session: Session, activity_id: int, cooling_off_years: int, on: date | None = None
) -> ConflictReport:
    """Check every participant of an activity against their declared interests."""
    activity = activities.get_activity(session=session, activity_id=activity_id)
    on = on or activity.starts_on or utcnow().date()
    kind = ActivityKind(activity.kind)
    organisations = {o.id: o for o in list_organisations(session=session)}
    activity_orgs = [
        organisations[i]
        for i in activities.activity_organisation_ids(session=session, activity_id=activity_id)
    ]
    agenda = activities.agenda_of(session=session, activity_id=activity_id)
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
        list(dict.fromkeys([*(activity.topics or []), *item_topics])),
    )
    findings: list[Finding] = []
    minutes = [ItemMinutes(i.position, i.title, i.decision, []) for i in agenda]
    for participant in activities.participants_of(session=session, activity_id=activity_id):
        person = get_person(session=session, person_id=participant.person_id)
        finding, interests = _assess_person(
            session, person, ParticipantRole(participant.role), activity, activity_scope, on
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
                item.topics or activity.topics or [],
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
        activity_id=activity_id,
        activity=activity.name,
        kind=kind.value,
        checked_at=utcnow().isoformat(),
        participants=findings,
        minutes=minutes,
    )


def _assess_person(
    session: Session,
    person: Person,
    role: ParticipantRole,
    activity: Activity,
    scope: Scope,
    on: date,
) -> tuple[Finding, list[Interest]]:
    declaration = current_declaration(session=session, person_id=person.id)  # type: ignore[arg-type]
    interests: list[Interest] = []
    status = "none"
    current = False
    reviewed = None
    if declaration is not None:
        status = str(declaration.status)
        interests = interests_of(session=session, declaration_id=declaration.id)  # type: ignore[arg-type]
        unexpired = declaration.expires_at is None or as_utc(declaration.expires_at) > utcnow()
        current = declaration.status == Status.approved and unexpired
        if current:
            reviewed = decision_of_latest_approval(
                session=session,
                declaration_id=declaration.id,  # type: ignore[arg-type]
                activity_id=activity.id,
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
    )
    return finding, interests


def _recommend(
    finding: Finding, kind: ActivityKind, items: list[tuple[AgendaItem, Severity]]
) -> None:
    severity = Severity(finding.severity)
    if not finding.current_declaration:
        state = (
            "no declaration"
            if finding.declaration_status == "none"
            else f"declaration {finding.declaration_status}"
        )
        finding.recommended_decision = None
        finding.recommended_action = (
            f"{state}: may observe, but no advisory or decision role until a declaration "
            "is approved"
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
