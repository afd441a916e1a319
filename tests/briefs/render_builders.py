"""A realistic saved brief for the rendering tests, in Norwegian or English.

Every section of the model is there, some filled (from input, evidence, the template and the
registry), three left open; compass results of every status, findings of every severity, a
conflict check with a registered, an unregistered and a flagged participant, and three
citations that evidence paragraphs name as [1], [2] and [3]. `planted` puts one string into
every kind of text a user or a document supplies, to test that rendering keeps it inert.
"""

from __future__ import annotations

import datetime as dt
import re

from assistant.briefs.model import (
    Brief,
    BriefInput,
    BriefKind,
    BriefRecord,
    Citation,
    CompassResult,
    Finding,
    FindingChange,
    Paragraph,
    ParticipantCheck,
    Section,
    SectionId,
)
from assistant.i18n import Language

TITLES: dict[Language, dict[SectionId, str]] = {
    "no": {
        SectionId.summary: "Sammendrag",
        SectionId.background: "Bakgrunn og hvorfor nå",
        SectionId.need: "Behovet sett fra pasienten",
        SectionId.stakeholders: "Brukere og interessenter",
        SectionId.outcomes: "Ønskede resultater og suksesskriterier",
        SectionId.scope: "Omfang, og hva som er prøvd før",
        SectionId.constraints: "Rammer, beskrevet som funksjoner",
        SectionId.data_access: "Tilgang til data og testmiljø",
        SectionId.ipr: "Eierskap og rettigheter",
        SectionId.process: "Prosess og tidslinje",
        SectionId.participation: "Regler for deltakelse og likebehandling",
        SectionId.declarations: "Interesseerklæringer",
        SectionId.open_questions: "Åpne spørsmål",
    },
    "en": {
        SectionId.summary: "Summary",
        SectionId.background: "Background and why now",
        SectionId.need: "The need from the patient's side",
        SectionId.stakeholders: "Users and stakeholders",
        SectionId.outcomes: "Desired outcomes and success criteria",
        SectionId.scope: "Scope, and what has been tried before",
        SectionId.constraints: "Constraints, stated as functions",
        SectionId.data_access: "Access to data and test environments",
        SectionId.ipr: "Ownership and rights",
        SectionId.process: "Process and timeline",
        SectionId.participation: "Rules of participation and equal treatment",
        SectionId.declarations: "Declarations of interest",
        SectionId.open_questions: "Open questions",
    },
}

# Section id -> paragraphs (text, origin, citations); a section absent here is open.
TEXT: dict[Language, dict[SectionId, list[tuple[str, str, list[int]]]]] = {
    "no": {
        SectionId.summary: [("Hvordan kan vi gi eldre bedre oppfølging etter utskriving?", "input", [])],
        SectionId.background: [
            ("Flere kommuner har prøvd digital hjemmeoppfølging i liten skala [1].", "evidence", [1]),
        ],
        SectionId.need: [
            ("Eldre som skrives ut fra sykehus mister ofte oversikten over medisinene sine.", "input", []),
            ("Pårørende forteller at de savner ett sted å spørre [2].", "evidence", [2]),
        ],
        SectionId.stakeholders: [
            ("Pasienter over 75 år og deres pårørende", "input", []),
            ("Hjemmetjenesten i kommunen", "input", []),
        ],
        SectionId.scope: [
            ("Innenfor: de første 30 dagene etter utskriving.", "input", []),
            ("Et tidligere prosjekt med nettbrett ble avsluttet etter et år [3].", "evidence", [3]),
        ],
        SectionId.constraints: [("Løsningen må kunne utveksle data med kommunens journal.", "input", [])],
        SectionId.process: [("Samskapingsverksted i mars, deretter dialog med markedet.", "template", [])],
        SectionId.participation: [
            ("Alle leverandører får samme informasjon samtidig.", "template", []),
            ("Ingen deltaker får forhåndsinnsyn i konkurransegrunnlag.", "template", []),
        ],
        SectionId.declarations: [
            ("Deltakerne må ha en gjeldende interesseerklæring før verkstedet.", "registry", []),
        ],
        SectionId.open_questions: [("Hvem eier dataene som samles inn hjemme?", "template", [])],
    },
    "en": {
        SectionId.summary: [("How might we follow up older patients better after discharge?", "input", [])],
        SectionId.background: [
            ("Several municipalities have tried digital home follow-up on a small scale [1].", "evidence", [1]),
        ],
        SectionId.need: [
            ("Older patients discharged from hospital often lose track of their medicines.", "input", []),
            ("Relatives say they miss one place to ask [2].", "evidence", [2]),
        ],
        SectionId.stakeholders: [
            ("Patients over 75 and their relatives", "input", []),
            ("The municipal home care service", "input", []),
        ],
        SectionId.scope: [
            ("In scope: the first 30 days after discharge.", "input", []),
            ("An earlier project with tablets was stopped after a year [3].", "evidence", [3]),
        ],
        SectionId.constraints: [("The solution must exchange data with the municipal record.", "input", [])],
        SectionId.process: [("A co-creation workshop in March, then a dialogue with the market.", "template", [])],
        SectionId.participation: [
            ("Every vendor gets the same information at the same time.", "template", []),
            ("No participant sees tender documents in advance.", "template", []),
        ],
        SectionId.declarations: [
            ("Participants must have a current declaration of interest before the workshop.", "registry", []),
        ],
        SectionId.open_questions: [("Who owns the data collected at home?", "template", [])],
    },
}  # fmt: skip

