"""The chat's words for its guided flows: drafting a brief step by step, and uploading documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.i18n import Strings

CHAT_BRIEF_STRINGS: Strings = {
    # Any flow
    "chat_flow_cancelled": {
        "no": "Avbrutt. Ingenting er lagret.",
        "en": "Cancelled. Nothing was saved.",
    },
    "chat_flow_timeout": {
        "no": "Ingen svar på en stund, så jeg stoppet her. Ingenting er lagret; start på nytt "
        "når du vil.",
        "en": "No answer for a while, so I stopped here. Nothing was saved; start again "
        "whenever you like.",
    },
    "chat_flow_sign_in": {
        "no": "Logg inn for å bruke dette.",
        "en": "Sign in to use this.",
    },
    "chat_command_brief": {
        "no": "Skriv en brief for en workshop eller markedsdialog, steg for steg",
        "en": "Draft a brief for a workshop or market dialogue, step by step",
    },
    "chat_command_lastopp": {
        "no": "Last opp dokumenter til kunnskapsbasen (/upload på engelsk)",
        "en": "Upload documents to the knowledge base (/upload in English)",
    },
    # Briefs: starting and asking
    "chat_briefs_login_off": {
        "no": "Briefer krever innlogging, og innlogging er slått av i denne chatten. Be "
        "driftsansvarlig starte appen med `ARENA_CHAT_LOGIN=true`, eller bruk `arena brief` "
        "på kommandolinjen.",
        "en": "Briefs need sign-in, and sign-in is off in this chat. Ask the operator to start "
        "the app with `ARENA_CHAT_LOGIN=true`, or use `arena brief` on the command line.",
    },
    "chat_briefs_intro": {
        "no": "La oss skrive en brief. Jeg spør om én ting om gangen; skriv «avbryt» for å "
        "stoppe. Til slutt lager jeg et utkast med bevis fra kunnskapsbasen, sjekker det mot "
        "verdikompasset og kjører konfliktsjekken for deltakerne.",
        "en": "Let's draft a brief. I'll ask one thing at a time; type “cancel” to stop. At the "
        "end I draft it with evidence from the knowledge base, check it against the value "
        "compass and run the conflict check for the participants.",
    },
    "chat_briefs_ask_title": {
        "no": "**Tittel**: hva heter utfordringen, med noen få ord?",
        "en": "**Title**: what is the challenge called, in a few words?",
    },
    "chat_briefs_ask_need": {
        "no": "**Behovet**: hvem strever med hva i dag? Noen få setninger, sett fra pasienten "
        "eller brukeren. Beskriv *hva* som trengs, ikke *hvordan* (ikke et produkt).",
        "en": "**The need**: who struggles with what, today? A few sentences, from the patient's "
        "or user's side. Describe *what* is needed, not *how* (not a product).",
    },
    "chat_briefs_ask_organisations": {
        "no": "**Organisasjoner** bak behovet: navn, kortnavn eller organisasjonsnummer fra "
        "registeret, skilt med komma. Skriv «-» hvis ingen.",
        "en": "**Organisations** behind the need: names, aliases or organisation numbers from "
        "the registry, separated by commas. Type “-” for none.",
    },
    "chat_briefs_ask_participants_gate": {
        "no": "Vet du allerede hvem som skal delta?",
        "en": "Do you already know who will take part?",
    },
    "chat_briefs_add_participants": {"no": "Legg til deltakere", "en": "Add participants"},
    "chat_briefs_ask_participants": {
        "no": "**Deltakere**: e-postadresser fra registeret, eller navn på folk som ikke er "
        "der, skilt med komma. Skriv «-» for ingen.",
        "en": "**Participants**: e-mail addresses from the registry, or the names of people who "
        "are not in it, separated by commas. Type “-” for none.",
    },
    "chat_briefs_ask_kind": {
        "no": "**Type aktivitet**: hva skal briefen sette i gang?",
        "en": "**Kind of activity**: what will the brief launch?",
    },
    "chat_briefs_ask_date_gate": {
        "no": "Er datoen for aktiviteten bestemt?",
        "en": "Is the date of the activity set?",
    },
    "chat_briefs_add_date": {"no": "Sett dato", "en": "Set the date"},
    "chat_briefs_ask_date": {
        "no": "**Dato** for aktiviteten, skrevet ÅÅÅÅ-MM-DD (for eksempel 2026-03-15).",
        "en": "**Date** of the activity, written YYYY-MM-DD (for example 2026-03-15).",
    },
    "chat_briefs_bad_date": {
        "no": "«{value}» er ikke en dato jeg kan bruke: skriv den som ÅÅÅÅ-MM-DD, mellom år "
        "2000 og 2100.",
        "en": "“{value}” is not a date I can use: write it as YYYY-MM-DD, between the years 2000 "
        "and 2100.",
    },
    "chat_briefs_skip": {"no": "Hopp over", "en": "Skip"},
    "chat_briefs_ask_extras": {
        "no": "Vet du mer allerede? Velg det du vil legge til, eller lag utkastet nå. Det "
        "som mangler, blir merket som åpent i briefen.",
        "en": "Do you know more already? Pick what to add, or draft now. What is missing is "
        "marked as open in the brief.",
    },
    "chat_briefs_draft_now": {"no": "Lag utkastet nå", "en": "Draft now"},
    "chat_briefs_ask_outcomes": {
        "no": "**Ønskede resultater**: hva skal bli bedre, og hvordan måles det (utgangspunkt "
        "og mål)? Skriv «-» for å tømme.",
        "en": "**Desired outcomes**: what should get better, and how is it measured (baseline "
        "and target)? Type “-” to clear.",
    },
    "chat_briefs_ask_scope": {
        "no": "**Avgrensning**: hva er med og hva er ikke med, og hva er prøvd før? Skriv «-» "
        "for å tømme.",
        "en": "**Scope**: what is in and what is out, and what has been tried before? Type “-” "
        "to clear.",
    },
    "chat_briefs_ask_constraints": {
        "no": "**Rammer og krav**, som funksjoner og ikke merkenavn (regelverk, personvern, "
        "integrasjoner, budsjett). Skriv «-» for å tømme.",
        "en": "**Constraints**, as functions rather than brands (regulation, privacy, "
        "integrations, budget). Type “-” to clear.",
    },
    "chat_briefs_ask_data": {
        "no": "**Data og testmiljø**: ingen, syntetiske, anonymiserte, eller reelle data med "
        "rettslig grunnlag? Skriv «-» for å tømme.",
        "en": "**Data and test environments**: none, synthetic, anonymised, or real data with a "
        "legal basis? Type “-” to clear.",
    },
    "chat_briefs_ask_ipr": {
        "no": "**Eierskap og IPR**: hva er avtalt om rettigheter, og om kjøp og salg mellom "
        "partnerne? Skriv «-» for å tømme.",
        "en": "**Ownership and IPR**: what is agreed on rights, and on buying and selling "
        "between the partners? Type “-” to clear.",
    },
    "chat_briefs_field_title": {"no": "Tittel", "en": "Title"},
    "chat_briefs_field_need": {"no": "Behovet", "en": "The need"},
    "chat_briefs_field_organisations": {"no": "Organisasjoner", "en": "Organisations"},
    "chat_briefs_field_participants": {"no": "Deltakere", "en": "Participants"},
    "chat_briefs_field_kind": {"no": "Type aktivitet", "en": "Kind of activity"},
    "chat_briefs_field_date": {"no": "Dato", "en": "Date"},
    "chat_briefs_field_outcomes": {"no": "Resultater", "en": "Outcomes"},
    "chat_briefs_field_scope": {"no": "Avgrensning", "en": "Scope"},
    "chat_briefs_field_constraints": {"no": "Rammer og krav", "en": "Constraints"},
    "chat_briefs_field_data": {"no": "Data", "en": "Data"},
    "chat_briefs_field_ipr": {"no": "Eierskap og IPR", "en": "Ownership and IPR"},
    "chat_briefs_now": {"no": "Nå: {value}", "en": "Now: {value}"},
    # Briefs: drafting and showing
    "chat_briefs_drafting": {
        "no": "Lager utkast til brief",
        "en": "Drafting the brief",
    },
    "chat_briefs_revising": {
        "no": "Reviderer og sjekker briefen på nytt",
        "en": "Revising and re-checking the brief",
    },
    "chat_briefs_done": {
        "no": "Brief {id}, versjon {version}, er lagret.",
        "en": "Brief {id}, version {version}, is saved.",
    },
    "chat_briefs_failed": {
        "no": "Beklager, briefen kunne ikke lages på grunn av en feil hos oss. Ingenting er "
        "lagret; prøv igjen om litt.",
        "en": "Sorry, the brief could not be made because of a fault on our side. Nothing was "
        "saved; please try again shortly.",
    },
    "chat_briefs_summary": {
        "no": "**Brief {id}, versjon {version}**: {findings} funn; {met} av {total} "
        "forpliktelser i verdikompasset er oppfylt. Se funnene og verdikompasset under briefen.",
        "en": "**Brief {id}, version {version}**: {findings} findings; {met} of {total} "
        "commitments of the value compass are met. See the findings and the compass below "
        "the brief.",
    },
    "chat_briefs_revise": {"no": "Revider", "en": "Revise"},
    "chat_briefs_download_md": {"no": "Last ned Markdown", "en": "Download Markdown"},
    "chat_briefs_download_docx": {"no": "Last ned Word", "en": "Download Word"},
    "chat_briefs_mine": {"no": "Mine briefer", "en": "My briefs"},
    "chat_briefs_new": {"no": "Ny brief", "en": "New brief"},
    "chat_briefs_bad_button": {
        "no": "Den knappen gjelder ikke lenger; åpne briefen på nytt fra «Mine briefer».",
        "en": "That button no longer applies; open the brief again from “My briefs”.",
    },
    "chat_briefs_cancel": {"no": "Avbryt", "en": "Cancel"},
    "chat_briefs_ask_field": {
        "no": "Hva vil du endre i brief {id}?",
        "en": "What do you want to change in brief {id}?",
    },
    "chat_briefs_changes": {
        "no": "Versjon {version} er sjekket på nytt. Dette endret seg i funnene:",
        "en": "Version {version} is checked again. This changed in the findings:",
    },
    "chat_briefs_no_changes": {
        "no": "Versjon {version} er sjekket på nytt. Funnene er de samme som før.",
        "en": "Version {version} is checked again. The findings are the same as before.",
    },
    "chat_briefs_added": {"no": "Nye funn", "en": "New findings"},
    "chat_briefs_resolved": {"no": "Løste funn", "en": "Resolved findings"},
    "chat_briefs_file": {"no": "Her er {name}.", "en": "Here is {name}."},
    "chat_briefs_none": {
        "no": "Du har ingen briefer ennå.",
        "en": "You have no briefs yet.",
    },
    "chat_briefs_list": {
        "no": "Briefer du kan åpne ({count}), nyeste først:",
        "en": "Briefs you can open ({count}), newest first:",
    },
    "chat_briefs_table_header": {
        "no": "Nr. | Tittel | Type | Versjon | Endret (UTC)",
        "en": "No. | Title | Kind | Version | Changed (UTC)",
    },
    "chat_briefs_open": {"no": "Åpne {id}: {title}", "en": "Open {id}: {title}"},
    # Uploads
    "chat_uploads_login_off": {
        "no": "Opplasting krever innlogging, så dokumentet kan merkes med hvem som får se det. "
        "Innlogging er slått av i denne chatten; be driftsansvarlig bruke `arena ingest`.",
        "en": "Uploading needs sign-in, so the document can be marked with who may see it. "
        "Sign-in is off in this chat; ask the operator to use `arena ingest`.",
    },
    "chat_uploads_ask_files": {
        "no": "Velg filene du vil legge i kunnskapsbasen: .txt, .md, .pdf, .docx, .pptx eller "
        ".html, høyst {size} MB hver.",
        "en": "Choose the files to add to the knowledge base: .txt, .md, .pdf, .docx, .pptx or "
        ".html, at most {size} MB each.",
    },
    "chat_uploads_ask_readers": {
        "no": "Hvem skal få se dokumentene, i svar og kilder?",
        "en": "Who may see the documents, in answers and sources?",
    },
    "chat_uploads_arena": {"no": "Hele arenaen", "en": "The whole arena"},
    "chat_uploads_own": {"no": "Bare {name}", "en": "Only {name}"},
    "chat_uploads_other": {"no": "En annen organisasjon", "en": "Another organisation"},
    "chat_uploads_ask_organisation": {
        "no": "Hvilken organisasjon? Navn, kortnavn eller organisasjonsnummer fra registeret.",
        "en": "Which organisation? Its name, alias or organisation number in the registry.",
    },
    "chat_uploads_progress": {
        "no": "Legger dokumentene i kunnskapsbasen …",
        "en": "Adding the documents to the knowledge base …",
    },
    "chat_uploads_waiting": {"no": "venter", "en": "waiting"},
    "chat_uploads_state_start": {"no": "leses og deles opp …", "en": "reading and chunking …"},
    "chat_uploads_state_added": {"no": "lagt til", "en": "added"},
    "chat_uploads_state_updated": {"no": "erstattet", "en": "replaced"},
    "chat_uploads_state_unchanged": {"no": "uendret", "en": "unchanged"},
    "chat_uploads_state_failed": {"no": "avvist", "en": "refused"},
    "chat_uploads_for_arena": {"no": "hele arenaen", "en": "the whole arena"},
    "chat_uploads_for_org": {"no": "medlemmer av {name}", "en": "members of {name}"},
    "chat_uploads_summary": {
        "no": "**{files} dokument(er) ligger nå i kunnskapsbasen, med {chunks} tekstbiter.** "
        "Synlig for {readers}.",
        "en": "**{files} document(s) now in the knowledge base, with {chunks} chunks.** "
        "Visible to {readers}.",
    },
    "chat_uploads_added": {"no": "Lagt til", "en": "Added"},
    "chat_uploads_updated": {"no": "Erstattet", "en": "Replaced"},
    "chat_uploads_unchanged": {"no": "Uendret (allerede lagt inn)", "en": "Unchanged (already in)"},
    "chat_uploads_failed": {
        "no": "Beklager, dokumentene kunne ikke legges inn på grunn av en feil hos oss. Prøv "
        "igjen om litt.",
        "en": "Sorry, the documents could not be added because of a fault on our side. Please "
        "try again shortly.",
    },
    "chat_uploads_refused": {
        "no": "{count} fil(er) avvist:",
        "en": "{count} file(s) refused:",
    },
}
