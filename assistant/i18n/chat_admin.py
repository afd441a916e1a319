"""The chat's words for the coordinators' flows: people, organisations, activities, the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.i18n import Strings

CHAT_ADMIN_STRINGS: Strings = {
    # Starting: the `/` menu, the starters, the buttons under /brukere and /sjekk
    "chat_command_nybruker": {
        "no": "Legg til en bruker (/newuser på engelsk)",
        "en": "Add a user (/newuser in English)",
    },
    "chat_command_nyorganisasjon": {
        "no": "Registrer en organisasjon (/neworganisation på engelsk)",
        "en": "Register an organisation (/neworganisation in English)",
    },
    "chat_command_planlegg": {
        "no": "Planlegg en aktivitet og se konfliktsjekken (/plan på engelsk)",
        "en": "Plan an activity and see its conflict check (/plan in English)",
    },
    "chat_command_logg": {
        "no": "Kontroller at revisjonsloggen er hel (/audit på engelsk)",
        "en": "Check that the audit log is whole (/audit in English)",
    },
    "starter_plan": {"no": "Planlegg en aktivitet", "en": "Plan an activity"},
    "starter_audit": {"no": "Kontroller revisjonsloggen", "en": "Check the audit log"},
    "chat_admin_start_add_person": {"no": "Legg til bruker", "en": "Add a user"},
    "chat_admin_start_add_organisation": {
        "no": "Legg til organisasjon",
        "en": "Add an organisation",
    },
    "chat_admin_start_plan": {"no": "Planlegg en aktivitet", "en": "Plan an activity"},
    "chat_admin_start_audit": {"no": "Kontroller revisjonsloggen", "en": "Check the audit log"},
    "chat_admin_login_off": {
        "no": "Dette krever innlogging, og innlogging er slått av i denne chatten. Be "
        "driftsansvarlig starte appen med `ARENA_CHAT_LOGIN=true`.",
        "en": "This needs sign-in, and sign-in is off in this chat. Ask the operator to start "
        "the app with `ARENA_CHAT_LOGIN=true`.",
    },
    "chat_admin_bad_button": {
        "no": "Den knappen forstod jeg ikke. Skriv kommandoen i stedet, for eksempel /nybruker.",
        "en": "I did not understand that button. Type the command instead, for example /newuser.",
    },
    # Any form
    "chat_admin_skip": {"no": "Hopp over", "en": "Skip"},
    "chat_admin_done": {"no": "Ferdig", "en": "Done"},
    "chat_admin_none": {"no": "ingen ennå", "en": "none yet"},
    "chat_admin_chosen": {"no": "Valgt: {chosen}", "en": "Chosen: {chosen}"},
    "chat_admin_bad_name": {
        "no": "«{value}» kan ikke brukes som navn: skriv minst to tegn, høyst 200.",
        "en": "“{value}” cannot be a name: write at least two characters, at most 200.",
    },
    # A person
    "chat_admin_person_intro": {
        "no": "**Ny bruker.** Jeg spør om navn, e-post, organisasjon og rolle, og lager et "
        "passord. Skriv «avbryt» når som helst for å stoppe.",
        "en": "**New user.** I'll ask for the name, e-mail, organisation and role, and make a "
        "password. Type “cancel” at any time to stop.",
    },
    "chat_admin_ask_name": {
        "no": "Hva heter personen? (fullt navn)",
        "en": "What is the person's name? (full name)",
    },
    "chat_admin_ask_email": {
        "no": "Hvilken e-postadresse skal personen logge inn med?",
        "en": "Which e-mail address will the person sign in with?",
    },
    "chat_admin_bad_email": {
        "no": "«{value}» er ikke en e-postadresse. Skriv den som navn@eksempel.no.",
        "en": "“{value}” is not an e-mail address. Write it as name@example.com.",
    },
    "chat_admin_email_taken": {
        "no": "Det finnes allerede en bruker med e-post «{value}». Skriv en annen adresse.",
        "en": "There already is a user with the e-mail “{value}”. Write another address.",
    },
    "chat_admin_ask_organisation": {
        "no": "Hvilken organisasjon hører personen til?",
        "en": "Which organisation does the person belong to?",
    },
    "chat_admin_no_organisation": {"no": "Ingen organisasjon", "en": "No organisation"},
    "chat_admin_ask_role": {
        "no": "Hvilken rolle skal personen ha? Partnere erklærer interesser, fasilitatorer "
        "leder aktiviteter, koordinatorer gjennomgår og administrerer.",
        "en": "Which role will the person have? Partners declare interests, facilitators run "
        "activities, coordinators review and administer.",
    },
    "chat_admin_person_added": {
        "no": "**{name}** ({email}) er lagt til som {role}. Organisasjon: {organisation}",
        "en": "**{name}** ({email}) is added as {role}. Organisation: {organisation}",
    },
    "chat_admin_password": {
        "no": "Passord for {email}: `{password}`\n\nDette vises bare nå: det lagres ikke i "
        "samtalen, og registeret har bare en hash av det. Gi det til personen på en trygg "
        "måte.",
        "en": "Password for {email}: `{password}`\n\nThis is shown only now: it is not kept "
        "in the conversation, and the registry keeps only a hash of it. Give it to the person "
        "in a safe way.",
    },
    # An organisation
    "chat_admin_org_intro": {
        "no": "**Ny organisasjon.** Jeg spør om navn og type, og om du vil, organisasjonsnummer "
        "og andre navn. Skriv «avbryt» når som helst for å stoppe.",
        "en": "**New organisation.** I'll ask for the name and kind, and if you like, the "
        "organisation number and other names. Type “cancel” at any time to stop.",
    },
    "chat_admin_ask_org_name": {
        "no": "Hva er organisasjonens registrerte navn?",
        "en": "What is the organisation's registered name?",
    },
    "chat_admin_org_taken": {
        "no": "«{value}» er allerede navnet eller et annet navn på en registrert organisasjon. "
        "Skriv et annet navn, eller bruk den som finnes.",
        "en": "“{value}” already is the name or another name of a registered organisation. "
        "Write another name, or use the one that exists.",
    },
    "chat_admin_ask_kind": {
        "no": "Hva slags organisasjon er det?",
        "en": "What kind of organisation is it?",
    },
    "chat_admin_ask_number_gate": {
        "no": "Kjenner du organisasjonsnummeret?",
        "en": "Do you know the organisation number?",
    },
    "chat_admin_add_number": {"no": "Legg til nummer", "en": "Add the number"},
    "chat_admin_ask_number": {
        "no": "Organisasjonsnummeret (ni sifre):",
        "en": "The organisation number (nine digits):",
    },
    "chat_admin_bad_number": {
        "no": "«{value}» er ikke et gyldig organisasjonsnummer: det har ni sifre, og det siste "
        "er et kontrollsiffer. Skriv det igjen.",
        "en": "“{value}” is not a valid organisation number: it has nine digits, the last a "
        "check digit. Write it again.",
    },
    "chat_admin_number_taken": {
        "no": "Organisasjonsnummer «{value}» er allerede registrert.",
        "en": "Organisation number “{value}” is already registered.",
    },
    "chat_admin_ask_aliases_gate": {
        "no": "Har organisasjonen andre navn eller forkortelser (som OUS)?",
        "en": "Does the organisation go by other names or acronyms (like OUS)?",
    },
    "chat_admin_add_aliases": {"no": "Legg til andre navn", "en": "Add other names"},
    "chat_admin_ask_aliases": {
        "no": "Andre navn, skilt med komma:",
        "en": "Other names, separated by commas:",
    },
    "chat_admin_bad_alias": {
        "no": "«{value}» kan ikke brukes: hvert navn kan ha høyst 200 tegn.",
        "en": "“{value}” cannot be used: each name may have at most 200 characters.",
    },
    "chat_admin_org_added": {
        "no": "**{name}** ({kind}) er registrert.",
        "en": "**{name}** ({kind}) is registered.",
    },
    # An activity
    "chat_admin_plan_intro": {
        "no": "**Ny aktivitet.** Jeg spør om tittel, dato, type, organisasjoner og deltakere, "
        "og viser så konfliktsjekken. Skriv «avbryt» når som helst for å stoppe.",
        "en": "**New activity.** I'll ask for the title, date, kind, organisations and "
        "participants, then show the conflict check. Type “cancel” at any time to stop.",
    },
    "chat_admin_ask_title": {
        "no": "Hva heter aktiviteten?",
        "en": "What is the activity called?",
    },
    "chat_admin_bad_title": {
        "no": "«{value}» kan ikke brukes som tittel: skriv minst to tegn, høyst 200.",
        "en": "“{value}” cannot be a title: write at least two characters, at most 200.",
    },
    "chat_admin_ask_date": {
        "no": "Hvilken dag er aktiviteten? Skriv ÅÅÅÅ-MM-DD (for eksempel 2027-03-01).",
        "en": "Which day is the activity? Write YYYY-MM-DD (for example 2027-03-01).",
    },
    "chat_admin_bad_date": {
        "no": "«{value}» er ikke en dato. Skriv ÅÅÅÅ-MM-DD, for eksempel 2027-03-01.",
        "en": "“{value}” is not a date. Write YYYY-MM-DD, for example 2027-03-01.",
    },
    "chat_admin_ask_activity_kind": {
        "no": "Hva slags aktivitet er det? Anskaffelser og utvelgelser sjekkes strengest.",
        "en": "What kind of activity is it? Procurements and selections are checked most strictly.",
    },
    "chat_admin_ask_organisations": {
        "no": "Hvilke organisasjoner er involvert? Trykk én om gangen, og «Ferdig» til slutt.",
        "en": "Which organisations are involved? Press one at a time, then “Done”.",
    },
    "chat_admin_ask_participants": {
        "no": "Hvem deltar? Trykk én om gangen, og «Ferdig» til slutt.",
        "en": "Who takes part? Press one at a time, then “Done”.",
    },
    "chat_admin_planned": {
        "no": "Aktivitet {id} er lagret. Konfliktsjekken nå (se den igjen med `/sjekk {id}`):",
        "en": "Activity {id} is saved. Its conflict check now (see it again with `/check {id}`):",
    },
    # The audit log
    "chat_admin_audit_ok": {
        "no": "**Revisjonsloggen er hel:** alle {events} hendelser henger sammen, og ingen er "
        "endret, slettet eller flyttet.",
        "en": "**The audit log is whole:** all {events} events follow one another, and none was "
        "edited, deleted or moved.",
    },
    "chat_admin_audit_broken": {
        "no": "**Revisjonsloggen er brutt ved hendelse {seq}:** {what} Noen har endret databasen "
        "utenom appen. Ta vare på en kopi av databasen og si fra til driftsansvarlig.",
        "en": "**The audit log is broken at event {seq}:** {what} Someone changed the database "
        "outside the app. Keep a copy of the database and tell the operator.",
    },
    "chat_admin_audit_missing": {
        "no": "hendelsen mangler (slettet).",
        "en": "the event is missing (deleted).",
    },
    "chat_admin_audit_reordered": {
        "no": "hendelsen følger ikke den før (flyttet).",
        "en": "the event does not follow the one before it (moved).",
    },
    "chat_admin_audit_edited": {
        "no": "innholdet i hendelsen er endret.",
        "en": "the event's content was edited.",
    },
    "chat_admin_audit_payload_edited": {
        "no": "det som ble registrert før og etter endringen, er endret.",
        "en": "what was recorded before and after the change was edited.",
    },
    "chat_admin_audit_blanked": {
        "no": "innholdet er tømt uten at en sletting etter oppbevaringsreglene ba om det.",
        "en": "its content was blanked without a retention purge asking for it.",
    },
    "chat_admin_audit_truncated": {
        "no": "loggen slutter for tidlig (de siste hendelsene er slettet).",
        "en": "the log ends early (the last events were deleted).",
    },
}
