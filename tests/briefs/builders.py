"""A realistic challenge brief, built directly, so that each test flips one thing.

`make_facts` gives a facilitator's input and the registry's view of the table; `make_brief`
turns it into sections the way drafting does: a section backed by an input field is filled
from it, or open when the field is empty. The defaults pass every check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from assistant.briefs.model import (
    Brief,
    BriefFacts,
    BriefInput,
    BriefKind,
    Paragraph,
    ParticipantCheck,
    Section,
    SectionId,
    TableOrganisation,
)
from assistant.briefs.wording import INPUT_FIELDS

TEXTS: dict[str, dict[str, str]] = {
    "no": {
        "title": "Hjemmeoppfølging av pasienter med hjertesvikt",
        "need": "Pasienter med hjertesvikt som bor hjemme i Tromsø, må i dag møte på "
        "poliklinikken hver uke til kontroll. Mange av dem strever med lange reiser, og "
        "sykepleierne bruker mye tid på rutinekontroller som kunne vært gjort hjemme.",
        "outcomes": "Færre reiser for pasientene: fra 52 kontroller per pasient i året i dag "
        "til under 20 innen utgangen av 2026. Sykepleiertiden per kontroll går ned fra 45 "
        "til 20 minutter.",
        "scope": "Innenfor: oppfølging av hjemmeboende pasienter med hjertesvikt etter "
        "utskrivning. Utenfor: akuttbehandling og legemiddelendringer. Telefonoppfølging ble "
        "prøvd i 2021, men stanset på grunn av manglende kapasitet.",
        "constraints": "Løsningen må følge personvernforordningen og Normen for "
        "informasjonssikkerhet, kunne kobles til journalsystemet gjennom åpne standarder, og "
        "være CE-merket som medisinsk utstyr dersom den gir behandlingsråd. Partnerne setter "
        "av 200 timer hver, og budsjettet for piloten er 1,5 millioner kroner.",
        "data": "Syntetiske data i et testmiljø i første fase. Reelle pasientdata i piloten "
        "bare med samtykke fra pasientene og etter en DPIA.",
        "ipr": "Eierskap og immaterielle rettigheter reguleres i egne avtaler mellom partnerne "
        "før piloten starter. Et eventuelt kjøp skjer etter anskaffelsesregelverket.",
        "process": "Første workshop avklarer behovet; den andre prøver ut ideer sammen.",
        "participation": "Alle deltakere behandles likt og får den samme informasjonen.",
        "hmw": "Hvordan kan vi følge opp pasienter med hjertesvikt hjemme, så de slipper "
        "ukentlige reiser?",
    },
    "en": {
        "title": "Home follow-up of patients with heart failure",
        "need": "Patients with heart failure who live at home in Tromsø must come to the "
        "outpatient clinic every week for a check-up today. Many of them struggle with long "
        "journeys, and nurses spend much time on routine checks that could be done at home.",
        "outcomes": "Fewer journeys for patients: from 52 check-ups per patient a year today "
        "to under 20 by the end of 2026. Nurse time per check-up goes down from 45 to 20 "
        "minutes.",
        "scope": "In scope: follow-up of patients with heart failure living at home after "
        "discharge. Out of scope: emergency care and changes of medication. Telephone "
        "follow-up was tried in 2021 but stopped for lack of capacity.",
        "constraints": "The solution must comply with the GDPR and the Norwegian code for "
        "information security, connect to the health record system through open standards, "
        "and carry a CE mark as a medical device if it gives treatment advice. The partners "
        "set aside 200 hours each, and the pilot's budget is NOK 1.5 million.",
        "data": "Synthetic data in a test environment in the first phase. Real patient data "
        "in the pilot only with the patients' consent and after a DPIA.",
        "ipr": "Ownership and intellectual property are settled in separate agreements "
        "between the partners before the pilot starts. Any purchase follows public "
        "procurement rules.",
        "process": "The first workshop settles the need; the second explores ideas together.",
        "participation": "Every participant is treated alike and gets the same information.",
        "hmw": "How might we follow up patients with heart failure at home, so that they are "
        "spared weekly journeys?",
    },
}

ORGANISATIONS = [
    TableOrganisation(
        name="Universitetssykehuset Nord-Norge HF", kind="hospital_trust", owner=True
    ),
    TableOrganisation(name="Tromsø kommune", kind="municipality", owner=True),
    TableOrganisation(name="LHL", kind="patient_organisation", owner=False),
    TableOrganisation(name="Nordlys Helseteknologi AS", kind="company", owner=False),
]
VENDORS = ["Nordlys Helseteknologi AS", "Nordlys", "Medisync AS"]


def participant(name: str, **changes: Any) -> ParticipantCheck:
    """A registered participant with a current declaration and no conflict, unless changed."""
    values: dict[str, Any] = {
        "participant": name,
        "email": f"{name.split()[0].lower()}@example.org",
        "organisation": None,
        "organisation_kind": None,
        "registered": True,
        "declaration": "current",
        "severity": "none",
        "recommended_action": "may take part",
    }
    values.update(changes)
    return ParticipantCheck(**values)


def _employed(name: str, organisation: str, kind: str) -> ParticipantCheck:
    return participant(name, organisation=organisation, organisation_kind=kind)


def participants() -> list[ParticipantCheck]:
    """The default table's four participants, from four organisations of four kinds."""
    return [
        _employed("Kari Lunde", "Universitetssykehuset Nord-Norge HF", "hospital_trust"),
        _employed("Per Olsen", "LHL", "patient_organisation"),
        _employed("Ingrid Moe", "Nordlys Helseteknologi AS", "company"),
        _employed("Jonas Berg", "Tromsø kommune", "municipality"),
    ]


