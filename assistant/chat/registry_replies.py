"""The chat's replies to registry commands: the signed-in user, the registry's services, Markdown.

Every command calls the same service functions and access checks as the CLI and the API
(`registry.service`, `registry.access`, `registry.conflict_views`); this module only picks the
records and hands them to `registry_markdown`. It takes `Services` and needs no Chainlit, so
it is tested without a server.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from sqlmodel import Session

from assistant.chat.commands import Command, command_id, parse_command
from assistant.chat.registry_markdown import (
    activities_markdown,
    check_markdown,
    decision_label,
    declaration_markdown,
    help_markdown,
    interests_markdown,
    label,
    own_declarations_markdown,
    people_markdown,
    public_markdown,
    sorry,
    waiting_markdown,
)
from assistant.i18n import Language, say
from assistant.registry import (
    access,
    activities,
    conflict_views,
    declarations,
    organisations,
    people,
    reports,
    reviews,
)
from assistant.registry.db import open_session
from assistant.registry.errors import (
    AuthenticationError,
    InvalidInputError,
    PermissionDeniedError,
    RegistryError,
    StaleVersionError,
    first_error,
)
from assistant.registry.models import Decision, Outcome, Person, ReviewCreate, Role, Status
from assistant.registry.workflow import UNDER_REVIEW
from assistant.services import Services


@dataclass(frozen=True)
class ReviewTarget:
    """The declaration and the version the coordinator saw, for the decision buttons."""

    declaration_id: int
    version: int


@dataclass(frozen=True)
class Reply:
    """What the chat sends back: Markdown, and decision buttons when a review is open."""

    text: str
    review: ReviewTarget | None = None
    language: Language = "no"
    offers: tuple[str, ...] = ()  # the flows to offer as buttons under it (chat/admin.py)


def signed_in_person(session: Session, email: str, language: Language) -> Person:
    """The registry user behind a chat login, read afresh so role changes apply at once."""
    person = people.get_person_by_email(session=session, email=email)
    if not person.active:
        raise AuthenticationError(say("chat_deactivated", language, email=email))
    return person


# One function per command (a session and the signed-in person in, Markdown out) -------------


def declarations_reply(session: Session, user: Person, language: Language) -> str:
    """Coordinators: declarations awaiting review. Everyone else: their own declarations."""
    declarations.expire_overdue(session=session)
    if access.is_coordinator(user):
        waiting = [
            d for d in declarations.list_declarations(session=session) if d.status in UNDER_REVIEW
        ]
        if not waiting:
            return waiting_markdown([], {}, language)
        names = {p.id: p.name for p in people.list_people(session=session)}
        return waiting_markdown(waiting, names, language)
    own = declarations.list_declarations(session=session, person_id=user.id)
    current = declarations.open_declaration(session=session, person_id=user.id) if own else None  # type: ignore[arg-type]
    interests = _interests(session, current.id, language) if current is not None else ""  # type: ignore[arg-type]
    can_submit = current is not None and current.status in (
        Status.draft,
        Status.returned,
        Status.update_required,
    )
    return own_declarations_markdown(own, current, interests, can_submit, language)


def _interests(session: Session, declaration_id: int, language: Language) -> str:
    interests = declarations.interests_of(session=session, declaration_id=declaration_id)
    if not interests:
        return interests_markdown([], {}, language)
    names = {o.id: o.name for o in organisations.list_organisations(session=session)}
    return interests_markdown(interests, names, language)


def review_reply(session: Session, user: Person, declaration_id: int, language: Language) -> Reply:
    """A declaration in full for a coordinator, with buttons when it awaits review."""
    access.require_role(user, Role.coordinator)
    declarations.expire_overdue(session=session)
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    access.require_declaration_access(user, declaration)
    person = people.get_person(session=session, person_id=declaration.person_id)
    organisation = None
    if person.organisation_id is not None:
        organisation = organisations.get_organisation(
            session=session, organisation_id=person.organisation_id
        ).name
    interests = _interests(session, declaration_id, language)
    declaration_reviews = reviews.reviews_of(session=session, declaration_id=declaration_id)
    parts = declaration_markdown(
        declaration, person.name, organisation, interests, declaration_reviews, language
    )
    if declaration.person_id == user.id:
        parts.append(say("chat_own_review", language))
        return Reply("\n\n".join(parts))
    if declaration.status not in UNDER_REVIEW:
        status = label("status", declaration.status, language)
        parts.append(say("chat_not_under_review", language, status=status))
        return Reply("\n\n".join(parts))
    parts.append(say("chat_choose", language))
    return Reply("\n\n".join(parts), ReviewTarget(declaration_id, declaration.version))


def check_reply(
    session: Session, user: Person, activity_id: int, cooling_off_years: int, language: Language
) -> str:
    """The conflict check of an activity as this user may see it (coordinators, facilitator)."""
    report = conflict_views.conflict_check_for(
        session=session, activity_id=activity_id, viewer=user, cooling_off_years=cooling_off_years
    )
    return check_markdown(report, language)


def activities_reply(session: Session, user: Person, language: Language) -> str:
    """The activities whose conflict check this user may see (the same rule as /check)."""
    rows = []
    for activity in activities.list_activities(session=session):
        try:
            access.require_activity_check(user, activity)
        except PermissionDeniedError:
            continue
        public = activities.activity_public(session=session, activity=activity)
        kind = label("kind", public.kind, language)
        rows.append([public.id, public.name, kind, len(public.participants), len(public.agenda)])
    return activities_markdown(rows, language)


def public_reply(session: Session, user: Person, language: Language) -> str:
    """Others' approved, publishable interests: organisation, position, category; no amounts."""
    rows = [
        [s.person_name, s.organisation_name, s.position, label("category", s.category, language)]
        for s in reports.public_summary(session=session)
        if s.person_id != user.id
    ]
    return public_markdown(rows, language)


