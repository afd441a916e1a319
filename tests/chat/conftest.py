"""Fixtures for the registry in the chat: a seeded SQLite registry behind real services."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlmodel import Session

from assistant.config import Settings
from assistant.registry import activities, declarations, people, reviews
from assistant.registry.db import ensure_schema
from assistant.registry.models import (
    ActivityCreate,
    ActivityKind,
    AgendaItemIn,
    Category,
    Decision,
    InterestCreate,
    Outcome,
    ParticipantIn,
    ParticipantRole,
    PersonCreate,
    ReviewCreate,
    Role,
    ValueBand,
)
from assistant.services import Services, build_services
from tests.registry.conftest import World, seed_world

PASSWORD = "correct horse battery"


@pytest.fixture
def chainlit_context() -> Iterator[None]:
    """The one thing Chainlit's elements read from a running chat: the thread they belong to."""
    from types import SimpleNamespace

    from chainlit.context import context_var

    token = context_var.set(SimpleNamespace(session=SimpleNamespace(thread_id="thread-1")))  # type: ignore[arg-type]
    yield
    context_var.reset(token)


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """Real services on SQLite under tmp_path, anonymous chat (ARENA_CHAT_LOGIN=false)."""
    services = build_services(settings.model_copy(update={"chat_login": False}))
    ensure_schema(services.engine)
    yield services
    services.engine.dispose()


@pytest.fixture
def login_services(settings: Settings, services: Services) -> Services:
    """The same database with ARENA_CHAT_LOGIN on."""
    return build_services(settings.model_copy(update={"chat_login": True}), engine=services.engine)


@pytest.fixture
def session(services: Services) -> Iterator[Session]:
    with Session(services.engine, expire_on_commit=False) as session:
        yield session


@dataclass
class Arena:
    """The seeded world plus the records the chat commands show."""

    world: World
    approved: int  # Kari's approved declaration (publishable board seat at Medtek)
    waiting: int  # Per's submitted declaration (a private employment)
    activity: int  # a procurement run by Frida with Kari deciding


@pytest.fixture
def arena(session: Session) -> Arena:
    world = seed_world(session)
    coordinator = people.get_person(session=session, person_id=world.coordinator)
    kari = declarations.create_declaration(
        session=session,
        person_id=world.partner,
        interests=[
            InterestCreate(
                category=Category.board_or_leading_position,
                organisation_id=world.medtek,
                position="board member",
                topics=["sensors"],
                description="Kari's private note",
                value_band=ValueBand.from_100k_to_1m,
                publishable=True,
            )
        ],
        actor="test",
    )
    declarations.submit_declaration(session=session, declaration_id=kari.id, actor="test")  # type: ignore[arg-type]
    reviews.review_declaration(
        session=session,
        declaration_id=kari.id,  # type: ignore[arg-type]
        reviewer=coordinator,
        data=ReviewCreate(
            version=kari.version,
            outcome=Outcome.approved,
            decision=Decision.disclose_only,
            reasoning="Board seat disclosed",
        ),
        valid_months=12,
    )
    per = declarations.create_declaration(
        session=session,
        person_id=world.partner2,
        interests=[
            InterestCreate(
                category=Category.employment,
                organisation_id=world.kommune,
                value_band=ValueBand.over_1m,
                publishable=False,
            )
        ],
        actor="test",
    )
    declarations.submit_declaration(session=session, declaration_id=per.id, actor="test")  # type: ignore[arg-type]
    activity = activities.create_activity(
        session=session,
        data=ActivityCreate(
            name="Sensor procurement",
            kind=ActivityKind.procurement,
            facilitator_id=world.facilitator,
            organisation_ids=[world.ous, world.medtek],
            participants=[
                ParticipantIn(person_id=world.partner, role=ParticipantRole.decision_maker)
            ],
            agenda=[
                AgendaItemIn(title="Market dialogue"),
                AgendaItemIn(title="Award the contract", decision=True),
            ],
        ),
        actor="test",
    )
    session.commit()
    return Arena(world, kari.id, per.id, activity.id)  # type: ignore[arg-type]


def add_user(session: Session, email: str, role: Role, password: str | None = PASSWORD) -> int:
    person = people.create_person(
        session=session,
        data=PersonCreate(name=email.split("@")[0].title(), email=email, role=role),
        actor="test",
        password=password,
    )
    session.commit()
    return person.id  # type: ignore[return-value]
