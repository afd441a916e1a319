"""The request's language: the one language detector, and the user-facing strings in no and en."""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["no", "en"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_BROKEN_WORD = re.compile(r"(\w)- (?=\w)")

# Function words decide, not letters: an English question may name "Sørlandet" or "Tromsø".
# "for" is in both lists on purpose: it is common in both languages and so decides nothing.
_ENGLISH = frozenset(
    (
        "a",
        "about",
        "according",
        "after",
        "also",
        "an",
        "and",
        "are",
        "between",
        "by",
        "can",
        "did",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "is",
        "its",
        "not",
        "of",
        "on",
        "or",
        "some",
        "that",
        "the",
        "their",
        "these",
        "this",
        "those",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "you",
    )
)
_NORWEGIAN = frozenset(
    (
        "av",
        "ble",
        "blir",
        "de",
        "den",
        "det",
        "dette",
        "disse",
        "du",
        "eller",
        "en",
        "er",
        "et",
        "etter",
        "for",
        "fra",
        "har",
        "hva",
        "hvem",
        "hvilke",
        "hvilken",
        "hvilket",
        "hvor",
        "hvordan",
        "hvorfor",
        "i",
        "ifølge",
        "ikke",
        "jeg",
        "kan",
        "korleis",
        "kva",
        "kven",
        "med",
        "mellom",
        "må",
        "noen",
        "når",
        "og",
        "også",
        "om",
        "på",
        "seg",
        "sin",
        "sine",
        "skal",
        "som",
        "til",
        "var",
        "vi",
        "å",
    )
)


def detect_language(text: str) -> Language:
    """Norwegian or English, by which language's function words the text uses more.

    A tie (no function words, or as many of each) is Norwegian: the arena's first language.
    """
    tokens = _WORD.findall(_BROKEN_WORD.sub(r"\1", text.lower()))
    english = sum(token in _ENGLISH for token in tokens)
    norwegian = sum(token in _NORWEGIAN for token in tokens)
    return "en" if english > norwegian else "no"


# User-facing strings, Norwegian and English, by key. Each part of the product keeps its own
# table here, so one file holds every word a user reads and a test can check both languages.
Strings = dict[str, dict[Language, str]]

ANSWER_STRINGS: Strings = {
    # Abstention (assistant.answers.abstention): why, the closest documents, whom to ask.
    "abstention.nothing": {
        "no": "jeg fant ingen relevante avsnitt",
        "en": "I found no relevant passages",
    },
    "abstention.weak": {
        "no": "jeg fant bare avsnitt som er svakt knyttet til spørsmålet",
        "en": "I found only passages that are weakly related to the question",
    },
    "abstention.no_figure": {
        "no": "jeg fant beslektede avsnitt, men ingen av dem oppgir tallet du spør om",
        "en": "I found related passages, but none of them states the figure you ask for",
    },
    "abstention.no_content": {
        "no": "et dokument nevner temaet, men innholdet står ikke i teksten (kanskje et bilde)",
        "en": "a document names the topic, but its content is not in the text (a picture?)",
    },
    "abstention.not_covered": {
        "no": "Kunnskapsbasen dekker ikke dette spørsmålet: {why}.",
        "en": "The knowledge base does not cover this question: {why}.",
    },
    "abstention.closest": {
        "no": "Nærmeste dokumenter: {documents}.",
        "en": "Closest documents: {documents}.",
    },
    "abstention.ask": {
        "no": "Spør gjerne en koordinator i arenaen, eller partneren som eier temaet, om svaret.",
        "en": "A coordinator in the arena, or the partner who owns the topic, may know the answer.",
    },
    # The model's answer (assistant.answers.chain): checks that changed or replaced it.
    "answer.unchecked": {
        "no": "Modellens svar kunne ikke kontrolleres mot dokumentene, så det ekstraktive "
        "svaret vises i stedet.",
        "en": "The model's answer could not be checked against the documents, so the "
        "extractive answer is shown instead.",
    },
    "answer.removed": {
        "no": "({count} setning(er) uten støtte i dokumentene ble fjernet fra svaret.)",
        "en": "({count} unsupported sentence(s) were removed from this answer.)",
    },
    # Why the model was not used (assistant.answers.fallback). Shown in English for now,
    # whatever the question's language: the Norwegian versions are ready for when it is not.
    "provider.unused": {
        "no": "{provider}-modellen ble ikke brukt fordi {why}; dette er det ekstraktive svaret.",
        "en": "The {provider} model was not used because {why}; this is the extractive answer.",
    },
    "provider.timeout": {
        "no": "den ikke svarte i tide",
        "en": "it did not answer in time",
    },
    "provider.unreachable": {
        "no": "den ikke kunne nås",
        "en": "it could not be reached",
    },
    "provider.failed": {
        "no": "den feilet ({error}: {detail})",
        "en": "it failed ({error}: {detail})",
    },
}

CHAT_STRINGS: Strings = {
    # Answers to knowledge questions (assistant.chat.answer_markdown)
    "chat_source": {"no": "Kilde", "en": "Source"},
    "chat_sources": {"no": "Kilder", "en": "Sources"},
    "chat_closest": {"no": "Nærmeste dokument", "en": "Closest document"},
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
        "no": "### Konfliktsjekk: {activity} ({kind}), {date}",
        "en": "### Conflict check: {activity} ({kind}), {date}",
    },
    "chat_item": {
        "no": "#### {position}. {title}{decision}",
        "en": "#### {position}. {title}{decision}",
    },
    "chat_decision_item": {"no": " (beslutning)", "en": " (decision)"},
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
    "chat_help_submit": {
        "no": "`/send ID`, `/trekk ID` – send inn eller trekk en erklæring",
        "en": "`/submit ID`, `/withdraw ID` – submit or withdraw a declaration",
    },
    "chat_help_other_language": {
        "no": "Engelske navn virker også: /declarations, /check, /public, /review.",
        "en": "Norwegian names work too: /erklæringer, /sjekk, /offentlig, /gjennomgå.",
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
        "no": "Person | Rolle | Erklæring | Alvorlighet | Treff | Anbefalt",
        "en": "Person | Role | Declaration | Severity | Evidence | Recommended",
    },
    "chat_columns_rulings": {"no": "Person | Kan | Hvorfor", "en": "Person | May | Why"},
    "chat_columns_activities": {
        "no": "ID | Aktivitet | Type | Deltakere | Agendapunkter",
        "en": "ID | Activity | Kind | Participants | Agenda items",
    },
    "chat_columns_public": {
        "no": "Person | Organisasjon | Rolle | Kategori",
        "en": "Person | Organisation | Position | Category",
    },
}

API_STRINGS: Strings = {}

_TABLES: tuple[Strings, ...] = (ANSWER_STRINGS, CHAT_STRINGS, API_STRINGS)


def say(key: str, language: Language, **values: object) -> str:
    """The user-facing string `key` in `language`, with `{placeholders}` filled from values."""
    for table in _TABLES:
        if key in table:
            return table[key][language].format(**values) if values else table[key][language]
    raise KeyError(f"No user-facing string '{key}'")