OPEN_REASONS: dict[Language, dict[SectionId, str]] = {
    "no": {
        SectionId.outcomes: "Innspillet sier ikke hva som skal måles; avklar utgangspunkt og mål.",
        SectionId.data_access: "Det er ikke oppgitt om testdata finnes; avklar hvilke data.",
        SectionId.ipr: "Eierskap er ikke avtalt; det reguleres i egne avtaler.",
    },
    "en": {
        SectionId.outcomes: "The input does not say what to measure; settle baseline and target.",
        SectionId.data_access: "The input does not say whether test data exist; settle which.",
        SectionId.ipr: "Ownership is not agreed; it is settled in separate agreements.",
    },
}

COMPASS: dict[Language, list[tuple[str, str, str, str, str, str]]] = {
    # principle, principle name, commitment id, commitment text, status, reason
    "no": [
        ("tillit", "Tillit", "tillit-reelle-behov", "Vi starter i pasientens utfordring.", "met",
         "Behovet er beskrevet fra pasientens side."),
        ("tillit", "Tillit", "tillit-avtaler", "Eierskap avtales særskilt.", "missing",
         "Seksjonen om eierskap er åpen."),
        ("likeverdighet", "Likeverdighet", "likeverdighet-interesser", "Interesser er kjent.",
         "warning", "Én deltaker har ingen gjeldende erklæring."),
        ("samskaping", "Samskaping", "samskaping-brukere", "Brukerne er med.", "met",
         "Pasienter og pårørende er nevnt blant interessentene."),
    ],
    "en": [
        ("tillit", "Trust", "tillit-reelle-behov", "We start from the patient's challenge.", "met",
         "The need is described from the patient's side."),
        ("tillit", "Trust", "tillit-avtaler", "Ownership is agreed separately.", "missing",
         "The ownership section is open."),
        ("likeverdighet", "Equality", "likeverdighet-interesser", "Interests are known.",
         "warning", "One participant has no current declaration."),
        ("samskaping", "Co-creation", "samskaping-brukere", "Users take part.", "met",
         "Patients and relatives are named among the stakeholders."),
    ],
}  # fmt: skip

FINDINGS: dict[Language, list[tuple[str, str, str]]] = {
    "no": [
        ("missing-section:outcomes", "warning", "Suksesskriteriene er ikke fylt ut."),
        ("conflict-of-interest", "blocker", "Per Hansen: ingen erklæring; kan bare observere."),
        ("single-organisation-kind", "info", "Alle organisasjonene er kommuner."),
    ],
    "en": [
        ("missing-section:outcomes", "warning", "The success criteria are not filled in."),
        ("conflict-of-interest", "blocker", "Per Hansen: no declaration; may only observe."),
        ("single-organisation-kind", "info", "Every organisation is a municipality."),
    ],
}

CITATIONS: dict[Language, list[tuple[str, str, str]]] = {
    "no": [
        ("case-innovasjonsledelse-kommuner.md", "Erfaringer", "prøvd digital hjemmeoppfølging"),
        ("case-tjenesteinnovasjon-brobyggere.md", "Pårørende", "savner ett sted å spørre"),
        ("slik-fungerer-arenaen.md", "side 3", "avsluttet etter et år"),
    ],
    "en": [
        ("case-innovasjonsledelse-kommuner.md", "Experience", "tried digital home follow-up"),
        ("case-tjenesteinnovasjon-brobyggere.md", "Relatives", "one place to ask"),
        ("slik-fungerer-arenaen.md", "page 3", "stopped after a year"),
    ],
}

