"""What the chat's declaration flow says: questions, buttons, the declaration shown, refusals."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.i18n import Strings

CHAT_DECLARE_STRINGS: Strings = {
    "chat_command_erklær": {
        "no": "Erklær interessene dine: legg til, endre, fjern, send inn",
        "en": "Declare your interests: add, change, remove, submit",
    },
    "chat_help_declare": {
        "no": "`/erklær`: erklær interessene dine steg for steg, og send erklæringen til "
        "gjennomgang",
        "en": "`/declare`: declare your interests step by step, and submit the declaration "
        "for review",
    },
    "chat_declare_login_off": {
        "no": "Erklæringer krever innlogging, og innlogging er slått av i denne chatten. "
        "Be driftsansvarlig starte appen med `ARENA_CHAT_LOGIN=true`.",
        "en": "Declarations need you to sign in, and sign-in is off in this chat. "
        "Ask whoever runs the app to start it with `ARENA_CHAT_LOGIN=true`.",
    },
    "chat_declare_intro": {
        "no": "**Erklæring av interesser.** Jeg spør om én ting om gangen og lagrer hver "
        "interesse du legger til. Skriv «avbryt» når som helst for å stoppe.",
        "en": "**Declaring interests.** I ask one thing at a time and save each interest "
        "you add. Type “cancel” at any time to stop.",
    },
    "chat_declare_none_open": {
        "no": "Du har ingen åpen erklæring. En ny blir lagret som utkast når du legger til "
        "den første interessen. Har du ingenting å erklære, kan du sende inn en tom erklæring.",
        "en": "You have no open declaration. A new one is saved as a draft when you add "
        "its first interest. If you have nothing to declare, you can submit an empty one.",
    },
    "chat_declare_card": {
        "no": "**Erklæring {id}**: {status} (versjon {version})",
        "en": "**Declaration {id}**: {status} (version {version})",
    },
    "chat_declare_what_next": {"no": "Hva vil du gjøre nå?", "en": "What would you like to do?"},
    "chat_declare_add": {"no": "Legg til en interesse", "en": "Add an interest"},
    "chat_declare_remove": {"no": "Fjern en interesse", "en": "Remove an interest"},
    "chat_declare_change": {"no": "Endre en interesse", "en": "Change an interest"},
    "chat_declare_submit": {"no": "Send til gjennomgang", "en": "Submit for review"},
    "chat_declare_finish": {"no": "Lagre og avslutt", "en": "Save and finish"},
    "chat_declare_leave": {"no": "Avslutt", "en": "Finish"},
    "chat_declare_cancel": {"no": "Avbryt", "en": "Cancel"},
    "chat_declare_open": {"no": "Min erklæring", "en": "My declaration"},
    "chat_declare_locked": {
        "no": "Erklæring {id} er {status} og venter på en koordinator. Du kan endre den "
        "når den er gjennomgått.",
        "en": "Declaration {id} is {status} and waits for a coordinator. You can change it "
        "once it has been reviewed.",
    },
    "chat_declare_saved": {
        "no": "Erklæring {id} er lagret ({status}). Send den til gjennomgang når du er klar.",
        "en": "Declaration {id} is saved ({status}). Submit it for review when you are ready.",
    },
    "chat_declare_saved_approved": {
        "no": "Erklæring {id} er {status}. Ingenting er endret.",
        "en": "Declaration {id} is {status}. Nothing was changed.",
    },
    "chat_declare_nothing_saved": {
        "no": "Ingen erklæring ble lagret.",
        "en": "No declaration was saved.",
    },
    "chat_declare_submitted": {
        "no": "Erklæring {id} er sendt til gjennomgang. En koordinator ser på den; svaret "
        "finner du under `/erklæringer`.",
        "en": "Declaration {id} is submitted for review. A coordinator will look at it; "
        "you find the answer under `/declarations`.",
    },
    "chat_declare_added": {"no": "Interessen er lagt til.", "en": "The interest is added."},
    "chat_declare_removed": {"no": "Interessen er fjernet.", "en": "The interest is removed."},
    "chat_declare_changed": {"no": "Interessen er endret.", "en": "The interest is changed."},
    "chat_declare_discarded": {
        "no": "Interessen ble ikke lagret.",
        "en": "The interest was not saved.",
    },
    "chat_declare_kept": {
        "no": "Det som allerede var lagret i erklæringen, er beholdt.",
        "en": "What was already saved in the declaration is kept.",
    },
    "chat_declare_ask_remove": {
        "no": "Hvilken interesse vil du fjerne?",
        "en": "Which interest do you want to remove?",
    },
    "chat_declare_keep": {"no": "Behold alle", "en": "Keep them all"},
    "chat_declare_ask_change": {
        "no": "Hvilken interesse vil du endre?",
        "en": "Which interest do you want to change?",
    },
    "chat_declare_ask_change_field": {
        "no": "Hva vil du endre ved interessen?",
        "en": "What do you want to change about the interest?",
    },
    "chat_declare_change_none": {"no": "Ikke endre noe", "en": "Change nothing"},
    "chat_declare_interest_label": {"no": "{n}. {category}{at}", "en": "{n}. {category}{at}"},
    "chat_declare_at": {"no": " hos {organisation}", "en": " at {organisation}"},
    # The interest's fields: their names (buttons), and the questions that ask for them.
    "chat_declare_field_category": {"no": "Type", "en": "Kind"},
    "chat_declare_field_whose": {"no": "Hvem sin", "en": "Whose"},
    "chat_declare_field_organisation": {"no": "Organisasjon", "en": "Organisation"},
    "chat_declare_field_position": {"no": "Rolle", "en": "Role"},
    "chat_declare_field_topics": {"no": "Emner", "en": "Topics"},
    "chat_declare_field_value_band": {"no": "Verdi", "en": "Value"},
    "chat_declare_field_publishable": {"no": "Synlighet", "en": "Visibility"},
    "chat_declare_field_description": {"no": "Beskrivelse", "en": "Description"},
    "chat_declare_field_starts_on": {"no": "Startdato", "en": "Start date"},
    "chat_declare_field_ends_on": {"no": "Sluttdato", "en": "End date"},
    "chat_declare_ask_category": {
        "no": "Hva slags interesse er det?",
        "en": "What kind of interest is it?",
    },
    "chat_declare_ask_whose": {
        "no": "Hvem sin interesse er det?",
        "en": "Whose interest is it?",
    },
    "chat_declare_ask_organisation": {
        "no": "Hvilken organisasjon gjelder det? Skriv navnet, et kortnavn eller "
        "organisasjonsnummeret, eller - hvis ingen.",
        "en": "Which organisation is it with? Type its name, a short name or its "
        "organisation number, or - for none.",
    },
    "chat_declare_ask_position": {
        "no": "Hvilken rolle har du der, for eksempel styremedlem? Skriv - hvis ingen.",
        "en": "What is your role there, for example board member? Type - for none.",
    },
    "chat_declare_ask_topics": {
        "no": "Hvilke fagområder eller emner berører interessen? Skill dem med komma, "
        "eller skriv - hvis ingen.",
        "en": "Which fields or topics does the interest touch? Separate them with commas, "
        "or type - for none.",
    },
    "chat_declare_ask_value_band": {
        "no": "Hvor mye er interessen verdt i året?",
        "en": "How much is the interest worth a year?",
    },
    "chat_declare_ask_publishable": {
        "no": "Kan andre partnere se et sammendrag (organisasjon, rolle og type, aldri beløp)?",
        "en": "May other partners see a summary (organisation, role and kind, never amounts)?",
    },
    "chat_declare_public": {"no": "Ja, vis sammendraget", "en": "Yes, show the summary"},
    "chat_declare_private": {
        "no": "Nei, bare for koordinatorene",
        "en": "No, for the coordinators only",
    },
    "chat_declare_ask_description": {
        "no": "Beskriv interessen kort, eller skriv - for ingen beskrivelse.",
        "en": "Describe the interest briefly, or type - for no description.",
    },
    "chat_declare_ask_starts_on": {
        "no": "Når begynte den? ÅÅÅÅ-MM-DD (for eksempel 2024-03-01), eller - hvis ukjent.",
        "en": "When did it start? YYYY-MM-DD (for example 2024-03-01), or - if unknown.",
    },
    "chat_declare_ask_ends_on": {
        "no": "Når slutter den? ÅÅÅÅ-MM-DD, eller - hvis den varer.",
        "en": "When does it end? YYYY-MM-DD, or - if it goes on.",
    },
    "chat_declare_ask_more": {
        "no": "Vil du legge til mer om interessen, eller lagre den nå?",
        "en": "Would you like to add more about the interest, or save it now?",
    },
    "chat_declare_save_interest": {"no": "Lagre interessen", "en": "Save the interest"},
    "chat_declare_fix": {
        "no": "Interessen er ikke lagret ennå, men ingenting av det du skrev er borte. "
        "Prøv igjen, rett et felt, eller forkast interessen.",
        "en": "The interest is not saved yet, but nothing you typed is lost. "
        "Try again, correct a field, or discard the interest.",
    },
    "chat_declare_retry": {"no": "Prøv igjen", "en": "Try again"},
    "chat_declare_correct": {"no": "Rett: {field}", "en": "Correct: {field}"},
    "chat_declare_discard": {"no": "Forkast interessen", "en": "Discard the interest"},
    # Refusals from the registry, in the user's words.
    "chat_declare_bad_date": {
        "no": "{field}: det er ikke en dato. Skriv ÅÅÅÅ-MM-DD, for eksempel 2024-03-01.",
        "en": "{field}: that is not a date. Type YYYY-MM-DD, for example 2024-03-01.",
    },
    "chat_declare_date_range": {
        "no": "{field}: datoen må ligge mellom år 1900 og 2200.",
        "en": "{field}: the date must lie between the years 1900 and 2200.",
    },
    "chat_declare_date_order": {
        "no": "Sluttdatoen kan ikke være før startdatoen.",
        "en": "The end date cannot be before the start date.",
    },
    "chat_declare_too_long": {
        "no": "{field}: høyst {limit} tegn.",
        "en": "{field}: at most {limit} characters.",
    },
    "chat_declare_too_many": {
        "no": "{field}: høyst {limit}.",
        "en": "{field}: at most {limit}.",
    },
    "chat_declare_bad_value": {
        "no": "{field} ble ikke godtatt av registeret ({error}).",
        "en": "{field} was not accepted by the registry ({error}).",
    },
    "chat_declare_unknown_org": {
        "no": "Registeret kjenner ingen organisasjon «{value}». Prøv et annet navn, "
        "kortnavnet eller organisasjonsnummeret, eller skriv - hvis ingen.",
        "en": "The registry knows no organisation “{value}”. Try another name, the short "
        "name or the organisation number, or type - for none.",
    },
    "chat_declare_stale": {
        "no": "Erklæringen ble endret et annet sted i mellomtiden. Her er den slik den er nå; "
        "prøv igjen.",
        "en": "The declaration was changed elsewhere in the meantime. Here it is as it is "
        "now; try again.",
    },
    "chat_declare_not_now": {
        "no": "Det lar seg ikke gjøre slik erklæringen står nå; se statusen under.",
        "en": "That cannot be done with the declaration as it stands; see its status below.",
    },
    "chat_declare_exists": {
        "no": "Du har allerede en åpen erklæring; fortsett med den.",
        "en": "You already have an open declaration; carry on with that one.",
    },
    "chat_declare_not_yours": {
        "no": "Den erklæringen er ikke din.",
        "en": "That declaration is not yours.",
    },
    "chat_declare_failed": {
        "no": "Beklager, erklæringen kunne ikke lagres på grunn av en feil hos oss. Det som "
        "allerede var lagret, er beholdt. Prøv igjen om litt.",
        "en": "Sorry, the declaration could not be saved because of a fault on our side. "
        "What was already saved is kept. Please try again shortly.",
    },
}
