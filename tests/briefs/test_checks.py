"""The brief's named findings, each made to fire and not to fire on a realistic brief."""

from __future__ import annotations

import pytest

from assistant.briefs.checks import DECISIONS, DECLARATION_STATES, kind_label, run_checks
from assistant.briefs.model import (
    REQUIRED_SECTIONS,
    Finding,
    ParticipantCheck,
    SectionId,
    TableOrganisation,
)
from assistant.i18n import say
from assistant.registry.models.enums import OrgKind
from tests.briefs.builders import ORGANISATIONS, make_brief, make_facts, participant, participants


def checks(language: str = "no", **changes: object) -> list[Finding]:
    """The findings of the default brief with input fields (or the table) changed."""
    conflicts = changes.pop("conflicts", None)
    open_sections = changes.pop("open_sections", ())
    facts = make_facts(language, **changes)  # type: ignore[arg-type]
    brief = make_brief(facts, conflicts=conflicts, open_sections=open_sections)  # type: ignore[arg-type]
    return run_checks(brief, facts)


def fired(findings: list[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.check == check]


@pytest.mark.parametrize("language", ["no", "en"])
def test_a_complete_brief_has_no_findings(language: str) -> None:
    assert checks(language) == []


# missing-section:<id>


@pytest.mark.parametrize("section", REQUIRED_SECTIONS)
def test_each_required_section_left_open_is_a_finding(section: SectionId) -> None:
    findings = checks(open_sections=(section,))
    assert [f.check for f in findings] == [f"missing-section:{section.value}"]
    assert findings[0].severity == "warning"
    assert section.value.replace("_", " ").capitalize() in findings[0].message  # its title
    assert f"Nothing known of {section.value} yet." in findings[0].message  # its open reason


def test_an_empty_input_field_opens_its_section_and_is_found() -> None:
    findings = checks(ipr="", scope="")
    assert {f.check for f in findings} == {"missing-section:ipr", "missing-section:scope"}


def test_open_sections_that_are_not_required_are_no_finding() -> None:
    assert checks(open_sections=(SectionId.open_questions, SectionId.background)) == []


# no-user-representative

WITHOUT_USERS = [o for o in ORGANISATIONS if o.kind != "patient_organisation"]
STAFF_ONLY = [p for p in participants() if p.organisation_kind != "patient_organisation"]


@pytest.mark.parametrize("language", ["no", "en"])
def test_a_need_about_patients_without_their_organisation_is_found(language: str) -> None:
    findings = checks(language, organisations=WITHOUT_USERS, conflicts=STAFF_ONLY)
    [finding] = fired(findings, "no-user-representative")
    assert finding.severity == "warning"
    assert ("pasienter" if language == "no" else "patients") in finding.message


def test_a_patient_organisation_at_the_table_is_enough() -> None:
    assert not fired(checks(conflicts=STAFF_ONLY), "no-user-representative")


def test_a_participant_from_a_patient_organisation_is_enough() -> None:
    assert not fired(checks(organisations=WITHOUT_USERS), "no-user-representative")


@pytest.mark.parametrize(
    "need",
    [
        # "bruker" is the verb here: the need is the planners', not patients' or users'.
        "Operasjonsplanleggerne ved sykehuset bruker mange timer hver uke på å flytte "
        "operasjoner manuelt når stuer blir ledige.",
        "Theatre planners at the hospital spend hours every week moving operations by hand "
        "when theatres fall vacant.",
    ],
)
def test_a_need_not_about_patients_or_users_needs_no_representative(need: str) -> None:
    findings = checks(need=need, organisations=WITHOUT_USERS, conflicts=STAFF_ONLY)
    assert not fired(findings, "no-user-representative")


# single-organisation-kind


def test_only_hospital_trusts_at_the_table_is_found() -> None:
    hospitals = [
        TableOrganisation(name="Oslo universitetssykehus HF", kind="hospital_trust", owner=True),
        TableOrganisation(name="Helse Bergen HF", kind="hospital_trust", owner=False),
    ]
    [finding] = fired(checks(organisations=hospitals), "single-organisation-kind")
    assert finding.severity == "warning"
    assert "helseforetak" in finding.message
    [english] = fired(checks("en", organisations=hospitals), "single-organisation-kind")
    assert "hospital trust" in english.message


def test_two_kinds_or_no_organisation_is_no_finding() -> None:
    assert not fired(checks(organisations=ORGANISATIONS[:2]), "single-organisation-kind")
    assert not fired(checks(organisations=[]), "single-organisation-kind")


# unmeasurable-outcomes


@pytest.mark.parametrize(
    ("outcomes", "says"),
    [
        ("Pasientene skal slippe unødvendige reiser, og sykepleierne skal få bedre tid.", "tall"),
        ("Ventetiden skal ned til 20 dager.", "dagens nivå"),
        ("I dag venter pasientene 40 dager på time.", "målet"),
    ],
)
def test_outcomes_without_figure_baseline_or_target_are_found(outcomes: str, says: str) -> None:
    [finding] = fired(checks(outcomes=outcomes), "unmeasurable-outcomes")
    assert finding.severity == "warning"
    assert says in finding.message


@pytest.mark.parametrize(
    "outcomes",
    [
        "Ventetiden går ned fra 40 dager i dag til 20 dager innen 2026.",
        "Waiting time goes down from 40 days today to under 20 days by 2026.",
    ],
)
def test_outcomes_with_baseline_and_target_are_measurable(outcomes: str) -> None:
    assert not fired(checks(outcomes=outcomes), "unmeasurable-outcomes")


def test_no_outcomes_is_a_missing_section_not_unmeasurable() -> None:
    findings = checks(outcomes="")
    assert not fired(findings, "unmeasurable-outcomes")
    assert fired(findings, "missing-section:outcomes")


# data-without-legal-basis


@pytest.mark.parametrize(
    ("language", "data"),
    [
        ("no", "Leverandørene får tilgang til pasientdata fra journalen for å trene modellen."),
        ("no", "Vi bruker reelle data fra kvalitetsregisteret."),
        ("en", "Vendors get access to patient data from the health record to train the model."),
    ],
)
def test_real_data_without_a_legal_basis_is_found(language: str, data: str) -> None:
    [finding] = fired(checks(language, data=data), "data-without-legal-basis")
    assert finding.severity == "warning"


@pytest.mark.parametrize(
    "data",
    [
        "Leverandørene får tilgang til pasientdata fra journalen etter samtykke fra pasientene.",
        "Pasientdata brukes med hjemmel i helseforskningsloven etter godkjenning fra REK.",
        "Bare syntetiske pasientdata i et testmiljø.",
        "Ingen pasientdata; anonymiserte helsedata fra SSB.",
        "Vendors get patient data only under a data processing agreement and a DPIA.",
    ],
)
def test_data_with_a_legal_basis_or_not_real_is_no_finding(data: str) -> None:
    assert not fired(checks(data=data), "data-without-legal-basis")


# conflict-of-interest


def with_participant(**changes: object) -> list[ParticipantCheck]:
    """The default table with a fourth participant, Eva Dahl, changed as given."""
    values: dict[str, object] = {
        "organisation": "Tromsø kommune",
        "organisation_kind": "municipality",
    }
    eva = participant("Eva Dahl", **(values | changes))
    return [*participants()[:3], eva]


def test_a_direct_conflict_is_a_blocker_naming_the_participant_and_the_action() -> None:
    conflicts = with_participant(
        severity="direct",
        recommended_action="exclude from the evaluation",
        email="eva.dahl@kommune.no",
    )
    [finding] = fired(checks(conflicts=conflicts), "conflict-of-interest")
    assert finding.severity == "blocker"
    assert finding.message.startswith("Eva Dahl:")
    assert "direkte interessekonflikt" in finding.message
    assert "exclude from the evaluation" in finding.message
    # Only the name, the state and the action: not the e-mail or the employer.
    assert "eva.dahl@kommune.no" not in finding.message
    assert "Tromsø kommune" not in finding.message


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"severity": "indirect"}, "indirekte interessekonflikt"),
        ({"declaration": "expired"}, "utløpt"),
        ({"declaration": "none"}, "ingen gjeldende interesseerklæring"),
        ({"declaration": "update_required"}, "må oppdateres"),
        ({"declaration": "submitted"}, "venter på gjennomgang"),
        (
            {
                "registered": False,
                "severity": "unknown",
                "declaration": "not in the registry",
                "organisation": None,
                "organisation_kind": None,
                "recommended_action": "",
            },
            "ikke i registeret",
        ),
    ],
)
def test_an_indirect_conflict_or_no_current_declaration_is_a_warning(
    changes: dict[str, object], says: str
) -> None:
    [finding] = fired(checks(conflicts=with_participant(**changes)), "conflict-of-interest")
    assert finding.severity == "warning"
    assert finding.message.startswith("Eva Dahl:")
    assert says in finding.message
    assert "Anbefalt:" in finding.message


