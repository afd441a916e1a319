"""The brief's named findings: each a code check that fires on what a workshop must not meet.

Every check reads only the brief and its facts (the input and the registry's view of the
table); none calls a model. Messages are in the brief's language and name what to do next.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.briefs.confidential import confidential_details
from assistant.briefs.model import (
    REQUIRED_SECTIONS,
    Brief,
    BriefFacts,
    Finding,
    ParticipantCheck,
    SectionId,
)
from assistant.briefs.products import product_mentions
from assistant.briefs.wording import (
    concerns_users,
    is_filled,
    legal_basis,
    measurability,
    own_text,
    real_data,
)
from assistant.i18n import Language, say
from assistant.registry.models.enums import Decision, OrgKind, Status

# Declaration states that count as current: the registry's approved declaration, as the brief's
# conflict check spells it ("current") or as the registry stores it ("approved").
CURRENT_DECLARATIONS = frozenset(("current", "approved"))
FLAGGED_SEVERITIES = frozenset(("direct", "indirect"))
# Declaration states with a label of their own: the registry's statuses, and "none".
DECLARATION_STATES = frozenset({"none"} | {s.value for s in Status} - CURRENT_DECLARATIONS)
DECISIONS = frozenset(d.value for d in Decision)


def run_checks(brief: Brief, facts: BriefFacts) -> list[Finding]:
    """Every finding for a brief, in a stable order: sections, table, wording, people."""
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(brief, facts))
    return findings


def missing_sections(brief: Brief, facts: BriefFacts) -> list[Finding]:
    """`missing-section:<id>`: a required section left open (or absent)."""
    findings = []
    for section_id in REQUIRED_SECTIONS:
        if is_filled(brief, section_id):
            continue
        present = [s for s in brief.sections if s.id == section_id]
        title = present[0].title if present else section_id.value
        message = say("brief_checks.missing_section", brief.language, title=title)
        if present and present[0].open_reason:
            message = f"{message} {present[0].open_reason}"
        findings.append(
            Finding(
                check=f"missing-section:{section_id.value}", severity="warning", message=message
            )
        )
    return findings


def no_user_representative(brief: Brief, facts: BriefFacts) -> list[Finding]:
    """`no-user-representative`: the need concerns patients or users, and none is at the table."""
    users = concerns_users(facts.input.need)
    if not users or has_user_representative(brief, facts):
        return []
    message = say("brief_checks.no_user_representative", brief.language, words=", ".join(users))
    return [Finding(check="no-user-representative", severity="warning", message=message)]


def has_user_representative(brief: Brief, facts: BriefFacts) -> bool:
    """Whether a patient or user organisation, or a participant from one, is at the table."""
    kind = OrgKind.patient_organisation.value
    return any(o.kind == kind for o in facts.organisations) or any(
        c.organisation_kind == kind for c in brief.conflicts
    )


def single_organisation_kind(brief: Brief, facts: BriefFacts) -> list[Finding]:
    """`single-organisation-kind`: every organisation at the table is of one kind."""
    kinds = {o.kind for o in facts.organisations}
    if len(kinds) != 1:
        return []
    label = kind_label(kinds.pop(), brief.language)
    message = say("brief_checks.single_organisation_kind", brief.language, kind=label)
    return [Finding(check="single-organisation-kind", severity="warning", message=message)]


def kind_label(kind: str, language: Language) -> str:
    """An organisation kind in words; an unknown kind as the registry spells it."""
    if kind in OrgKind.__members__.values():
        return say(f"brief_checks.kind.{kind}", language)
    return kind.replace("_", " ")


def names_product(brief: Brief, facts: BriefFacts) -> list[Finding]:
    """`names-product`: the need names a product, brand or vendor rather than a function."""
    names = needed_products(facts)
    if not names:
        return []
    message = say("brief_checks.names_product", brief.language, names=", ".join(names))
    return [Finding(check="names-product", severity="warning", message=message)]


def needed_products(facts: BriefFacts) -> list[str]:
    """The products, brands and vendors the need names (the table's own names are not)."""
    return product_mentions(
        facts.input.need, facts.vendor_names, [o.name for o in facts.organisations]
    )


def unmeasurable_outcomes(brief: Brief, facts: BriefFacts) -> list[Finding]:
    """`unmeasurable-outcomes`: outcomes are given without a figure, a baseline or a target."""
    text = own_text(brief, facts, SectionId.outcomes)
    if not text:
        return []
    measured = measurability(text)
    if measured.measurable:
        return []
    if not measured.figure:
        key = "brief_checks.unmeasurable.no_figure"
    elif not measured.baseline:
        key = "brief_checks.unmeasurable.no_baseline"
    else:
        key = "brief_checks.unmeasurable.no_target"
    return [
        Finding(check="unmeasurable-outcomes", severity="warning", message=say(key, brief.language))
    ]


def data_without_legal_basis(brief: Brief, facts: BriefFacts) -> list[Finding]:
    """`data-without-legal-basis`: real or patient data, and no legal basis, consent or DPIA."""
    text = own_text(brief, facts, SectionId.data_access)
    mentions = real_data(text)
    if not mentions or legal_basis(text):
        return []
    message = say(
        "brief_checks.data_without_legal_basis", brief.language, words=", ".join(mentions)
    )
    return [Finding(check="data-without-legal-basis", severity="warning", message=message)]


def confidential(brief: Brief, facts: BriefFacts) -> list[Finding]:
    """`confidential-details`: an identity number, a patient by name, or a confidential mark."""
    findings = []
    for hit in confidential_details(facts.input):
        field = say(f"brief_checks.field.{hit.field}", brief.language)
        if hit.kind == "mark":
            what = say("brief_checks.confidential.mark", brief.language, mark=hit.shown)
        elif hit.kind == "identity-number":
            what = say("brief_checks.confidential.identity", brief.language, mask=hit.shown)
        else:
            what = say("brief_checks.confidential.health_name", brief.language)
        message = say("brief_checks.confidential", brief.language, field=field, what=what)
        findings.append(Finding(check="confidential-details", severity="blocker", message=message))
    return findings


def conflicts_of_interest(brief: Brief, facts: BriefFacts) -> list[Finding]:
    """`conflict-of-interest`: one per participant the registry's conflict check flags."""
    return [f for p in brief.conflicts if (f := conflict_finding(p, brief.language))]


def is_flagged(participant: ParticipantCheck) -> bool:
    """Whether the conflict check flags a participant.

    Flagged: a direct or indirect conflict, no current declaration, or not in the registry.
    """
    return (
        not participant.registered
        or participant.severity in FLAGGED_SEVERITIES
        or participant.declaration not in CURRENT_DECLARATIONS
    )


def conflict_finding(participant: ParticipantCheck, language: Language) -> Finding | None:
    """The finding for one participant, or None when nothing flags them.

    The message uses only the participant's name, the severity, the declaration's state, the
    recommended action and a recorded decision: the check already holds no more than the
    brief's author may see, and the finding must not add to it.
    """
    if not is_flagged(participant):
        return None
    states: list[str] = []
    if not participant.registered:
        states.append(say("brief_checks.state.unregistered", language))
        action = participant.recommended_action or say("brief_checks.action.register", language)
    else:
        if participant.severity in FLAGGED_SEVERITIES:
            states.append(say(f"brief_checks.severity.{participant.severity}", language))
        if participant.declaration not in CURRENT_DECLARATIONS:
            state = participant.declaration
            label = (
                say(f"brief_checks.declaration.{state}", language)
                if state in DECLARATION_STATES
                else state.replace("_", " ")
            )
            states.append(say("brief_checks.state.declaration", language, state=label))
        action = participant.recommended_action or say("brief_checks.action.declare", language)
    severity = "blocker" if participant.severity == "direct" else "warning"
    message = say(
        "brief_checks.conflict",
        language,
        participant=participant.participant,
        state="; ".join(states),
        action=action,
    )
    decision = participant.reviewed_decision
    if decision:
        # A coordinator's recorded decision settles the conflict; the finding stays as a record.
        if participant.declaration in CURRENT_DECLARATIONS:
            severity = "info"
        label = (
            say(f"brief_checks.decision.{decision}", language)
            if decision in DECISIONS
            else decision
        )
        message = f"{message} {say('brief_checks.decided', language, decision=label)}"
    return Finding(check="conflict-of-interest", severity=severity, message=message)


CHECKS: tuple[Callable[[Brief, BriefFacts], list[Finding]], ...] = (
    missing_sections,
    no_user_representative,
    single_organisation_kind,
    names_product,
    unmeasurable_outcomes,
    data_without_legal_basis,
    confidential,
    conflicts_of_interest,
)
