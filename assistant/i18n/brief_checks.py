"""What a brief's checks say: the named findings and the value-compass reasons, no and en."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.i18n import Strings

BRIEF_CHECK_STRINGS: Strings = {
    # Findings (assistant.briefs.checks)
    "brief_checks.missing_section": {
        "no": "Seksjonen «{title}» er åpen.",
        "en": "The section “{title}” is open.",
    },
    "brief_checks.no_user_representative": {
        "no": "Behovet gjelder pasienter eller brukere ({words}), men ingen pasient- eller "
        "brukerorganisasjon er med, og ingen deltaker kommer fra en. Inviter en brukerrepresentant.",
        "en": "The need concerns patients or users ({words}), but no patient or user "
        "organisation is at the table and no participant comes from one. Invite a user "
        "representative.",
    },
    "brief_checks.single_organisation_kind": {
        "no": "Alle organisasjonene ved bordet er av samme slag ({kind}). Trekk inn andre "
        "perspektiver: pasienter og brukere, kommuner, næringsliv eller forskning.",
        "en": "Every organisation at the table is of one kind ({kind}). Bring in other "
        "perspectives: patients and users, municipalities, industry or research.",
    },
    "brief_checks.kind.hospital_trust": {"no": "helseforetak", "en": "hospital trust"},
    "brief_checks.kind.municipality": {"no": "kommune", "en": "municipality"},
    "brief_checks.kind.university": {"no": "universitet eller høgskole", "en": "university"},
    "brief_checks.kind.company": {"no": "bedrift", "en": "company"},
    "brief_checks.kind.public_agency": {"no": "offentlig etat", "en": "public agency"},
    "brief_checks.kind.patient_organisation": {
        "no": "pasient- eller brukerorganisasjon",
        "en": "patient or user organisation",
    },
    "brief_checks.kind.other": {"no": "annet", "en": "other"},
    "brief_checks.names_product": {
        "no": "Behovet nevner et produkt, merke eller en leverandør ({names}). Beskriv funksjonen "
        "som trengs i stedet, eller skriv «eller tilsvarende» etter navnet.",
        "en": "The need names a product, brand or vendor ({names}). Describe the function "
        "needed instead, or write “or equivalent” after the name.",
    },
    "brief_checks.unmeasurable.no_figure": {
        "no": "Ønskede resultater har ingen tall: oppgi dagens nivå og målet, for eksempel "
        "«fra 40 til 20 dager».",
        "en": "The desired outcomes have no figures: state today's level and the target, "
        "for example “from 40 to 20 days”.",
    },
    "brief_checks.unmeasurable.no_baseline": {
        "no": "Ønskede resultater sier ikke hvor vi står i dag: oppgi dagens nivå (utgangspunkt).",
        "en": "The desired outcomes do not say where things stand today: state the baseline.",
    },
    "brief_checks.unmeasurable.no_target": {
        "no": "Ønskede resultater sier ikke hva som er målet: oppgi et tall å nå.",
        "en": "The desired outcomes do not state a target: give a figure to reach.",
    },
    "brief_checks.data_without_legal_basis": {
        "no": "Datatilgangen nevner data om virkelige personer ({words}), men ikke rettslig "
        "grunnlag, samtykke eller DPIA. Oppgi behandlingsgrunnlaget, eller bruk syntetiske "
        "eller anonymiserte data.",
        "en": "Data access mentions data about real people ({words}), but no legal basis, "
        "consent or DPIA. State the legal basis, or use synthetic or anonymised data.",
    },
    "brief_checks.field.title": {"no": "tittelen", "en": "the title"},
    "brief_checks.field.need": {"no": "behovet", "en": "the need"},
    "brief_checks.field.outcomes": {"no": "ønskede resultater", "en": "the desired outcomes"},
    "brief_checks.field.scope": {"no": "omfanget", "en": "the scope"},
    "brief_checks.field.constraints": {"no": "rammene", "en": "the constraints"},
    "brief_checks.field.data": {"no": "datatilgangen", "en": "the data access"},
    "brief_checks.field.ipr": {"no": "eierskap og IPR", "en": "ownership and IPR"},
    "brief_checks.confidential": {
        "no": "Teksten i {field} inneholder {what}. Fjern det før briefen deles.",
        "en": "The text of {field} contains {what}. Remove it before the brief is shared.",
    },
    "brief_checks.confidential.identity": {
        "no": "et gyldig fødselsnummer ({mask})",
        "en": "a valid Norwegian national identity number ({mask})",
    },
    "brief_checks.confidential.health_name": {
        "no": "et personnavn sammen med helseopplysninger",
        "en": "a person's name next to health information",
    },
    "brief_checks.confidential.mark": {
        "no": "merkingen «{mark}»",
        "en": "the mark “{mark}”",
    },
    "brief_checks.conflict": {
        "no": "{participant}: {state}. Anbefalt: {action}.",
        "en": "{participant}: {state}. Recommended: {action}.",
    },
    "brief_checks.state.unregistered": {
        "no": "ikke i registeret, så interessene er ikke kontrollert",
        "en": "not in the registry, so their interests are not checked",
    },
    "brief_checks.state.declaration": {
        "no": "ingen gjeldende interesseerklæring ({state})",
        "en": "no current declaration of interests ({state})",
    },
    "brief_checks.severity.direct": {
        "no": "direkte interessekonflikt",
        "en": "direct conflict of interest",
    },
    "brief_checks.severity.indirect": {
        "no": "indirekte interessekonflikt",
        "en": "indirect conflict of interest",
    },
    "brief_checks.declaration.none": {"no": "ingen erklæring", "en": "none"},
    "brief_checks.declaration.draft": {"no": "utkast", "en": "draft"},
    "brief_checks.declaration.submitted": {
        "no": "sendt inn, venter på gjennomgang",
        "en": "submitted, awaiting review",
    },
    "brief_checks.declaration.returned": {
        "no": "sendt tilbake for endring",
        "en": "returned for changes",
    },
    "brief_checks.declaration.resubmitted": {
        "no": "sendt inn på nytt, venter på gjennomgang",
        "en": "resubmitted, awaiting review",
    },
    "brief_checks.declaration.update_required": {
        "no": "må oppdateres",
        "en": "update required",
    },
    "brief_checks.declaration.expired": {"no": "utløpt", "en": "expired"},
    "brief_checks.declaration.withdrawn": {"no": "trukket tilbake", "en": "withdrawn"},
    "brief_checks.action.register": {
        "no": "registrer personen og be om en interesseerklæring før workshopen",
        "en": "register the person and ask for a declaration of interests before the workshop",
    },
    "brief_checks.action.declare": {
        "no": "be om en gjeldende interesseerklæring før workshopen",
        "en": "ask for a current declaration of interests before the workshop",
    },
    "brief_checks.decided": {
        "no": "Avgjort av koordinator: {decision}.",
        "en": "Decided by a coordinator: {decision}.",
    },
    "brief_checks.decision.no_conflict": {"no": "ingen konflikt", "en": "no conflict"},
    "brief_checks.decision.disclose_only": {
        "no": "opplyses om, kan delta",
        "en": "disclose only, may take part",
    },
    "brief_checks.decision.discussion_not_decision": {
        "no": "kan delta i diskusjonen, ikke i beslutningen",
        "en": "may take part in the discussion, not the decision",
    },
    "brief_checks.decision.recused_from_items": {
        "no": "fratrer for enkelte saker",
        "en": "recused from some items",
    },
    "brief_checks.decision.excluded": {"no": "utelukket", "en": "excluded"},
    "brief_checks.decision.management_plan": {"no": "tiltaksplan", "en": "management plan"},
    "brief_checks.decision.divest_or_end": {
        "no": "avvikle interessen",
        "en": "divest or end the interest",
    },
    # Value-compass reasons (assistant.briefs.signals, assistant.briefs.compass)
    "brief_compass.user_need.open": {
        "no": "Behovet er ikke beskrevet.",
        "en": "The need is not described.",
    },
    "brief_compass.user_need.met": {
        "no": "Behovet er beskrevet fra pasientenes eller brukernes side ({words}).",
        "en": "The need is described from the patients' or users' side ({words}).",
    },
    "brief_compass.user_need.warning": {
        "no": "Behovet nevner ikke pasienter, brukere eller pårørende: beskriv hvem som strever "
        "med hva, sett fra deres side.",
        "en": "The need does not mention patients, users or their families: describe who "
        "struggles with what, from their side.",
    },
    "brief_compass.user_representative.met": {
        "no": "Pasienter eller brukere er representert ved bordet ({names}).",
        "en": "Patients or users are represented at the table ({names}).",
    },
    "brief_compass.user_representative.missing": {
        "no": "Behovet gjelder pasienter eller brukere, men ingen pasient- eller "
        "brukerorganisasjon er med.",
        "en": "The need concerns patients or users, but no patient or user organisation "
        "is at the table.",
    },
    "brief_compass.user_representative.warning": {
        "no": "Ingen pasient- eller brukerorganisasjon er med.",
        "en": "No patient or user organisation is at the table.",
    },
    "brief_compass.value_stated.met": {
        "no": "Ønskede resultater er beskrevet.",
        "en": "The desired outcomes are described.",
    },
    "brief_compass.value_stated.missing": {
        "no": "Ønskede resultater er ikke beskrevet: si hvilken verdi løsningen skal gi "
        "pasienten eller samfunnet.",
        "en": "The desired outcomes are not described: say what value the solution should "
        "bring the patient or society.",
    },
    "brief_compass.success_criteria.met": {
        "no": "Suksesskriteriene har tall, med dagens nivå og et mål.",
        "en": "The success criteria have figures, with a baseline and a target.",
    },
    "brief_compass.success_criteria.missing": {
        "no": "Ingen suksesskriterier: ønskede resultater er ikke beskrevet.",
        "en": "No success criteria: the desired outcomes are not described.",
    },
    "brief_compass.no_confidential.met": {
        "no": "Teksten har ingen fødselsnummer, ingen navn ved helseopplysninger og ingen "
        "merking som konfidensiell.",
        "en": "The text has no identity numbers, no names next to health information and no "
        "confidentiality marks.",
    },
    "brief_compass.no_confidential.missing": {
        "no": "Teksten ser ut til å inneholde konfidensielle opplysninger ({what}).",
        "en": "The text appears to contain confidential information ({what}).",
    },
    "brief_compass.confidential_kind.identity-number": {
        "no": "fødselsnummer",
        "en": "an identity number",
    },
    "brief_compass.confidential_kind.health-name": {
        "no": "navn ved helseopplysninger",
        "en": "a name next to health information",
    },
    "brief_compass.confidential_kind.mark": {
        "no": "merking som konfidensiell",
        "en": "a confidentiality mark",
    },
    "brief_compass.agreements.met": {
        "no": "Eierskap, IPR og eventuelt kjøp og salg er omtalt.",
        "en": "Ownership, IPR and any buying or selling are addressed.",
    },
    "brief_compass.agreements.warning": {
        "no": "Eierskap, IPR og eventuelt kjøp og salg er ikke avklart: kompasset krever at "
        "dette reguleres i egne avtaler.",
        "en": "Ownership, IPR and any buying or selling are not settled: the compass requires "
        "separate agreements for them.",
    },
    "brief_compass.declarations_current.missing": {
        "no": "Ingen deltakere er oppført, så ingen interesseerklæringer kan kontrolleres.",
        "en": "No participants are listed, so no declarations of interest can be checked.",
    },
    "brief_compass.declarations_current.met": {
        "no": "Alle {count} deltakerne har en gjeldende interesseerklæring i registeret.",
        "en": "All {count} participants have a current declaration of interests in the registry.",
    },
    "brief_compass.declarations_current.warning": {
        "no": "{count} av {total} deltakere mangler gjeldende interesseerklæring i registeret: "
        "{names}.",
        "en": "{count} of {total} participants lack a current declaration of interests in the "
        "registry: {names}.",
    },
    "brief_compass.conflicts_handled.no_participants": {
        "no": "Ingen deltakere er oppført ennå, så konfliktsjekken er ikke kjørt.",
        "en": "No participants are listed yet, so the conflict check has not run.",
    },
    "brief_compass.conflicts_handled.undecided": {
        "no": "Mulige interessekonflikter uten avgjørelse: {names}. De må håndteres før "
        "arbeidet starter.",
        "en": "Possible conflicts of interest without a decision: {names}. They must be dealt "
        "with before the work starts.",
    },
    "brief_compass.conflicts_handled.unchecked": {
        "no": "Ikke i registeret, så interessene kan ikke kontrolleres: {names}.",
        "en": "Not in the registry, so their interests cannot be checked: {names}.",
    },
    "brief_compass.conflicts_handled.decided": {
        "no": "Interessekonfliktene er flagget og avgjort ({names}).",
        "en": "The conflicts of interest are flagged and decided ({names}).",
    },
    "brief_compass.conflicts_handled.none": {
        "no": "Konfliktsjekken finner ingen interessekonflikter blant deltakerne.",
        "en": "The conflict check finds no conflicts of interest among the participants.",
    },
    "brief_compass.several_kinds.missing": {
        "no": "Ingen organisasjoner er oppført.",
        "en": "No organisations are listed.",
    },
    "brief_compass.several_kinds.warning": {
        "no": "Alle organisasjonene er av samme slag ({kinds}).",
        "en": "Every organisation is of one kind ({kinds}).",
    },
    "brief_compass.several_kinds.met": {
        "no": "Organisasjoner av flere slag er med ({kinds}).",
        "en": "Organisations of several kinds take part ({kinds}).",
    },
    "brief_compass.broad_involvement.missing": {
        "no": "Ingen deltakere er oppført.",
        "en": "No participants are listed.",
    },
    "brief_compass.broad_involvement.met": {
        "no": "{people} deltakere fra {organisations} organisasjoner.",
        "en": "{people} participants from {organisations} organisations.",
    },
    "brief_compass.broad_involvement.warning": {
        "no": "Bare {people} deltakere fra {organisations} organisasjoner: trekk inn flere "
        "roller, nivåer og erfaringer.",
        "en": "Only {people} participants from {organisations} organisations: bring in more "
        "roles, levels and experience.",
    },
    "brief_compass.scope_defined.met": {
        "no": "Det er beskrevet hva som er innenfor og utenfor.",
        "en": "What is in and out of scope is described.",
    },
    "brief_compass.scope_defined.missing": {
        "no": "Omfanget er ikke avgrenset: si hvilke utfordringer arbeidet skal konsentrere "
        "seg om.",
        "en": "The scope is not set: say which challenges the work concentrates on.",
    },
    "brief_compass.process_defined.met": {
        "no": "Dato ({date}) og prosess er beskrevet.",
        "en": "The date ({date}) and the process are described.",
    },
    "brief_compass.process_defined.no_date": {
        "no": "Prosessen er beskrevet, men datoen mangler.",
        "en": "The process is described, but the date is missing.",
    },
    "brief_compass.process_defined.no_process": {
        "no": "Datoen er satt ({date}), men prosessen er ikke beskrevet.",
        "en": "The date is set ({date}), but the process is not described.",
    },
    "brief_compass.process_defined.missing": {
        "no": "Verken dato eller prosess er beskrevet.",
        "en": "Neither a date nor a process is described.",
    },
    "brief_compass.ethics_legal.missing": {
        "no": "Rammer og datatilgang er ikke beskrevet.",
        "en": "Constraints and data access are not described.",
    },
    "brief_compass.ethics_legal.real_data": {
        "no": "Datatilgangen nevner data om virkelige personer ({words}) uten rettslig grunnlag.",
        "en": "Data access mentions data about real people ({words}) without a legal basis.",
    },
    "brief_compass.ethics_legal.met": {
        "no": "Rammene tar stilling til regelverk, rettslig grunnlag eller personvern ({words}).",
        "en": "The constraints address regulation, legal basis or privacy ({words}).",
    },
    "brief_compass.ethics_legal.warning": {
        "no": "Rammer og datatilgang sier ikke noe om regelverk, rettslig grunnlag eller "
        "personvern.",
        "en": "Constraints and data access say nothing of regulation, legal basis or privacy.",
    },
    "brief_compass.resources.met": {
        "no": "Ressurser, tid eller budsjett er omtalt ({words}).",
        "en": "Resources, time or budget are addressed ({words}).",
    },
    "brief_compass.resources.warning": {
        "no": "Briefen sier ikke hvilke ressurser, hvor mye tid eller hvilket budsjett "
        "partnerne setter av.",
        "en": "The brief does not say what resources, time or budget the partners set aside.",
    },
    "brief_compass.open_solution.met": {
        "no": "Behovet beskriver en funksjon, ikke et bestemt produkt, og gir rom til å "
        "utforske løsninger.",
        "en": "The need describes a function, not a given product, and leaves room to explore "
        "solutions.",
    },
    "brief_compass.open_solution.warning": {
        "no": "Behovet nevner {names}: det låser løsningen og gir mindre rom til å utforske.",
        "en": "The need names {names}: that fixes the solution and leaves less room to explore.",
    },
    "brief_compass.keywords.met": {
        "no": "Briefen omtaler dette ({words}).",
        "en": "The brief speaks to this ({words}).",
    },
    "brief_compass.keywords.warning": {
        "no": "Briefen sier ikke noe om dette; ta punktet opp i workshopen.",
        "en": "The brief does not speak to this; raise it in the workshop.",
    },
}
