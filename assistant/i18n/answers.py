"""What the answers package says to users: abstentions, notices, provider failures."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.i18n import Strings

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
    # Related passages that do not state the kind of answer asked for (answerability.supplies).
    "abstention.no_amount": {
        "no": "jeg fant beslektede avsnitt, men ingen av dem oppgir tallet eller beløpet du "
        "spør om",
        "en": "I found related passages, but none of them states the number or amount you ask for",
    },
    "abstention.no_time": {
        "no": "jeg fant beslektede avsnitt, men ingen av dem oppgir tidspunktet du spør om",
        "en": "I found related passages, but none of them states the date or time you ask for",
    },
    "abstention.no_reason": {
        "no": "jeg fant beslektede avsnitt, men ingen av dem oppgir en begrunnelse eller årsak",
        "en": "I found related passages, but none of them gives a reason or cause",
    },
    "abstention.no_person": {
        "no": "jeg fant beslektede avsnitt, men ingen av dem sier hvem",
        "en": "I found related passages, but none of them says who",
    },
    "abstention.no_place": {
        "no": "jeg fant beslektede avsnitt, men ingen av dem sier hvor",
        "en": "I found related passages, but none of them says where",
    },
    "abstention.no_entity": {
        "no": "jeg fant beslektede avsnitt, men ingen av dem navngir eller lister opp det du "
        "spør om",
        "en": "I found related passages, but none of them names or lists what you ask for",
    },
    "abstention.absent_names": {
        "no": "dokumentene nevner ikke {names}",
        "en": "the documents do not mention {names}",
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
