"""Chat profiles and starters per role and language, and that every starter gets an answer."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import chainlit as cl
import pytest
from sqlmodel import Session

from assistant.chat import profiles
from assistant.chat.commands import parse_flow
from assistant.chat.profiles import (
    BRIEF_COMMAND,
    BRIEFS,
    KNOWLEDGE,
    REGISTRY,
    chat_language,
    profiles_for,
    role_of,
    starter_specs,
    starters_for,
)
from assistant.chat.registry_replies import registry_reply
from assistant.config import Settings
from assistant.i18n import say
from assistant.index.access import Viewer
from assistant.registry import people
from assistant.registry.models import Role
from assistant.services import Services, build_services
from tests.chat.conftest import Arena

KNOWLEDGE_FILES = sorted((Path(__file__).resolve().parents[2] / "knowledge").glob("*.md"))

EMAILS = {Role.partner: "kari@ous.no", Role.facilitator: "frida@arena.no"}
EMAILS[Role.coordinator] = "ola@arena.no"


@pytest.mark.parametrize(
    ("code", "language"),
    [("nb-NO", "no"), ("nb", "no"), ("nn-NO", "no"), ("no", "no"), ("en-US", "en"),
     ("en-GB", "en"), ("EN", "en"), ("de-DE", "en"), ("sv", "en"), ("", "no"), (None, "no")],
)  # fmt: skip
def test_the_browser_language_is_norwegian_for_norwegian_browsers_else_english(
    code: str | None, language: str
) -> None:
    assert chat_language(code) == language


def test_each_role_has_its_profiles() -> None:
    names = {role: [p.name for p in profiles_for(role, "no")] for role in Role}
    assert names[Role.partner] == [KNOWLEDGE, REGISTRY]
    assert names[Role.facilitator] == [KNOWLEDGE, REGISTRY, BRIEFS]
    assert names[Role.coordinator] == [KNOWLEDGE, REGISTRY, BRIEFS]
    assert [p.name for p in profiles_for(None, "no")] == [KNOWLEDGE]  # sign-in off
    (default,) = [p for p in profiles_for(Role.partner, "en") if p.default]
    assert default.display_name == "Knowledge base"
    assert "Arena Assistant" in default.markdown_description


def _messages(profile: str, role: Role | None, language: str = "no") -> list[str]:
    return [s.message for s in starters_for(profile, role, language)]  # type: ignore[arg-type]


def test_each_role_gets_its_own_starters_in_its_language() -> None:
    assert _messages(REGISTRY, Role.partner) == ["/erklær", "/erklæringer", "/offentlig", "/hjelp"]
    assert _messages(REGISTRY, Role.partner, "en") == [
        "/declare",
        "/declarations",
        "/public",
        "/help",
    ]
    facilitator = _messages(REGISTRY, Role.facilitator)
    assert "/sjekk" in facilitator  # my activities
    assert _messages(BRIEFS, Role.facilitator) == [BRIEF_COMMAND]
    assert _messages(REGISTRY, Role.coordinator) == [
        "/erklæringer",  # the review queue
        "/brukere",  # users and organisations, with buttons to add either
        "/planlegg",  # plan an activity and see its check (chat/admin.py)
        "/sjekk",
        "/logg",  # verify the audit log (chat/admin.py)
        "/offentlig",
        "/erklær",  # coordinators declare too
    ]
    # A partner is offered nothing of the facilitator's or the coordinator's.
    assert _messages(BRIEFS, Role.partner) == []
    partner = {s.label for p in profiles_for(Role.partner, "no") for s in p.starters or []}
    assert say("starter_people", "no") not in partner
    assert say("starter_brief", "no") not in partner
    assert say("starter_my_activities", "no") not in partner
    labels = [s.label for s in starters_for(REGISTRY, Role.coordinator, "en")]
    assert labels[:3] == ["The review queue", "Users and organisations", "Plan an activity"]
    norwegian = _messages(KNOWLEDGE, None)
    english = _messages(KNOWLEDGE, None, "en")
    assert norwegian[0] == "Hva er verdikompasset?"
    assert english[0] == "What is the value compass?"


def test_every_registry_starter_gets_a_real_answer_for_its_role(
    login_services: Services, arena: Arena
) -> None:
    """Each starter's message is a command the chat answers, for the role it is offered to;
    a guided flow's word starts that flow in the starter's language instead."""
    for role, email in EMAILS.items():
        for language in ("no", "en"):
            for spec in starter_specs(REGISTRY, role):
                message = spec.message(language)  # type: ignore[arg-type]
                flow = parse_flow(message)
                if flow is not None:  # a guided flow's word (chat/admin.py), in its language
                    assert flow[1] == language, message
                    continue
                reply = registry_reply(login_services, email, message)
                assert reply is not None, message
                # Neither a refusal nor an error ("Beklager..."/"Sorry..."), nor "unknown".
                assert not reply.text.startswith(("Beklager", "Sorry")), (role, message, reply)
                assert "Ukjent kommando" not in reply.text
                assert "Unknown command" not in reply.text
                assert reply.language == language


def test_the_brief_starter_sends_the_brief_flows_command() -> None:
    # The guided brief flow (assistant.chat.briefs) answers "/brief"; this names it once.
    (brief,) = starter_specs(BRIEFS, Role.facilitator)
    assert brief.message("no") == brief.message("en") == "/brief"


def test_the_role_is_read_afresh_and_an_inactive_user_gets_none(
    login_services: Services, arena: Arena, session: Session
) -> None:
    assert role_of(login_services, "kari@ous.no") == Role.partner
    kari = people.get_person(session=session, person_id=arena.world.partner)
    kari.role = Role.facilitator
    session.add(kari)
    session.commit()
    assert role_of(login_services, "kari@ous.no") == Role.facilitator
    people.deactivate_person(session=session, person=kari, actor="test")
    session.commit()
    assert role_of(login_services, "kari@ous.no") is None
    assert role_of(login_services, "nobody@arena.no") is None
    assert role_of(login_services, None) is None


def test_without_sign_in_there_is_no_role(services: Services, arena: Arena) -> None:
    assert role_of(services, "ola@arena.no") is None


def test_chainlit_gets_the_users_profiles_in_the_browser_language(
    login_services: Services, arena: Arena, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(profiles, "get_services", lambda: login_services)
    coordinator = cl.User(identifier="ola@arena.no")

    found = asyncio.run(profiles.chat_profiles(coordinator, "en-GB"))
    assert [p.display_name for p in found] == ["Knowledge base", "Interest registry", "Challenge briefs"]  # fmt: skip
    partner = asyncio.run(profiles.chat_profiles(cl.User(identifier="kari@ous.no"), "nb-NO"))
    assert [p.display_name for p in partner] == ["Kunnskapsbasen", "Interesseregisteret"]
    anonymous = asyncio.run(profiles.chat_profiles(None, "nb-NO"))
    assert [p.name for p in anonymous] == [KNOWLEDGE]
    starters = asyncio.run(profiles.starters(None, "en-US"))
    assert starters[0].message == "What is the value compass?"


@pytest.fixture(scope="module")
def knowledge_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The starter knowledge (what `make run` ingests) with the real embedding model."""
    settings = Settings(_env_file=None, data_dir=tmp_path_factory.mktemp("knowledge"))  # type: ignore[call-arg]
    services = build_services(settings)
    report = services.indexer.ingest(KNOWLEDGE_FILES)
    assert report.ok, report.failed
    yield services
    services.store.engine.dispose()


@pytest.mark.slow
def test_every_knowledge_starter_is_answered_from_the_starter_knowledge(
    knowledge_services: Services,
) -> None:
    """The questions the landing offers are answered, with sources, in both languages."""
    chain = knowledge_services.answer_chain()
    for language in ("no", "en"):
        for spec in starter_specs(KNOWLEDGE, None):
            question = spec.message(language)  # type: ignore[arg-type]
            answer = chain.invoke(question, viewer=Viewer.anonymous())
            assert not answer.abstained, (question, answer.text)
            assert answer.citations, question