def test_a_participant_with_a_current_declaration_and_no_conflict_is_no_finding() -> None:
    assert not fired(checks(conflicts=with_participant()), "conflict-of-interest")
    assert not fired(
        checks(conflicts=with_participant(declaration="approved")), "conflict-of-interest"
    )


def test_a_decided_conflict_stays_on_record_as_information() -> None:
    conflicts = with_participant(severity="direct", reviewed_decision="recused_from_items")
    [finding] = fired(checks(conflicts=conflicts), "conflict-of-interest")
    assert finding.severity == "info"
    assert "fratrer for enkelte saker" in finding.message


def test_conflict_messages_follow_the_briefs_language() -> None:
    conflicts = with_participant(severity="indirect", declaration="expired")
    [finding] = fired(checks("en", conflicts=conflicts), "conflict-of-interest")
    assert "indirect conflict of interest" in finding.message
    assert "expired" in finding.message
    assert "Recommended:" in finding.message


def test_every_registry_state_decision_and_kind_has_words_in_both_languages() -> None:
    for language in ("no", "en"):
        assert all(say(f"brief_checks.declaration.{s}", language) for s in DECLARATION_STATES)
        assert all(say(f"brief_checks.decision.{d}", language) for d in DECISIONS)
        assert all(say(f"brief_checks.kind.{k.value}", language) for k in OrgKind)
    assert kind_label("patient_organisation", "no") == "pasient- eller brukerorganisasjon"
    assert kind_label("a_new_kind", "en") == "a new kind"