ACTIONS: dict[Language, tuple[str, str, str]] = {
    "no": ("kan delta", "kan observere til en erklæring er godkjent", "be om en erklæring"),
    "en": ("may take part", "may observe until a declaration is approved", "ask for a declaration"),
}

OPEN = tuple(OPEN_REASONS["no"])


def make_brief(language: Language = "no", *, planted: str = "") -> Brief:
    """A brief with every section, three open; `planted` is added to each user-supplied text."""

    def p(text: str) -> str:
        return f"{text} {planted}" if planted else text

    sections = []
    for section_id, title in TITLES[language].items():
        paragraphs = [
            Paragraph(text=p(text), origin=origin, citations=cited)  # type: ignore[arg-type]
            for text, origin, cited in TEXT[language].get(section_id, [])
        ]
        is_open = section_id in OPEN
        sections.append(
            Section(
                id=section_id,
                title=title,
                status="open" if is_open else "filled",
                paragraphs=paragraphs,
                open_reason=p(OPEN_REASONS[language][section_id]) if is_open else "",
            )
        )
    take_part, observe, ask = ACTIONS[language]
    return Brief(
        title=p("Trygg hjemkomst" if language == "no" else "Safe return home"),
        language=language,
        kind=BriefKind.co_creation,
        date=dt.date(2025, 3, 12),
        owners=[p("Agder kommune"), "Sørlandet sykehus HF"],
        how_might_we=TEXT[language][SectionId.summary][0][0],
        sections=sections,
        compass=[
            CompassResult(
                principle=principle,
                principle_name=name,
                commitment=commitment,
                text=text,
                status=status,  # type: ignore[arg-type]
                reason=p(reason),
            )
            for principle, name, commitment, text, status, reason in COMPASS[language]
        ],
        findings=[
            Finding(check=check, severity=severity, message=p(message))  # type: ignore[arg-type]
            for check, severity, message in FINDINGS[language]
        ],
        conflicts=[
            ParticipantCheck(
                participant=p("Kari Nordmann"),
                email="kari@agder.example",
                organisation=p("Agder kommune"),
                organisation_kind="municipality",
                registered=True,
                declaration="current",
                severity="none",
                recommended_action=take_part,
            ),
            ParticipantCheck(
                participant="Per Hansen",
                email="per@medtek.example",
                organisation="Medtek AS",
                organisation_kind="company",
                registered=True,
                declaration="none",
                severity="direct",
                recommended_action=p(observe),
            ),
            ParticipantCheck(
                participant="Ola Utenfor",
                registered=False,
                declaration="not in the registry",
                severity="unknown",
                recommended_action=ask,
            ),
        ],
        citations=[
            Citation(n=n, source=source, location=location, quote=p(quote), chunk_id=f"c{n}")
            for n, (source, location, quote) in enumerate(CITATIONS[language], start=1)
        ],
    )


def make_record(
    language: Language = "no", *, planted: str = "", changes: bool = True, version: int = 2
) -> BriefRecord:
    """The brief saved at `version`, by a facilitator, with what changed in its findings."""
    brief = make_brief(language, planted=planted)
    change = None
    if changes:
        change = FindingChange(
            added=[brief.findings[1]],
            resolved=[
                Finding(
                    check="names-product",
                    severity="warning",
                    message="«Acme Pad»" if language == "no" else "'Acme Pad'",
                )
            ],
        )
    need = brief.section(SectionId.need).paragraphs[0].text
    return BriefRecord(
        id=7,
        version=version,
        author="fasilitator@arena.example",
        created_at="2025-02-20T09:30:00+00:00",
        input=BriefInput(title=brief.title, need=need, language=language),
        brief=brief,
        changes=change,
    )


def foreign_labels(language: Language) -> set[str]:
    """Words and phrases of the rendered brief's labels in the other language only."""
    other: Language = "en" if language == "no" else "no"
    return _label_parts(other) - _label_parts(language)


def _label_parts(language: Language) -> set[str]:
    """The fixed parts of every label (split at placeholders and column bars), 3 letters up."""
    from assistant.i18n.brief_render import BRIEF_RENDER_STRINGS

    parts = set()
    for versions in BRIEF_RENDER_STRINGS.values():
        for part in re.split(r"\{\w+\}|\||\(|\)", versions[language]):
            if len(part.strip(" ,;:.")) >= 3:
                parts.add(part.strip(" ,;:."))
    return parts


def mentions(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as a word (or phrase) of its own, in any case."""
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None
