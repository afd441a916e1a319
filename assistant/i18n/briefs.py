"""The words a drafted brief is made of: section titles, template text and open reasons, no and en.

Template text states the arena's process and rules, never facts about the need: those come
from the facilitator's input or from the knowledge base, with citations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.i18n import Strings

BRIEF_STRINGS: Strings = {
    # Section titles, by section id
    "brief_title_summary": {"no": "Sammendrag", "en": "Summary"},
    "brief_title_background": {"no": "Bakgrunn og hvorfor nå", "en": "Background and why now"},
    "brief_title_need": {
        "no": "Behovet, sett fra pasienten og brukeren",
        "en": "The need, from the patient's and user's side",
    },
    "brief_title_stakeholders": {
        "no": "Brukere og interessenter",
        "en": "Users and stakeholders",
    },
    "brief_title_outcomes": {
        "no": "Ønskede resultater og suksesskriterier",
        "en": "Desired outcomes and success criteria",
    },
    "brief_title_scope": {
        "no": "Avgrensning og hva som er prøvd før",
        "en": "Scope and what has been tried before",
    },
    "brief_title_constraints": {
        "no": "Rammer og krav (som funksjoner)",
        "en": "Constraints (stated as functions)",
    },
    "brief_title_data_access": {
        "no": "Tilgang til data og testmiljø",
        "en": "Access to data and test environments",
    },
    "brief_title_ipr": {
        "no": "Eierskap, rettigheter (IPR) og kjøp og salg",
        "en": "Ownership, IPR and buying and selling",
    },
    "brief_title_process": {"no": "Prosess og tidsplan", "en": "Process and timeline"},
    "brief_title_participation": {
        "no": "Regler for deltakelse og likebehandling",
        "en": "Rules of participation and equal treatment",
    },
    "brief_title_declarations": {
        "no": "Interesseerklæringer og konfliktsjekk",
        "en": "Declarations of interest and conflict check",
    },
    "brief_title_open_questions": {"no": "Åpne spørsmål", "en": "Open questions"},
    # The "how might we" line and the summary
    "brief_hmw": {
        "no": "Hvordan kan vi, sammen med {users}, løse dette: {title}?",
        "en": "How might we, together with {users}, solve this: {title}?",
    },
    "brief_users_default": {
        "no": "dem som bruker tjenesten",
        "en": "the people who use the service",
    },
    "brief_owners": {"no": "Utfordringseiere: {owners}.", "en": "Challenge owners: {owners}."},
    "brief_kind_line": {"no": "Aktivitet: {kind}.", "en": "Activity: {kind}."},
    "brief_kind_co-creation": {"no": "samskapingsworkshop", "en": "co-creation workshop"},
    "brief_kind_advisory": {"no": "rådgivende møte", "en": "advisory meeting"},
    "brief_kind_evaluation": {"no": "evaluering", "en": "evaluation"},
    "brief_kind_selection": {"no": "utvelgelse", "en": "selection"},
    "brief_kind_procurement": {
        "no": "markedsdialog før anskaffelse",
        "en": "market dialogue before a procurement",
    },
    # Evidence
    "brief_evidence_need": {
        "no": "Fra kunnskapsbasen: {text}",
        "en": "From the knowledge base: {text}",
    },
    "brief_evidence_tried": {
        "no": "Beslektede erfaringer i kunnskapsbasen: {text}",
        "en": "Related experience in the knowledge base: {text}",
    },
    "brief_evidence_none": {
        "no": "Kunnskapsbasen sier ikke noe om dette ({reason}).",
        "en": "The knowledge base does not cover this ({reason}).",
    },
    # Stakeholders
    "brief_stakeholder_owner": {
        "no": "{name} ({kind}), eier behovet og har vært med på å beskrive det",
        "en": "{name} ({kind}), owns the need and helped define it",
    },
    "brief_stakeholder_participant": {
        "no": "{name}{organisation}: planlagt deltaker",
        "en": "{name}{organisation}: planned participant",
    },
    "brief_stakeholder_users": {
        "no": "Brukergrupper behovet nevner: {groups}",
        "en": "User groups the need names: {groups}",
    },
    # Data access
    "brief_data_level": {"no": "Tilgangsnivå: {level}.", "en": "Level of access: {level}."},
    "brief_data_none": {"no": "ingen data", "en": "no data"},
    "brief_data_synthetic": {"no": "syntetiske data", "en": "synthetic data"},
    "brief_data_anonymised": {"no": "anonymiserte data", "en": "anonymised data"},
    "brief_data_real": {
        "no": "reelle data (krever rettslig grunnlag)",
        "en": "real data (needs a legal basis)",
    },
    "brief_data_unclear": {"no": "ikke angitt", "en": "not stated"},
    # IPR
    "brief_ipr_rule": {
        "no": "Spørsmål om eierskap, immaterielle rettigheter (IPR) og kjøp og salg av tjenester "
        "mellom partnerne avtales i egne avtaler, slik verdikompasset krever; denne workshopen "
        "avgjør dem ikke.",
        "en": "Ownership, intellectual property (IPR) and any buying or selling of services "
        "between partners are settled in separate agreements, as the value compass requires; "
        "this workshop does not decide them.",
    },
    # Process
    "brief_process_when": {
        "no": "{kind_cap} {date}.",
        "en": "{kind_cap} on {date}.",
    },
    "brief_process_co-creation": {
        "no": "Deltakerne går gjennom behovet, blir enige om hva som skal oppnås, utforsker "
        "løsningsideer sammen og avtaler neste steg og ansvar.",
        "en": "Participants go through the need, agree on what to achieve, explore solution "
        "ideas together and agree on next steps and who is responsible.",
    },
    "brief_process_advisory": {
        "no": "Deltakerne gir råd om behovet og mulige veier videre; rådene skrives ned, "
        "beslutninger tas ikke i møtet.",
        "en": "Participants advise on the need and possible ways forward; the advice is "
        "written down, and no decisions are taken in the meeting.",
    },
    "brief_process_evaluation": {
        "no": "Forslag vurderes mot kriterier som er kjent for alle på forhånd; vurderingen "
        "dokumenteres.",
        "en": "Proposals are assessed against criteria known to everyone in advance; the "
        "assessment is documented.",
    },
    "brief_process_selection": {
        "no": "Utvelgelsen skjer etter kriterier som er kjent for alle på forhånd; begrunnelsen "
        "dokumenteres.",
        "en": "The selection follows criteria known to everyone in advance; the reasons are "
        "documented.",
    },
    "brief_process_procurement": {
        "no": "Markedsdialogen er åpen for alle leverandører, gir alle samme informasjon og "
        "beskriver behovet, ikke løsningen; den forplikter ikke til kjøp.",
        "en": "The market dialogue is open to every supplier, gives all the same information "
        "and describes the need, not the solution; it commits nobody to buy.",
    },
    "brief_process_learning": {
        "no": "Arbeidet avsluttes med et læringsnotat.",
        "en": "The work ends with a learning note.",
    },
    # Participation
    "brief_rule_declare": {
        "no": "Alle deltakere har en gjeldende interesseerklæring i registeret og nevner "
        "interessene sine når workshopen starter.",
        "en": "Every participant has a current declaration of interest in the registry and "
        "states their interests when the workshop starts.",
    },
    "brief_rule_conflict": {
        "no": "En mulig interessekonflikt meldes straks til fasilitator eller koordinator og "
        "avklares før arbeidet går videre; beslutningen skrives ned.",
        "en": "A possible conflict of interest is reported at once to the facilitator or "
        "coordinator and settled before the work goes on; the decision is recorded.",
    },
    "brief_rule_confidential": {
        "no": "Konfidensiell eller sensitiv informasjon deles ikke.",
        "en": "Confidential or sensitive information is not shared.",
    },
    "brief_rule_equal": {
        "no": "Alle deltakere får samme informasjon til samme tid.",
        "en": "All participants get the same information at the same time.",
    },
    "brief_rule_market": {
        "no": "Alle interesserte leverandører kan delta, og det som deles med én, deles med alle.",
        "en": "Every interested supplier may take part, and what is shared with one is "
        "shared with all.",
    },
    # Declarations
    "brief_declarations_summary": {
        "no": "{current} av {total} planlagte deltakere har en gjeldende interesseerklæring.",
        "en": "{current} of {total} planned participants have a current declaration.",
    },
    "brief_action_take_part": {"no": "kan delta", "en": "may take part"},
    "brief_action_disclose": {
        "no": "nevner interessen ved start; kan delta",
        "en": "discloses the interest at the start; may take part",
    },
    "brief_action_discuss": {
        "no": "kan delta i diskusjonen, ikke i beslutninger",
        "en": "may take part in discussion, not in decisions",
    },
    "brief_action_recuse": {
        "no": "fratrer punkter der interessen er direkte",
        "en": "recuses from items where the interest is direct",
    },
    "brief_action_exclude": {"no": "bør ikke delta", "en": "should not take part"},
    "brief_action_plan": {
        "no": "deltar etter en plan for å håndtere interessen",
        "en": "takes part under a plan for managing the interest",
    },
    "brief_action_divest": {
        "no": "avvikler interessen før deltakelse",
        "en": "ends the interest before taking part",
    },
    "brief_action_observe": {
        "no": "kan observere, men ikke gi råd eller beslutte før en erklæring er godkjent",
        "en": "may observe, but not advise or decide until a declaration is approved",
    },
    "brief_action_register": {
        "no": "må registreres og erklære interesser før workshopen",
        "en": "must be registered and declare interests before the workshop",
    },
    "brief_action_decided": {
        "no": "{action} (koordinator har besluttet: {decision})",
        "en": "{action} (coordinator decided: {decision})",
    },
    # Open sections: why, and what to settle
    "brief_open_background": {
        "no": "Kunnskapsbasen har ikke bakgrunnsstoff om dette; beskriv hvorfor behovet er "
        "viktig nå.",
        "en": "The knowledge base holds no background on this; describe why the need matters now.",
    },
    "brief_open_stakeholders": {
        "no": "Ingen organisasjoner eller deltakere er oppgitt.",
        "en": "No organisations or participants are given.",
    },
    "brief_open_outcomes": {
        "no": "Beskriv ønskede resultater med målbare suksesskriterier: utgangspunkt og mål.",
        "en": "Describe the desired outcomes with measurable success criteria: baseline and "
        "target.",
    },
    "brief_open_scope": {
        "no": "Avgrens hva som er med og hva som ikke er med.",
        "en": "State what is in scope and what is out.",
    },
    "brief_open_constraints": {
        "no": "Beskriv rammene som funksjoner: regelverk, personvern, integrasjoner, budsjett.",
        "en": "State the constraints as functions: regulation, privacy, integrations, budget.",
    },
    "brief_open_data_access": {
        "no": "Avklar tilgang til data og testmiljø: ingen, syntetiske, anonymiserte eller "
        "reelle data med rettslig grunnlag.",
        "en": "Settle access to data and test environments: none, synthetic, anonymised, or "
        "real data with a legal basis.",
    },
    "brief_open_ipr": {
        "no": "Avklar hvem som eier resultatene og hvilke avtaler som trengs.",
        "en": "Settle who owns the results and which agreements are needed.",
    },
    "brief_open_process": {
        "no": "Sett dato og tidsplan for aktiviteten.",
        "en": "Set a date and timeline for the activity.",
    },
    "brief_open_declarations": {
        "no": "Ingen deltakere er planlagt ennå, så ingen erklæringer er sjekket.",
        "en": "No participants are planned yet, so no declarations were checked.",
    },
    # Open questions
    "brief_question_section": {
        "no": "{title}: {reason}",
        "en": "{title}: {reason}",
    },
    "brief_question_why_now": {
        "no": "Hvorfor er dette viktig å løse nå?",
        "en": "Why does this need solving now?",
    },
    "brief_question_unregistered": {
        "no": "{name} er ikke i registeret: skal vedkommende registreres og erklære interesser?",
        "en": "{name} is not in the registry: should they be registered and declare interests?",
    },
    "brief_question_declaration": {
        "no": "{name} mangler gjeldende interesseerklæring før workshopen.",
        "en": "{name} lacks a current declaration of interest before the workshop.",
    },
    "brief_no_open_questions": {
        "no": "Ingen åpne spørsmål ut over det som står over.",
        "en": "No open questions beyond those above.",
    },
}
