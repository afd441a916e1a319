"""Words for knowledge gaps and conversation exports: the chat's list, its buttons, the Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.i18n import Strings

KNOWLEDGE_GAP_STRINGS: Strings = {
    # A conversation exported as Markdown (assistant.registry.conversation_export)
    "conv_md_title": {"no": "Samtale: {name}", "en": "Conversation: {name}"},
    "conv_md_untitled": {"no": "(uten navn)", "en": "(untitled)"},
    "conv_md_meta": {
        "no": "Bruker: {user} · startet {date} · samtale-id `{id}`",
        "en": "User: {user} · started {date} · conversation id `{id}`",
    },
    "conv_md_question": {"no": "Spørsmål", "en": "Question"},
    "conv_md_answer": {"no": "Svar", "en": "Answer"},
    "conv_md_not_covered": {
        "no": "Svar: ikke dekket av kunnskapsbasen",
        "en": "Answer: not covered by the knowledge base",
    },
    "conv_md_reply": {"no": "Melding fra assistenten", "en": "Message from the assistant"},
    "conv_md_mode": {"no": "Modus: {mode}", "en": "Mode: {mode}"},
    "conv_md_mode_extractive": {"no": "ekstraktivt", "en": "extractive"},
    "conv_md_mode_llm": {"no": "språkmodell ({model})", "en": "language model ({model})"},
    "conv_md_reason": {"no": "Hvorfor ikke besvart: {reason}", "en": "Why not answered: {reason}"},
    "conv_md_sources": {"no": "Kilder", "en": "Sources"},
    "conv_md_closest": {"no": "Nærmeste passasjer", "en": "Closest passages"},
    "conv_md_passage": {"no": "Passasjen", "en": "The passage"},
    "conv_md_rating_up": {"no": "Vurdering: 👍 bra", "en": "Rating: 👍 good"},
    "conv_md_rating_down": {"no": "Vurdering: 👎 dårlig", "en": "Rating: 👎 poor"},
    "conv_md_comment": {"no": "Kommentar: {comment}", "en": "Comment: {comment}"},
    "conv_md_empty": {
        "no": "Samtalen har ingen meldinger ennå.",
        "en": "The conversation has no messages yet.",
    },
    # The chat's commands and starter (assistant.chat.gaps, commands, profiles)
    "chat_command_hull": {
        "no": "Kunnskapshull: spørsmål uten svar og svar vurdert ned",
        "en": "Knowledge gaps: questions not answered and answers rated down",
    },
    "chat_command_gaps": {
        "no": "Kunnskapshull: spørsmål uten svar og svar vurdert ned",
        "en": "Knowledge gaps: questions not answered and answers rated down",
    },
    "chat_command_eksport": {
        "no": "Last ned denne samtalen som JSON og Markdown",
        "en": "Download this conversation as JSON and Markdown",
    },
    "chat_command_export": {
        "no": "Last ned denne samtalen som JSON og Markdown",
        "en": "Download this conversation as JSON and Markdown",
    },
    "starter_gaps": {"no": "Kunnskapshull", "en": "Knowledge gaps"},
    # The gaps list in the chat
    "chat_gaps_login_off": {
        "no": "Kunnskapshull krever innlogging, og innlogging er slått av i denne chatten. Bruk "
        "`arena gaps list` på kommandolinjen.",
        "en": "Knowledge gaps need sign-in, which is off in this chat. Use `arena gaps list` on "
        "the command line.",
    },
    "chat_gaps_title_topic": {
        "no": "Kunnskapshull etter emne: {count}",
        "en": "Knowledge gaps by topic: {count}",
    },
    "chat_gaps_title_document": {
        "no": "Kunnskapshull etter dokument: {count}",
        "en": "Knowledge gaps by document: {count}",
    },
    "chat_gaps_about": {
        "no": "Spørsmål kunnskapsbasen ikke dekket, og svar noen vurderte ned. Lenken åpner "
        "samtalen (bare lesing); knappene laster den ned.",
        "en": "Questions the knowledge base did not cover, and answers someone rated down. The "
        "link opens the conversation (read only); the buttons download it.",
    },
    "chat_gaps_none": {
        "no": "Ingen kunnskapshull: ingen spørsmål står uten svar, og ingen svar er vurdert ned.",
        "en": "No knowledge gaps: no question went unanswered and no answer was rated down.",
    },
    "chat_gaps_no_topic": {"no": "Uten emneord", "en": "No topic word"},
    "chat_gaps_no_document": {"no": "Uten dokument", "en": "No document"},
    "chat_gaps_abstained": {"no": "ikke dekket", "en": "not covered"},
    "chat_gaps_rated_down": {"no": "vurdert ned", "en": "rated down"},
    "chat_gaps_shown": {
        "no": "Viser de {shown} nyeste av {total}; `arena gaps list` viser alle.",
        "en": "Showing the newest {shown} of {total}; `arena gaps list` shows all.",
    },
    "chat_gaps_buttons": {
        "no": "Last ned samtale nr. 1–{count} med knappene under.",
        "en": "Download conversations 1–{count} with the buttons below.",
    },
    "chat_gaps_button_one": {
        "no": "Last ned samtalen med knappen under.",
        "en": "Download the conversation with the button below.",
    },
    "chat_gaps_export_button": {"no": "⬇ Samtale {n}", "en": "⬇ Conversation {n}"},
    "chat_gaps_group_topic": {"no": "Grupper etter emne", "en": "Group by topic"},
    "chat_gaps_group_document": {"no": "Grupper etter dokument", "en": "Group by document"},
    "chat_gaps_bad_button": {
        "no": "Den knappen forstod jeg ikke. Skriv `/hull` for en ny liste.",
        "en": "I did not understand that button. Type `/gaps` for a new list.",
    },
    # Exporting a conversation in the chat
    "chat_export_login_off": {
        "no": "Samtaler lagres bare med innlogging, og innlogging er slått av i denne chatten.",
        "en": "Conversations are kept only with sign-in, which is off in this chat.",
    },
    "chat_export_empty": {
        "no": "Denne samtalen er ikke lagret ennå: still et spørsmål først.",
        "en": "This conversation is not stored yet: ask a question first.",
    },
    "chat_export_files": {
        "no": "Samtalen «{name}» som JSON og Markdown.",
        "en": "The conversation “{name}” as JSON and Markdown.",
    },
}
