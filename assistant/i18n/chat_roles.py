"""What the chat says about roles: chat profiles, starters, and the registry's values in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.i18n import Strings

CHAT_ROLE_STRINGS: Strings = {
    # Chat profiles (assistant.chat.profiles)
    "profile_knowledge": {"no": "Kunnskapsbasen", "en": "Knowledge base"},
    "profile_knowledge_about": {
        "no": "Velkommen til Arena Assistant. Spør om arenaens dokumenter: svaret er setninger "
        "hentet fra dokumentene, med kilde. Dekker de ikke spørsmålet, får du vite det.",
        "en": "Welcome to Arena Assistant. Ask about the arena's documents: the answer is "
        "sentences quoted from them, with their source. When they do not cover a question, "
        "you are told.",
    },
    "profile_registry": {"no": "Interesseregisteret", "en": "Interest registry"},
    "profile_registry_about": {
        "no": "Dine interesseerklæringer og andres offentlige interesser.",
        "en": "Your interest declarations and others' public interests.",
    },
    "profile_registry_about_facilitator": {
        "no": "Dine interesseerklæringer, andres offentlige interesser og konfliktsjekk av "
        "aktivitetene du leder.",
        "en": "Your interest declarations, others' public interests and the conflict check of "
        "the activities you run.",
    },
    "profile_registry_about_coordinator": {
        "no": "Gjennomgang av erklæringer, konfliktsjekk av aktiviteter, brukere og "
        "organisasjoner.",
        "en": "Review of declarations, conflict checks of activities, users and organisations.",
    },
    "profile_briefs": {"no": "Utfordringsnotater", "en": "Challenge briefs"},
    "profile_briefs_about": {
        "no": "Lag et utkast til utfordringsnotat og få det sjekket mot verdikompasset.",
        "en": "Draft a challenge brief and have it checked against the value compass.",
    },
    # Starters: a label, and the message the starter sends
    "starter_value_compass": {"no": "Hva er verdikompasset?", "en": "The value compass"},
    "starter_value_compass_message": {
        "no": "Hva er verdikompasset?",
        "en": "What is the value compass?",
    },
    "starter_co_creation": {"no": "Samskaping i arenaen", "en": "Co-creation in the arena"},
    "starter_co_creation_message": {
        "no": "Hva innebærer samskaping i arenaen?",
        "en": "What does co-creation mean in the arena?",
    },
    "starter_control_tower": {
        "no": "Kontrolltårn for operasjoner",
        "en": "The operating-theatre control tower",
    },
    "starter_control_tower_message": {
        "no": "Hva var utfordringen i Kontrolltårn for operasjonsplanlegging?",
        "en": "What was the challenge in the control tower for operation planning?",
    },
    "starter_my_declarations": {"no": "Mine erklæringer", "en": "My declarations"},
    "starter_declare": {"no": "Erklær interesser", "en": "Declare interests"},
    "starter_public": {"no": "Andres offentlige interesser", "en": "Others' public interests"},
    "starter_help": {"no": "Hva kan jeg gjøre i registeret?", "en": "What can I do here?"},
    "starter_my_activities": {"no": "Mine aktiviteter", "en": "My activities"},
    "starter_activities": {"no": "Aktiviteter og konfliktsjekk", "en": "Activities and checks"},
    "starter_review_queue": {"no": "Gjennomgangskøen", "en": "The review queue"},
    "starter_people": {"no": "Brukere og organisasjoner", "en": "Users and organisations"},
    "starter_brief": {"no": "Nytt utfordringsnotat", "en": "New challenge brief"},
    # Registry values in words (assistant.chat.registry_markdown.label)
    "label_status_draft": {"no": "utkast", "en": "draft"},
    "label_status_submitted": {"no": "sendt inn", "en": "submitted"},
    "label_status_returned": {"no": "sendt tilbake", "en": "returned"},
    "label_status_resubmitted": {"no": "sendt inn på nytt", "en": "resubmitted"},
    "label_status_approved": {"no": "godkjent", "en": "approved"},
    "label_status_update_required": {"no": "må oppdateres", "en": "update required"},
    "label_status_expired": {"no": "utløpt", "en": "expired"},
    "label_status_withdrawn": {"no": "trukket", "en": "withdrawn"},
    "label_status_none": {"no": "ingen erklæring", "en": "no declaration"},
    "label_decision_no_conflict": {"no": "ingen konflikt", "en": "no conflict"},
    "label_decision_disclose_only": {
        "no": "opplyses om, kan delta",
        "en": "disclosed, may take part",
    },
    "label_decision_discussion_not_decision": {
        "no": "kan diskutere, ikke beslutte",
        "en": "may discuss, not decide",
    },
    "label_decision_recused_from_items": {
        "no": "fratrer enkeltpunkter",
        "en": "recused from some items",
    },
    "label_decision_excluded": {"no": "utelukket fra aktiviteten", "en": "excluded"},
    "label_decision_management_plan": {
        "no": "deltar etter en håndteringsplan",
        "en": "takes part under a management plan",
    },
    "label_decision_divest_or_end": {
        "no": "avvikler interessen",
        "en": "ends the interest",
    },
    "label_outcome_approved": {"no": "godkjent", "en": "approved"},
    "label_outcome_returned": {"no": "sendt tilbake", "en": "returned"},
    "label_severity_none": {"no": "ingen", "en": "none"},
    "label_severity_indirect": {"no": "indirekte", "en": "indirect"},
    "label_severity_direct": {"no": "direkte", "en": "direct"},
    "label_role_partner": {"no": "partner", "en": "partner"},
    "label_role_facilitator": {"no": "fasilitator", "en": "facilitator"},
    "label_role_coordinator": {"no": "koordinator", "en": "coordinator"},
    "label_participant_participant": {"no": "deltaker", "en": "participant"},
    "label_participant_advisor": {"no": "rådgiver", "en": "advisor"},
    "label_participant_decision_maker": {"no": "beslutningstaker", "en": "decision maker"},
    "label_category_employment": {"no": "ansettelse", "en": "employment"},
    "label_category_consulting": {"no": "konsulentoppdrag", "en": "consulting"},
    "label_category_board_or_leading_position": {
        "no": "styreverv eller lederstilling",
        "en": "board or leading position",
    },
    "label_category_ownership": {"no": "eierskap", "en": "ownership"},
    "label_category_paid_activity": {"no": "betalt oppdrag", "en": "paid activity"},
    "label_category_intellectual_property": {
        "no": "immaterielle rettigheter",
        "en": "intellectual property",
    },
    "label_category_research_funding": {
        "no": "forskningsfinansiering",
        "en": "research funding",
    },
    "label_category_travel_or_gifts": {"no": "reiser eller gaver", "en": "travel or gifts"},
    "label_category_secondary_employment": {"no": "bierverv", "en": "secondary employment"},
    "label_category_non_financial": {
        "no": "ikke-økonomisk interesse",
        "en": "non-financial interest",
    },
    "label_category_personal_relationship": {
        "no": "personlig relasjon",
        "en": "personal relationship",
    },
    "label_category_other": {"no": "annet", "en": "other"},
    "label_whose_self": {"no": "egen", "en": "own"},
    "label_whose_spouse_or_partner": {
        "no": "ektefelle eller samboer",
        "en": "spouse or partner",
    },
    "label_whose_child": {"no": "barn", "en": "child"},
    "label_whose_close_relation": {"no": "nær relasjon", "en": "close relation"},
    "label_value_none": {"no": "ingen verdi", "en": "no value"},
    "label_value_up_to_10k": {"no": "inntil 10 000 kr", "en": "up to NOK 10,000"},
    "label_value_10k_to_100k": {
        "no": "10 000–100 000 kr",
        "en": "NOK 10,000–100,000",
    },
    "label_value_100k_to_1m": {"no": "100 000 kr–1 mill. kr", "en": "NOK 100,000–1 million"},
    "label_value_over_1m": {"no": "over 1 mill. kr", "en": "over NOK 1 million"},
    "label_value_unknown": {"no": "ukjent", "en": "unknown"},
    "label_kind_co_creation": {"no": "samskaping", "en": "co-creation"},
    "label_kind_advisory": {"no": "rådgivning", "en": "advisory"},
    "label_kind_evaluation_selection": {
        "no": "evaluering og utvelgelse",
        "en": "evaluation and selection",
    },
    "label_kind_procurement": {"no": "anskaffelse", "en": "procurement"},
    "label_org_hospital_trust": {"no": "helseforetak", "en": "hospital trust"},
    "label_org_municipality": {"no": "kommune", "en": "municipality"},
    "label_org_university": {"no": "universitet", "en": "university"},
    "label_org_company": {"no": "bedrift", "en": "company"},
    "label_org_public_agency": {"no": "offentlig etat", "en": "public agency"},
    "label_org_patient_organisation": {
        "no": "pasientorganisasjon",
        "en": "patient organisation",
    },
    "label_org_other": {"no": "annet", "en": "other"},
    # What a participant may do on an agenda item, and why (the conflict check's minutes)
    "label_verdict_take_part": {"no": "kan delta", "en": "may take part"},
    "label_verdict_take_part_after_disclosing": {
        "no": "deltar etter å ha opplyst om interessen",
        "en": "takes part after disclosing the interest",
    },
    "label_verdict_discuss_not_decide": {
        "no": "diskuterer, beslutter ikke",
        "en": "discusses, does not decide",
    },
    "label_verdict_leave_for_this_item": {
        "no": "fratrer dette punktet",
        "en": "leaves for this item",
    },
    "label_verdict_observe_only": {"no": "kun observatør", "en": "observes only"},
    "label_verdict_excluded": {"no": "utelukket", "en": "excluded"},
    "label_reason_excluded_from_the_activity": {
        "no": "utelukket fra aktiviteten",
        "en": "excluded from the activity",
    },
    "label_reason_recused_by_coordinator": {
        "no": "fratrådt etter koordinatorens beslutning",
        "en": "recused by the coordinator",
    },
    "label_reason_no_current_declaration": {
        "no": "ingen gjeldende erklæring",
        "en": "no current declaration",
    },
    "label_reason_no_declaration": {"no": "ingen erklæring", "en": "no declaration"},
    "label_reason_direct_interest": {"no": "direkte interesse", "en": "direct interest"},
    "label_reason_indirect_interest": {"no": "indirekte interesse", "en": "indirect interest"},
    "label_reason_coordinator_s_decision": {
        "no": "koordinatorens beslutning",
        "en": "the coordinator's decision",
    },
    # What the check recommends for a participant (built from the check's fields, not its text)
    "action_take_part": {"no": "kan delta", "en": "may take part"},
    "action_disclose": {
        "no": "opplyser om interessen ved start; kan delta",
        "en": "discloses the interest at the start; may take part",
    },
    "action_discuss": {
        "no": "kan delta i diskusjonen, ikke i beslutninger",
        "en": "may take part in discussion, not in decisions",
    },
    "action_exclude": {"no": "bør ikke delta i aktiviteten", "en": "should not take part"},
    "action_recuse": {"no": "fratrer: {items}", "en": "recuses from: {items}"},
    "action_observe": {
        "no": "{state}: kan observere, men ikke gi råd eller beslutte før en erklæring er godkjent",
        "en": "{state}: may observe, but not advise or decide until a declaration is approved",
    },
    "action_decided": {
        "no": "{action} (koordinatoren har besluttet: {decision})",
        "en": "{action} (the coordinator decided: {decision})",
    },
    "state_expired_on": {"no": "erklæringen utløp {date}", "en": "declaration expired on {date}"},
    "state_status": {"no": "erklæringen er {status}", "en": "declaration {status}"},
    "ground_topics": {"no": "emner: {topics}", "en": "topics: {topics}"},
    "ground_ended": {"no": "avsluttet {date}", "en": "ended on {date}"},
    "ground_at": {"no": "{category} hos {organisation}", "en": "{category} at {organisation}"},
}
