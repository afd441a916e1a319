"""The people a brief plans to bring, checked against the registry's declarations of interest.

Registered participants go through the registry's conflict check for a planned activity, as
the brief's author may see it (a facilitator never sees another person's private interests).
People named freely are not in the registry: they have declared nothing, and the brief says so.
"""

from __future__ import annotations

from sqlmodel import Session

from assistant.briefs.model import BriefInput, ParticipantCheck, TableOrganisation
from assistant.i18n import Language, say
from assistant.registry.conflict_views import plan_check_for
from assistant.registry.conflicts import Plan
from assistant.registry.errors import NotFoundError
from assistant.registry.models import (
    ActivityKind,
    Decision,
    Organisation,
    ParticipantRole,
    Person,
)
from assistant.registry.people import get_person_by_email

# The registry's recommended or reviewed decision, as the action a brief names.
_ACTIONS: dict[str, str] = {
    Decision.no_conflict: "brief_action_take_part",
    Decision.disclose_only: "brief_action_disclose",
    Decision.discussion_not_decision: "brief_action_discuss",
    Decision.recused_from_items: "brief_action_recuse",
    Decision.excluded: "brief_action_exclude",
    Decision.management_plan: "brief_action_plan",
    Decision.divest_or_end: "brief_action_divest",
}


def resolve_people(session: Session, brief_input: BriefInput) -> list[Person | str]:
    """Each participant as a registry person (by e-mail) or as the free name given."""
    people: list[Person | str] = []
    for reference in brief_input.participants:
        if "@" not in reference:
            people.append(reference)
            continue
        try:
            people.append(get_person_by_email(session=session, email=reference))
        except NotFoundError:
            raise NotFoundError(
                f"Unknown participant '{reference}': no user with that e-mail in the registry "
                "(give a registered e-mail, or the person's name without one)"
            ) from None
    return people


def participant_checks(
    session: Session,
    brief_input: BriefInput,
    owner_ids: list[int],
    *,
    viewer: Person | None,
    cooling_off_years: int,
) -> tuple[list[ParticipantCheck], list[TableOrganisation]]:
    """Each planned participant's check, and the organisations they bring to the table."""
    language = brief_input.language
    people = resolve_people(session, brief_input)
    registered = [p for p in people if isinstance(p, Person)]
    findings = {}
    if registered:
        plan = Plan(
            name=brief_input.title,
            kind=ActivityKind(brief_input.kind.activity_kind),
            starts_on=brief_input.date,
            topics=[],
            organisation_ids=owner_ids,
            participants=[(p.id, ParticipantRole.participant) for p in registered],  # type: ignore[misc]
        )
        check = plan_check_for(
            session=session, plan=plan, viewer=viewer, cooling_off_years=cooling_off_years
        )
        findings = {f.person_id: f for f in check.participants}
    checks: list[ParticipantCheck] = []
    employers: dict[int, TableOrganisation] = {}
    for person in people:
        if isinstance(person, str):
            checks.append(
                ParticipantCheck(
                    participant=person,
                    registered=False,
                    declaration="none",
                    severity="unknown",
                    recommended_action=say("brief_action_register", language),
                )
            )
            continue
        organisation = (
            session.get(Organisation, person.organisation_id) if person.organisation_id else None
        )
        if organisation is not None:
            employers[organisation.id] = TableOrganisation(  # type: ignore[index]
                name=organisation.name, kind=str(organisation.kind), owner=False
            )
        finding = findings[person.id]
        checks.append(
            ParticipantCheck(
                participant=person.name,
                email=person.email,
                organisation=organisation.name if organisation else None,
                organisation_kind=str(organisation.kind) if organisation else None,
                registered=True,
                declaration=_declaration(finding.current_declaration, finding.declaration_status),
                severity=finding.severity,
                recommended_action=_action(
                    finding.current_declaration,
                    finding.recommended_decision,
                    finding.reviewed_decision,
                    language,
                ),
                reviewed_decision=finding.reviewed_decision,
            )
        )
    return checks, [e for i, e in employers.items() if i not in owner_ids]


def _declaration(current: bool, status: str) -> str:
    """current, none, expired, or the status of a declaration that is not yet approved."""
    if current:
        return "current"
    return status


def _action(
    current: bool, recommended: str | None, reviewed: str | None, language: Language
) -> str:
    if not current:
        return say("brief_action_observe", language)
    action = say(_ACTIONS.get(recommended or "", "brief_action_take_part"), language)
    if reviewed:
        decision = say(_ACTIONS.get(reviewed, "brief_action_take_part"), language)
        return say("brief_action_decided", language, action=action, decision=decision)
    return action
