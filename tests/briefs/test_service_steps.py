"""The brief service checked one input at a time, as the chat asks step by step."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from assistant.registry import people
from assistant.registry.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from assistant.services import Services
from tests.registry.conftest import World


def test_a_field_is_cleaned_or_refused_as_a_draft_would(brief_services: Services) -> None:
    briefs = brief_services.briefs
    assert briefs.check_field("title", "  Bedre   søvn ") == "Bedre søvn"
    assert briefs.check_field("date", "2027-03-01") == dt.date(2027, 3, 1)
    assert briefs.check_field("kind", "Co_Creation").value == "co-creation"
    with pytest.raises(InvalidInputError, match=r"^title: "):
        briefs.check_field("title", "ab")
    with pytest.raises(InvalidInputError, match=r"^date: "):
        briefs.check_field("date", "2027-13-45")
    with pytest.raises(InvalidInputError, match=r"^need: "):
        briefs.check_field("need", "for kort")
    with pytest.raises(InvalidInputError, match="no field 'budget'"):
        briefs.check_field("budget", "1 mill")


def test_organisations_resolve_to_their_names_and_an_unknown_one_is_named(
    brief_services: Services, world: World
) -> None:
    briefs = brief_services.briefs
    assert briefs.check_organisations(["OUS", "993467049", "Medtek"]) == [
        "Oslo universitetssykehus HF",
        "Medtek AS",
    ]
    with pytest.raises(NotFoundError, match="Organisation 'Ukjent Helse AS' in the brief"):
        briefs.check_organisations(["OUS", "Ukjent Helse AS"])


def test_participants_are_registered_e_mails_or_free_names(
    brief_services: Services, world: World
) -> None:
    briefs = brief_services.briefs
    assert briefs.check_participants(["kari@ous.no", "Nils Nordmann", "Nils Nordmann"]) == [
        "kari@ous.no",
        "Nils Nordmann",
    ]
    with pytest.raises(NotFoundError, match=r"Unknown participant 'nobody@nowhere\.no'"):
        briefs.check_participants(["nobody@nowhere.no"])


def test_only_facilitators_and_coordinators_may_start_a_brief(
    brief_services: Services, session: Session, world: World
) -> None:
    briefs = brief_services.briefs
    briefs.require_drafter(people.get_person(session=session, person_id=world.facilitator))
    briefs.require_drafter(people.get_person(session=session, person_id=world.coordinator))
    with pytest.raises(PermissionDeniedError, match="you are partner"):
        briefs.require_drafter(people.get_person(session=session, person_id=world.partner))
