"""People routes: who am I, everyone's summary, and full records for coordinators."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from assistant.api.deps import CurrentUser, IdPath, SessionDep
from assistant.registry import access, people
from assistant.registry.models import Person, PersonCreate, PersonPublic, PersonSummary

router = APIRouter(tags=["registry"])


@router.get("/me", response_model=PersonPublic)
def me(user: CurrentUser) -> Person:
    """The signed-in user."""
    return user


@router.get("/people", response_model=list[PersonSummary])
def list_people(session: SessionDep, user: CurrentUser) -> list[Any]:
    """Everyone's name, role and organisation (no e-mail addresses)."""
    return people.list_people(session=session)


@router.post("/people", response_model=PersonPublic, status_code=201)
def create_person(session: SessionDep, user: CurrentUser, body: PersonCreate) -> Any:
    """Add a user without a password (coordinators); the CLI sets passwords.

    The organisation goes by `organisation_id`, or by `organisation`: #id, organisation
    number, name or alias, as the CLI's `--org` takes it.
    """
    person = people.create_person_as(session=session, user=user, data=body)
    session.commit()
    return person


@router.get("/people/{person_id}", response_model=PersonPublic)
def get_person(session: SessionDep, user: CurrentUser, person_id: IdPath) -> Any:
    """A person's full record: coordinators, or the person themself."""
    person = people.get_person(session=session, person_id=person_id)
    access.require_self_or_coordinator(user, person_id)
    return person
