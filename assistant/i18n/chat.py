"""What the chat says to users: labels, replies, registry commands and their help."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.i18n import Strings

CHAT_STRINGS: Strings = {
    # Answers to knowledge questions (assistant.chat.answer_markdown)
    "chat_sources": {"no": "Kilder", "en": "Sources"},
    "chat_closest": {"no": "Nærmeste dokument", "en": "Closest document"},
    "chat_closest_all": {
        "no": "Nærmeste dokumenter (de svarer ikke på spørsmålet)",
        "en": "Closest documents (they do not answer the question)",
    },
    "chat_close": {"no": "Lukk", "en": "Close"},
    "chat_quote": {"no": "Ordene svaret bygger på", "en": "The words the answer rests on"},
    "chat_passage": {"no": "Avsnittet i dokumentet", "en": "The passage in the document"},
    "chat_extractive": {
        "no": "Ekstraktivt svar: setningene er hentet ordrett fra dokumentene.",
        "en": "Extractive answer: the sentences are quoted from the documents.",
    },
    "chat_llm": {
        "no": "Svar skrevet av {model}; hver setning er kontrollert mot kilden den viser til.",
        "en": "Answer written by {model}; every sentence is checked against the source it cites.",
    },
    "chat_not_covered": {
        "no": "Ikke dekket av kunnskapsbasen",
        "en": "Not covered by the knowledge base",
    },
    "chat_removed": {
        "no": "Fjernet fordi kildene ikke støtter det",
        "en": "Removed because the sources do not support it",
    },
    "chat_sorry": {"no": "Beklager: {error}", "en": "Sorry: {error}"},
    # A registry error told by its kind, for Norwegian readers: its detail is English.
    "chat_sorry_permission": {
        "no": "Beklager, du har ikke tilgang til dette.",
        "en": "Sorry, you do not have access to this.",
    },
    "chat_sorry_stale": {
        "no": "Beklager, noen har endret dette i mellomtiden. Last inn på nytt og prøv igjen.",
        "en": "Sorry, someone changed this meanwhile. Reload and try again.",
    },
    "chat_sorry_transition": {
        "no": "Beklager, det steget er ikke mulig fra statusen den har nå.",
        "en": "Sorry, that step is not possible from its current status.",
    },
    "chat_sorry_unavailable": {
        "no": "Beklager, registeret svarer ikke akkurat nå. Prøv igjen om litt.",
        "en": "Sorry, the registry does not answer right now. Try again shortly.",
    },
    "chat_failed": {
        "no": "Beklager, svaret kunne ikke lages på grunn av en feil hos oss. Prøv igjen om litt.",
        "en": "Sorry, the answer could not be made because of a fault on our side. "
        "Please try again shortly.",
    },
    # The registry's slash commands (assistant.chat.commands, registry_replies, registry_markdown)
    "chat_command_erklæringer": {
        "no": "Mine erklæringer, eller de som venter på gjennomgang",
        "en": "My declarations, or those awaiting review",
    },
    "chat_command_sjekk": {
        "no": "Konfliktsjekk av en aktivitet: /sjekk ID",
        "en": "Conflict check of an activity: /sjekk ID",
    },
    "chat_command_offentlig": {
        "no": "Offentlig oversikt over andres godkjente interesser",
        "en": "Public overview of others' approved interests",
    },
    "chat_command_gjennomgå": {
        "no": "Gjennomgå en erklæring (koordinatorer): /gjennomgå ID",
        "en": "Review a declaration (coordinators): /gjennomgå ID",
    },
    "chat_command_brukere": {
        "no": "Brukere og organisasjoner (koordinatorer)",
        "en": "Users and organisations (coordinators)",
    },
    "chat_command_hjelp": {"no": "Registerkommandoene", "en": "The registry commands"},
    "chat_login_off": {
        "no": "Registeret krever innlogging, og innlogging er slått av i denne chatten. "
        "Be driftsansvarlig starte appen med `ARENA_CHAT_LOGIN=true`, eller bruk "
        "`arena registry ...` på kommandolinjen eller REST-API-et under `/api/v1`.",
        "en": "The registry needs you to sign in, and sign-in is off in this chat. "
        "Ask whoever runs the app to start it with `ARENA_CHAT_LOGIN=true`, or use "
        "`arena registry ...` on the command line or the REST API under `/api/v1`.",
    },
    "chat_not_signed_in": {
        "no": "Logg inn for å bruke registeret.",
        "en": "Sign in to use the registry.",
    },
    "chat_deactivated": {
        "no": "Brukeren {email} er deaktivert",
        "en": "The user {email} is deactivated",
    },
    # A sign-in that no longer holds (assistant.chat.login.session_holds)
    "chat_session_deactivated": {
        "no": "Innloggingen er avsluttet: brukeren {email} er deaktivert. Spør koordinatoren "
        "om du mener det er feil.",
        "en": "Your sign-in has ended: the user {email} is deactivated. Ask the coordinator "
        "if you think that is wrong.",
    },
    "chat_session_expired": {
        "no": "Innloggingen er utløpt (den varer {hours} timer). Last siden på nytt og logg inn "
        "igjen.",
        "en": "Your sign-in has expired (it lasts {hours} hours). Reload the page and sign in "
        "again.",
    },
    "chat_unknown": {
        "no": "Ukjent kommando `/{word}`. `/hjelp` viser registerkommandoene.",
        "en": "Unknown command `/{word}`. `/help` lists the registry commands.",
    },
    "chat_need_id": {
        "no": "Oppgi et nummer, for eksempel `/{word} 12`.",
        "en": "Give a number, for example `/{word} 12`.",
    },
    "chat_none_waiting": {
        "no": "Ingen erklæringer venter på gjennomgang.",
        "en": "No declarations are awaiting review.",
    },
    "chat_waiting": {
        "no": "### Erklæringer som venter på gjennomgang",
        "en": "### Declarations awaiting review",
    },
    "chat_open_with": {"no": "Åpne en med `/gjennomgå ID`.", "en": "Open one with `/review ID`."},
    "chat_no_own": {
        "no": "Du har ingen erklæringer ennå. Lag en med `arena registry declare` eller "
        "`POST /api/v1/declarations`.",
        "en": "You have no declarations yet. Start one with `arena registry declare` or "
        "`POST /api/v1/declarations`.",
    },
    "chat_own": {"no": "### Mine erklæringer", "en": "### My declarations"},
    "chat_current": {
        "no": "#### Interesser i erklæring {id} ({status})",
        "en": "#### Interests in declaration {id} ({status})",
    },
    "chat_no_interests": {
        "no": "Erklæringen har ingen interesser.",
        "en": "The declaration has no interests.",
    },
    "chat_submit_hint": {
        "no": "Send den til gjennomgang med `/send {id}`.",
        "en": "Submit it for review with `/submit {id}`.",
    },
    "chat_declaration": {
        "no": "### Erklæring {id}: {name}",
        "en": "### Declaration {id}: {name}",
    },
    "chat_state": {
        "no": "Status **{status}**, versjon {version}{org}.",
        "en": "Status **{status}**, version {version}{org}.",
    },
    "chat_reviews": {"no": "#### Tidligere vurderinger", "en": "#### Earlier reviews"},
    "chat_own_review": {
        "no": "Du kan ikke gjennomgå din egen erklæring.",
        "en": "You cannot review your own declaration.",
    },
    "chat_not_under_review": {
        "no": "Den er {status}, så den venter ikke på gjennomgang.",
        "en": "It is {status}, so it is not awaiting review.",
    },
    "chat_choose": {
        "no": "Velg en beslutning nedenfor; du blir spurt om begrunnelsen.",
        "en": "Choose a decision below; you will be asked for the reasoning.",
    },
    "chat_ask_reasoning": {
        "no": "Begrunnelse for erklæring {id} ({choice})?",
        "en": "Reasoning for declaration {id} ({choice})?",
    },
    "chat_no_reasoning": {
        "no": "Ingen begrunnelse kom, så ingenting er registrert.",
        "en": "No reasoning came, so nothing was recorded.",
    },
    "chat_reviewed": {
        "no": "Erklæring {id} er nå **{status}** (vurdering {review}: {choice}).",
        "en": "Declaration {id} is now **{status}** (review {review}: {choice}).",
    },
    "chat_stale": {
        "no": "⚠️ Ikke registrert: {error} Åpne den på nytt med `/gjennomgå {id}`.",
        "en": "⚠️ Not recorded: {error} Open it again with `/review {id}`.",
    },
    "chat_bad_button": {
        "no": "Den knappen gjelder ikke lenger; åpne erklæringen på nytt.",
        "en": "That button no longer applies; open the declaration again.",
    },
    "chat_now": {
        "no": "Erklæring {id} er nå **{status}**.",
        "en": "Declaration {id} is now **{status}**.",
    },
    "chat_check": {
        "no": "### Konfliktsjekk: {activity} ({kind}), per {date}",
        "en": "### Conflict check: {activity} ({kind}), as of {date}",
    },
    "chat_item": {
        "no": "#### {position}. {title}{decision}",
        "en": "#### {position}. {title}{decision}",
    },
    "chat_decision_item": {"no": " (beslutning)", "en": " (decision)"},
    "chat_grounds": {"no": "#### Grunnlag", "en": "#### Grounds"},
    "chat_no_activities": {
        "no": "Ingen aktiviteter du kan sjekke.",
        "en": "No activities you may check.",
    },
    "chat_activities": {
        "no": "### Aktiviteter du kan sjekke",
        "en": "### Activities you may check",
    },
    "chat_check_with": {"no": "Sjekk en med `/sjekk ID`.", "en": "Check one with `/check ID`."},
    "chat_public": {
        "no": "### Andres godkjente, offentlige interesser",
        "en": "### Others' approved, publishable interests",
    },
    "chat_no_public": {
        "no": "Ingen godkjente, offentlige interesser ennå.",
        "en": "No approved, publishable interests yet.",
    },
    "chat_approve": {"no": "Godkjenn: {decision}", "en": "Approve: {decision}"},
    "chat_return": {"no": "Send tilbake til revisjon", "en": "Return for revision"},
    "chat_help": {"no": "### Registerkommandoer\n", "en": "### Registry commands\n"},
    "chat_help_declarations": {
        "no": "`/erklæringer` – mine erklæringer",
        "en": "`/declarations` – my declarations",
    },
    "chat_help_declarations_coordinator": {
        "no": "`/erklæringer` – erklæringer som venter på gjennomgang",
        "en": "`/declarations` – declarations awaiting review",
    },
    "chat_help_public": {
        "no": "`/offentlig` – andres godkjente, offentlige interesser (uten beløp)",
        "en": "`/public` – others' approved, publishable interests (no amounts)",
    },
    "chat_help_check": {
        "no": "`/sjekk [ID]` – konfliktsjekk med referat per agendapunkt",
        "en": "`/check [ID]` – conflict check with minutes per agenda item",
    },
    "chat_help_review": {
        "no": "`/gjennomgå ID` – vis en erklæring og avgjør den",
        "en": "`/review ID` – show a declaration and decide on it",
    },
    "chat_help_people": {
        "no": "`/brukere` – brukere og organisasjoner; `/nybruker` og `/nyorganisasjon` legger "
        "til, `/planlegg` planlegger en aktivitet, `/logg` kontrollerer revisjonsloggen",
        "en": "`/users` – users and organisations; `/newuser` and `/neworganisation` add one, "
        "`/plan` plans an activity, `/audit` checks the audit log",
    },
    "chat_help_submit": {
        "no": "`/send ID`, `/trekk ID` – send inn eller trekk en erklæring",
        "en": "`/submit ID`, `/withdraw ID` – submit or withdraw a declaration",
    },
    "chat_help_other_language": {
        "no": "Engelske navn virker også: /declarations, /check, /public, /review, /users.",
        "en": "Norwegian names work too: /erklæringer, /sjekk, /offentlig, /gjennomgå, /brukere.",
    },
    "chat_not_allowed": {
        "no": "Beklager, det har du ikke tilgang til som {role}.",
        "en": "Sorry, a {role} has no access to that.",
    },
    "chat_people": {"no": "### Brukere", "en": "### Users"},
    "chat_organisations": {"no": "### Organisasjoner", "en": "### Organisations"},
    "chat_no_organisations": {
        "no": "Ingen organisasjoner er registrert ennå.",
        "en": "No organisations are registered yet.",
    },
    "chat_people_add": {
        "no": "Legg til en bruker med /nybruker og en organisasjon med /nyorganisasjon, eller "
        "trykk en knapp under.",
        "en": "Add a user with /newuser and an organisation with /neworganisation, or press a "
        "button below.",
    },
    # Table headers: the columns, separated by " | " (assistant.chat.registry_markdown.headers)
    "chat_columns_waiting": {
        "no": "ID | Person | Status | Versjon | Sendt inn",
        "en": "ID | Person | Status | Version | Submitted",
    },
    "chat_columns_own": {
        "no": "ID | Status | Versjon | Godkjent | Utløper",
        "en": "ID | Status | Version | Approved | Expires",
    },
    "chat_columns_interests": {
        "no": "Kategori | Hvem | Motpart | Rolle | Emner | Verdi | Fra | Til | Offentlig",
        "en": "Category | Whose | Counterpart | Position | Topics | Value | From | To | Public",
    },
    "chat_columns_reviews": {
        "no": "Dato | Utfall | Beslutning | Begrunnelse",
        "en": "Date | Outcome | Decision | Reasoning",
    },
    "chat_columns_findings": {
        "no": "Person (rolle) | Erklæring | Interessekonflikt | Anbefalt handling",
        "en": "Person (role) | Declaration | Conflict of interest | Recommended action",
    },
    "chat_columns_rulings": {"no": "Person | Kan | Hvorfor", "en": "Person | May | Why"},
    "chat_columns_activities": {
        "no": "ID | Aktivitet | Type | Deltakere | Agendapunkter",
        "en": "ID | Activity | Kind | Participants | Agenda items",
    },
    "chat_columns_people": {
        "no": "Navn | E-post | Rolle | Organisasjon | Aktiv",
        "en": "Name | E-mail | Role | Organisation | Active",
    },
    "chat_columns_organisations": {
        "no": "Navn | Type | Alias | Org.nr.",
        "en": "Name | Kind | Aliases | Org. no.",
    },
    "chat_columns_public": {
        "no": "Person | Organisasjon | Rolle | Kategori",
        "en": "Person | Organisation | Position | Category",
    },
}
