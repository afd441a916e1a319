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

CHAT_STRINGS: Strings = {}

API_STRINGS: Strings = {}

_TABLES: tuple[Strings, ...] = (ANSWER_STRINGS, CHAT_STRINGS, API_STRINGS)


def say(key: str, language: Language, **values: object) -> str:
    """The user-facing string `key` in `language`, with `{placeholders}` filled from values."""
    for table in _TABLES:
        if key in table:
            return table[key][language].format(**values) if values else table[key][language]
    raise KeyError(f"No user-facing string '{key}'")