def step_reply(session: Session, user: Person, command: Command) -> str:
    """Submit or withdraw one's own declaration (coordinators: anyone's), as the API allows."""
    declaration_id = command_id(command)
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    access.require_declaration_access(user, declaration)
    step = (
        declarations.submit_declaration
        if command.name == "submit"
        else declarations.withdraw_declaration
    )
    declaration = step(session=session, declaration_id=declaration_id, actor=user.email)
    status = label("status", declaration.status, command.language)
    return say("chat_now", command.language, id=declaration.id, status=status)


def people_reply(session: Session, user: Person, language: Language) -> str:
    """Coordinators: every user with role and organisation, then every organisation."""
    access.require_role(user, Role.coordinator)
    organisations_ = organisations.list_organisations(session=session)
    names = {o.id: o.name for o in organisations_}
    users = [
        [
            p.name,
            p.email,
            label("role", p.role, language),
            names.get(p.organisation_id),
            p.active,
        ]
        for p in people.list_people(session=session)
    ]
    orgs = [
        [o.name, label("org", o.kind, language), ", ".join(o.aliases or []), o.org_number]
        for o in organisations_
    ]
    return people_markdown(users, orgs, language)


def help_reply(user: Person, language: Language) -> str:
    """The commands this user's role can use."""
    may_check = user.role in (Role.coordinator, Role.facilitator)
    return help_markdown(access.is_coordinator(user), may_check, language)


def _dispatch(session: Session, services: Services, user: Person, command: Command) -> Reply:
    language = command.language
    match command.name:
        case "declarations":
            return Reply(declarations_reply(session, user, language))
        case "check" if not command.args:
            plan = ("plan",) if access.is_coordinator(user) else ()
            return Reply(activities_reply(session, user, language), offers=plan)
        case "check":
            years = services.settings.cooling_off_years
            return Reply(check_reply(session, user, command_id(command), years, language))
        case "public":
            return Reply(public_reply(session, user, language))
        case "review":
            return review_reply(session, user, command_id(command), language)
        case "submit" | "withdraw":
            return Reply(step_reply(session, user, command))
        case "people":
            offers = ("add_person", "add_organisation")
            return Reply(people_reply(session, user, language), offers=offers)
        case "help":
            return Reply(help_reply(user, language))
        case _:
            return Reply(say("chat_unknown", language, word=command.word))


# Entry points -------------------------------------------------------------------------------


def run_command(services: Services, email: str, command: Command) -> Reply:
    """Run one command for the signed-in user; registry errors become one polite line."""
    try:
        with open_session(services.engine) as session:
            user = signed_in_person(session, email, command.language)
            try:
                reply = _dispatch(session, services, user, command)
            except PermissionDeniedError:
                return Reply(not_allowed(user, command.language), language=command.language)
            # Listing applies expiry and steps change status: commit like the CLI and API do.
            session.commit()
        return Reply(reply.text, reply.review, command.language, reply.offers)
    except RegistryError as exc:
        return Reply(sorry(exc, command.language), language=command.language)


def not_allowed(user: Person, language: Language) -> str:
    """A refusal in the user's words: the service said no, whatever the message was."""
    return say("chat_not_allowed", language, role=label("role", user.role, language))


def registry_reply(
    services: Services, email: str | None, text: str, command: str | None = None
) -> Reply | None:
    """The answer to a chat message if it is a registry command, else None.

    Without sign-in there is nobody to check access for, so commands only explain how
    to turn it on; ordinary questions still go to the knowledge chain.
    """
    parsed = parse_command(text, command)
    if parsed is None:
        return None
    if not services.settings.chat_login:
        return Reply(say("chat_login_off", parsed.language), language=parsed.language)
    if not email:
        return Reply(say("chat_not_signed_in", parsed.language), language=parsed.language)
    return run_command(services, email, parsed)


def apply_review(
    services: Services,
    email: str,
    target: ReviewTarget,
    outcome: Outcome,
    decision: Decision | None,
    reasoning: str,
    language: Language,
) -> str:
    """Record a coordinator's decision through the service layer; a stale version says so."""
    choice = decision_label(outcome, decision, language)
    try:
        with open_session(services.engine) as session:
            user = signed_in_person(session, email, language)
            if not access.is_coordinator(user):  # the same rule as require_role, in words
                return not_allowed(user, language)
            try:
                data = ReviewCreate(
                    version=target.version,
                    outcome=outcome,
                    decision=decision,
                    reasoning=reasoning,
                )
            except ValidationError as exc:
                raise InvalidInputError(first_error(exc)) from None
            review = reviews.review_declaration(
                session=session,
                declaration_id=target.declaration_id,
                reviewer=user,
                data=data,
                valid_months=services.settings.declaration_valid_months,
            )
            session.commit()
            declaration = declarations.get_declaration(
                session=session, declaration_id=target.declaration_id
            )
    except StaleVersionError as exc:
        return say("chat_stale", language, error=exc, id=target.declaration_id)
    except RegistryError as exc:
        return sorry(exc, language)
    return say(
        "chat_reviewed",
        language,
        id=target.declaration_id,
        status=label("status", declaration.status, language),
        review=review.id,
        choice=choice,
    )