def make_facts(
    language: str = "no",
    organisations: list[TableOrganisation] | None = None,
    vendor_names: list[str] | None = None,
    **changes: Any,
) -> BriefFacts:
    """The facilitator's input (texts in `language`, fields changed by keyword) and the table."""
    texts = TEXTS[language]
    values: dict[str, Any] = {
        field: texts[field]
        for field in ("title", "need", "outcomes", "scope", "constraints", "data", "ipr")
    }
    values.update(
        organisations=[o.name for o in ORGANISATIONS[:2]],
        participants=[p.email for p in participants()],
        kind=BriefKind.co_creation,
        date=dt.date(2026, 3, 12),
        language=language,
    )
    values.update(changes)
    return BriefFacts(
        input=BriefInput(**values),
        organisations=list(ORGANISATIONS if organisations is None else organisations),
        vendor_names=list(VENDORS if vendor_names is None else vendor_names),
    )


def make_brief(
    facts: BriefFacts,
    *,
    conflicts: list[ParticipantCheck] | None = None,
    open_sections: tuple[SectionId, ...] = (),
    date: dt.date | str | None = "input",
    template: dict[SectionId, str] | None = None,
) -> Brief:
    """The brief drafting would make of the facts: input fields fill their sections."""
    language = facts.input.language
    texts = TEXTS[language]
    sections = [
        _section(section_id, facts, texts, open_sections, template or {})
        for section_id in SectionId
    ]
    return Brief(
        title=facts.input.title,
        language=language,
        kind=facts.input.kind,
        date=facts.input.date if date == "input" else date,  # type: ignore[arg-type]
        owners=[o.name for o in facts.organisations if o.owner],
        how_might_we=texts["hmw"],
        sections=sections,
        conflicts=participants() if conflicts is None else conflicts,
    )


def _section(
    section_id: SectionId,
    facts: BriefFacts,
    texts: dict[str, str],
    open_sections: tuple[SectionId, ...],
    template: dict[SectionId, str],
) -> Section:
    title = section_id.value.replace("_", " ").capitalize()
    field = INPUT_FIELDS.get(section_id)
    paragraphs: list[Paragraph] = []
    if field and getattr(facts.input, field):
        paragraphs.append(Paragraph(text=getattr(facts.input, field), origin="input"))
    elif section_id == SectionId.summary:
        paragraphs.append(Paragraph(text=texts["hmw"], origin="input"))
    elif section_id == SectionId.background:
        paragraphs.append(Paragraph(text=texts["scope"], origin="evidence", citations=[1]))
    elif section_id in (SectionId.process, SectionId.open_questions):
        paragraphs.append(Paragraph(text=texts["process"], origin="template"))
    elif section_id == SectionId.participation:
        paragraphs.append(Paragraph(text=texts["participation"], origin="template"))
    elif section_id == SectionId.declarations:
        paragraphs.append(Paragraph(text="Kari Lunde, Per Olsen, Ingrid Moe", origin="registry"))
    if section_id in template:
        paragraphs.append(Paragraph(text=template[section_id], origin="template"))
    if section_id in open_sections or not paragraphs:
        return Section(
            id=section_id,
            title=title,
            status="open",
            paragraphs=[],
            open_reason=f"Nothing known of {section_id.value} yet.",
        )
    return Section(id=section_id, title=title, status="filled", paragraphs=paragraphs)
