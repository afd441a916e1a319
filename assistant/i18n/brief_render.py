"""The words of a rendered brief (Markdown and Word): labels, table headers, statuses, no and en.

Section titles are not here: they are part of the brief itself (`Section.title`).
Column lists are one string, names separated by " | ", as the chat's tables have them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.i18n import Strings

BRIEF_RENDER_STRINGS: Strings = {
    # The block under the title
    "brief_render_owners": {"no": "Utfordringseiere", "en": "Challenge owners"},
    "brief_render_kind": {"no": "Type aktivitet", "en": "Kind of activity"},
    "brief_render_date": {"no": "Dato", "en": "Date"},
    "brief_render_version": {"no": "Versjon", "en": "Version"},
    "brief_render_version_value": {
        "no": "{version}, lagret {saved} av {author}",
        "en": "{version}, saved {saved} by {author}",
    },
    "brief_render_mode": {"no": "Modus", "en": "Mode"},
    "brief_render_mode_extractive": {
        "no": "ekstraktiv (avsnittene fra kunnskapsbasen er setninger valgt ut fra kildene, "
        "ikke omskrevet)",
        "en": "extractive (the passages from the knowledge base are sentences selected from "
        "the sources, not rewritten)",
    },
    "brief_render_mode_llm": {
        "no": "skrevet av {model} (hver setning er kontrollert mot kilden den viser til)",
        "en": "written by {model} (every sentence is checked against the source it cites)",
    },
    "brief_render_not_given": {"no": "ikke oppgitt", "en": "not given"},
    "brief_render_not_set": {"no": "ikke fastsatt", "en": "not set"},
    # The activity's kind, as a reader says it
    "brief_render_kind_co-creation": {"no": "samskaping", "en": "co-creation"},
    "brief_render_kind_advisory": {"no": "rådgivning", "en": "advisory"},
    "brief_render_kind_evaluation": {"no": "evaluering", "en": "evaluation"},
    "brief_render_kind_selection": {"no": "utvelgelse", "en": "selection"},
    "brief_render_kind_procurement": {"no": "anskaffelse", "en": "procurement"},
    # An open section
    "brief_render_open": {"no": "Åpent", "en": "Open"},
    "brief_render_open_no_reason": {
        "no": "Verken innspillet eller kunnskapsbasen sier noe om dette ennå.",
        "en": "Neither the input nor the knowledge base says anything about this yet.",
    },
    # The value compass
    "brief_render_compass": {"no": "Verdikompass", "en": "Value compass"},
    "brief_render_compass_columns": {
        "no": "Prinsipp | Forpliktelse | Status | Begrunnelse",
        "en": "Principle | Commitment | Status | Reason",
    },
    "brief_render_compass_none": {
        "no": "Utkastet er ikke sjekket mot verdikompasset.",
        "en": "The draft has not been checked against the value compass.",
    },
    "brief_render_status_met": {"no": "oppfylt", "en": "met"},
    "brief_render_status_warning": {"no": "advarsel", "en": "warning"},
    "brief_render_status_missing": {"no": "mangler", "en": "missing"},
    # Findings and what changed in them
    "brief_render_findings": {"no": "Funn", "en": "Findings"},
    "brief_render_findings_none": {"no": "Ingen funn.", "en": "No findings."},
    "brief_render_severity_info": {"no": "til orientering", "en": "for information"},
    "brief_render_severity_warning": {"no": "advarsel", "en": "warning"},
    "brief_render_severity_blocker": {"no": "blokkerende", "en": "blocker"},
    "brief_render_changes": {"no": "Endringer i funnene", "en": "Changes in the findings"},
    "brief_render_changes_added": {"no": "Nye funn", "en": "New findings"},
    "brief_render_changes_resolved": {"no": "Løste funn", "en": "Resolved findings"},
    "brief_render_changes_none": {
        "no": "Funnene er de samme som i forrige versjon.",
        "en": "The findings are the same as in the previous version.",
    },
    # The conflict check of the participants
    "brief_render_conflicts": {"no": "Habilitetssjekk", "en": "Conflict check"},
    "brief_render_conflict_columns": {
        "no": "Deltaker | Organisasjon | Erklæring | Alvorlighet | Anbefalt tiltak",
        "en": "Participant | Organisation | Declaration | Severity | Recommended action",
    },
    "brief_render_conflicts_none": {
        "no": "Ingen deltakere er oppgitt.",
        "en": "No participants are given.",
    },
    "brief_render_declaration_current": {"no": "gjeldende", "en": "current"},
    "brief_render_declaration_none": {"no": "ingen", "en": "none"},
    "brief_render_declaration_draft": {"no": "utkast", "en": "draft"},
    "brief_render_declaration_submitted": {
        "no": "sendt inn, venter på vurdering",
        "en": "submitted, awaiting review",
    },
    "brief_render_declaration_returned": {
        "no": "sendt tilbake for endring",
        "en": "returned for changes",
    },
    "brief_render_declaration_resubmitted": {
        "no": "sendt inn på nytt, venter på vurdering",
        "en": "resubmitted, awaiting review",
    },
    "brief_render_declaration_approved": {"no": "godkjent", "en": "approved"},
    "brief_render_declaration_update_required": {
        "no": "må oppdateres",
        "en": "awaiting update",
    },
    "brief_render_declaration_expired": {"no": "utløpt", "en": "expired"},
    "brief_render_declaration_withdrawn": {"no": "trukket", "en": "withdrawn"},
    "brief_render_not_registered": {"no": "ikke i registeret", "en": "not in the registry"},
    "brief_render_conflict_severity_none": {"no": "ingen", "en": "none"},
    "brief_render_conflict_severity_indirect": {"no": "indirekte", "en": "indirect"},
    "brief_render_conflict_severity_direct": {"no": "direkte", "en": "direct"},
    "brief_render_conflict_severity_unknown": {"no": "ukjent", "en": "unknown"},
    # The numbered source list
    "brief_render_sources": {"no": "Kilder", "en": "Sources"},
    "brief_render_sources_none": {
        "no": "Ingen avsnitt bygger på kunnskapsbasen.",
        "en": "No passage rests on the knowledge base.",
    },
}
