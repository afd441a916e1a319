"""Coordinators plan an activity in the chat and see its conflict check; and verify the audit log.

The activity is asked field by field (title, date, kind, organisations, participants), made by
`activities.create_activity_as` (only coordinators name participants), and its conflict check
is shown as the registry's own view for this user, in the same table as `/sjekk`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from pydantic import ValidationError

from assistant.chat.admin_forms import (
    Field,
    ask_field,
    ended,
    in_session,
    organisation_choices,
    permitted,
    pick_many,
)
from assistant.chat.flow import FlowStopped, ask_choice, person_of, send
from assistant.chat.registry_markdown import check_markdown, label, sorry
from assistant.chat.registry_replies import not_allowed
from assistant.errors import ArenaError
from assistant.i18n import Language, say
from assistant.registry import activities, audit, conflict_views, organisations, people
from assistant.registry.db import open_session
from assistant.registry.errors import InvalidInputError, PermissionDeniedError, first_error
from assistant.registry.models import ActivityCreate, ActivityKind, ParticipantIn
from assistant.registry.models.base import check_field
from assistant.services import Services

PLAN_FIELDS = [
    Field(
        "title",
        lambda _s, text: check_field(ActivityCreate, "name", text),
        ((InvalidInputError, "chat_admin_bad_title"),),
    ),
    Field(
        "date",
        lambda _s, text: check_field(ActivityCreate, "starts_on", text),
        ((InvalidInputError, "chat_admin_bad_date"),),
    ),
]


def _people_choices(services: Services, language: Language) -> list[tuple[str, str]]:
    """Every active user as a button: name, and organisation or role to tell names apart."""

    def read(session: Any) -> list[tuple[str, str]]:
        names = {o.id: o.name for o in organisations.list_organisations(session=session)}
        return [
            (
                str(p.id),
                f"{p.name} ({names.get(p.organisation_id) or label('role', p.role, language)})",
            )
            for p in people.list_people(session=session)
            if p.active
        ]

    return in_session(services, read)


def save_activity(services: Services, email: str, answers: dict[str, Any]) -> str:
    """Create the activity as the signed-in user and return its conflict check as Markdown."""
    try:
        data = ActivityCreate(
            name=answers["title"],
            kind=answers["kind"],
            starts_on=answers["date"],
            organisation_ids=[int(i) for i in answers["organisations"]],
            participants=[ParticipantIn(person_id=int(i)) for i in answers["participants"]],
        )
    except ValidationError as exc:
        raise InvalidInputError(first_error(exc)) from None
    with open_session(services.engine) as session:
        user = people.active_person(session=session, email=email)
        activity = activities.create_activity_as(session=session, user=user, data=data)
        session.commit()
        report = conflict_views.conflict_check_for(
            session=session,
            activity_id=activity.id,  # type: ignore[arg-type]
            viewer=user,
            cooling_off_years=services.settings.cooling_off_years,
        )
        language: Language = answers["language"]
        planned = say("chat_admin_planned", language, id=activity.id)
        return f"{planned}\n\n{check_markdown(report, language)}"


async def plan_activity(services: Services, email: str, language: Language) -> None:
    """Ask for the activity, create it, and show who may take part in what, and why."""
    user = await permitted(services, email, language, activities.require_participant_admin)
    if user is None:
        return
    try:
        await send(say("chat_admin_plan_intro", language))
        answers: dict[str, Any] = {"language": language}
        for field in PLAN_FIELDS:
            answers[field.name] = await ask_field(services, field, language)
        kinds = [(kind.value, label("kind", kind, language)) for kind in ActivityKind]
        answers["kind"] = await ask_choice(
            say("chat_admin_ask_activity_kind", language), kinds, language
        )
        orgs = await asyncio.to_thread(organisation_choices, services)
        answers["organisations"] = await pick_many(
            say("chat_admin_ask_organisations", language), orgs, language
        )
        everyone = await asyncio.to_thread(_people_choices, services, language)
        answers["participants"] = await pick_many(
            say("chat_admin_ask_participants", language), everyone, language
        )
        text = await asyncio.to_thread(save_activity, services, email, answers)
    except (FlowStopped, ArenaError) as exc:
        await send(ended(exc, user, language))
        return
    await send(text)


# The audit log ----------------------------------------------------------------------------------


def verify_audit(services: Services, email: str) -> audit.VerifyReport:
    """Recompute the audit chain as the signed-in user (coordinators only)."""
    with open_session(services.engine) as session:
        user = people.active_person(session=session, email=email)
        return audit.verify_chain_as(session, user)


async def check_audit(services: Services, email: str, language: Language) -> None:
    """Tell in plain words whether the audit log is whole, or where it was tampered with."""
    try:
        report = await asyncio.to_thread(verify_audit, services, email)
    except PermissionDeniedError:
        user = await asyncio.to_thread(person_of, services, email)
        await send(not_allowed(user, language))
        return
    except ArenaError as exc:
        await send(sorry(exc, language))
        return
    if report.ok:
        await send(say("chat_admin_audit_ok", language, events=report.events))
        return
    what = say(f"chat_admin_audit_{report.kind or 'edited'}", language)
    await send(say("chat_admin_audit_broken", language, seq=report.first_bad_seq, what=what))
