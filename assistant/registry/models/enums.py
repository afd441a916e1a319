"""The registry's enumerations: kinds, roles, categories, statuses and decisions."""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    hospital_trust = "hospital_trust"
    municipality = "municipality"
    university = "university"
    company = "company"
    public_agency = "public_agency"
    patient_organisation = "patient_organisation"
    other = "other"


class Role(StrEnum):
    partner = "partner"
    facilitator = "facilitator"
    coordinator = "coordinator"


class Whose(StrEnum):
    self = "self"
    spouse_or_partner = "spouse_or_partner"
    child = "child"
    close_relation = "close_relation"


class Category(StrEnum):
    employment = "employment"
    consulting = "consulting"
    board_or_leading_position = "board_or_leading_position"
    ownership = "ownership"
    paid_activity = "paid_activity"
    intellectual_property = "intellectual_property"
    research_funding = "research_funding"
    travel_or_gifts = "travel_or_gifts"
    secondary_employment = "secondary_employment"
    non_financial = "non_financial"
    personal_relationship = "personal_relationship"
    other = "other"


class ValueBand(StrEnum):
    none = "none"
    up_to_10k = "up_to_10k"
    from_10k_to_100k = "10k_to_100k"
    from_100k_to_1m = "100k_to_1m"
    over_1m = "over_1m"
    unknown = "unknown"


class Status(StrEnum):
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    resubmitted = "resubmitted"
    approved = "approved"
    update_required = "update_required"
    expired = "expired"
    withdrawn = "withdrawn"


class Outcome(StrEnum):
    approved = "approved"
    returned = "returned"


class Decision(StrEnum):
    no_conflict = "no_conflict"
    disclose_only = "disclose_only"
    discussion_not_decision = "discussion_not_decision"
    recused_from_items = "recused_from_items"
    excluded = "excluded"
    management_plan = "management_plan"
    divest_or_end = "divest_or_end"


class ActivityKind(StrEnum):
    co_creation = "co_creation"
    advisory = "advisory"
    evaluation_selection = "evaluation_selection"
    procurement = "procurement"


class ParticipantRole(StrEnum):
    participant = "participant"
    advisor = "advisor"
    decision_maker = "decision_maker"


class Severity(StrEnum):
    none = "none"
    indirect = "indirect"
    direct = "direct"
