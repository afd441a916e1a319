"""The registry in the chat: password sign-in and slash commands over the registry's services.

Every command calls the same service functions and access checks as the CLI and the API
(`registry.declarations`, `registry.reviews`, `registry.access`, `registry.conflicts`, ...);
this module only parses commands, renders Markdown and talks to Chainlit. The pure part
(`parse_command`, `run_command`, `apply_review`, `authenticate`) takes `Services` and is
tested without a server; the Chainlit glue at the bottom only moves text and buttons.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import chainlit as cl
from pydantic import ValidationError
from sqlmodel import Session

from assistant.config import Settings
from assistant.factory import Services, get_services
from assistant.registry import access, activities, conflicts
from assistant.registry.db import open_session
from assistant.registry.declarations import (
    expire_overdue,
    get_declaration,
    interests_of,
    list_declarations,
    open_declaration,
    submit_declaration,
    withdraw_declaration,
)
from assistant.registry.errors import (
    AuthenticationError,
    InvalidInputError,
    PermissionDeniedError,
    RegistryError,
    StaleVersionError,
    first_error,
)
from assistant.registry.models import Decision, Outcome, Person, ReviewCreate, Role, Status
from assistant.registry.organisations import get_organisation, list_organisations
from assistant.registry.people import (
    authenticate_password,
    get_person,
    get_person_by_email,
    list_people,
)
from assistant.registry.reports import public_summary
from assistant.registry.reviews import review_declaration, reviews_of
from assistant.registry.workflow import UNDER_REVIEW

logger = logging.getLogger(__name__)

Language = Literal["no", "en"]
AUTH_SECRET_ENV = "CHAINLIT_AUTH_SECRET"
AUTH_SECRET_FILE = "chainlit_auth_secret"
REVIEW_ACTION = "registry_review"
REASONING_TIMEOUT = 600  # seconds a coordinator has to write the reasoning

# Command word -> (canonical command, language of the reply).
ALIASES: dict[str, tuple[str, Language]] = {
    "erklæringer": ("declarations", "no"),
    "erklaeringer": ("declarations", "no"),
    "declarations": ("declarations", "en"),
    "sjekk": ("check", "no"),
    "check": ("check", "en"),
    "offentlig": ("public", "no"),
    "public": ("public", "en"),
    "gjennomgå": ("review", "no"),
    "gjennomga": ("review", "no"),
    "review": ("review", "en"),
    "send": ("submit", "no"),
    "submit": ("submit", "en"),
    "trekk": ("withdraw", "no"),
    "withdraw": ("withdraw", "en"),
    "hjelp": ("help", "no"),
    "help": ("help", "en"),
}
# What the chat's composer offers (Norwegian first, as the welcome page is).
UI_COMMANDS = [
    ("erklæringer", "Mine erklæringer, eller de som venter på gjennomgang", "file-text"),
    ("sjekk", "Konfliktsjekk av en aktivitet: /sjekk ID", "shield-alert"),
    ("offentlig", "Offentlig oversikt over andres godkjente interesser", "users"),
    ("gjennomgå", "Gjennomgå en erklæring (koordinatorer): /gjennomgå ID", "gavel"),
    ("hjelp", "Registerkommandoene", "circle-help"),
]
_COMMAND = re.compile(r"^/(\w+)(?:\s+(.*))?$", re.DOTALL)

_LABELS: dict[Language, dict[str, str]] = {
    "no": {
        "sorry": "Beklager: {error}",
        "login_off": (
            "Registeret krever innlogging, og innlogging er slått av i denne chatten. "
            "Be driftsansvarlig starte appen med `ARENA_CHAT_LOGIN=true`, eller bruk "
            "`arena registry ...` på kommandolinjen eller REST-API-et under `/api/v1`."
        ),
        "not_signed_in": "Logg inn for å bruke registeret.",
        "unknown": "Ukjent kommando `/{word}`. `/hjelp` viser registerkommandoene.",
        "need_id": "Oppgi et nummer, for eksempel `/{word} 12`.",
        "none_waiting": "Ingen erklæringer venter på gjennomgang.",
        "waiting": "### Erklæringer som venter på gjennomgang",
        "open_with": "Åpne en med `/gjennomgå ID`.",
        "no_own": (
            "Du har ingen erklæringer ennå. Lag en med `arena registry declare` eller "
            "`POST /api/v1/declarations`."
        ),
        "own": "### Mine erklæringer",
        "current": "#### Interesser i erklæring {id} ({status})",
        "no_interests": "Erklæringen har ingen interesser.",
        "submit_hint": "Send den til gjennomgang med `/send {id}`.",
        "declaration": "### Erklæring {id}: {name}",
        "state": "Status **{status}**, versjon {version}{org}.",
        "reviews": "#### Tidligere vurderinger",
        "own_review": "Du kan ikke gjennomgå din egen erklæring.",
        "not_under_review": "Den er {status}, så den venter ikke på gjennomgang.",
        "choose": "Velg en beslutning nedenfor; du blir spurt om begrunnelsen.",
        "ask_reasoning": "Begrunnelse for erklæring {id} ({choice})?",
        "no_reasoning": "Ingen begrunnelse kom, så ingenting er registrert.",
        "reviewed": "Erklæring {id} er nå **{status}** (vurdering {review}: {choice}).",
        "stale": "⚠️ Ikke registrert: {error} Åpne den på nytt med `/gjennomgå {id}`.",
        "bad_button": "Den knappen gjelder ikke lenger; åpne erklæringen på nytt.",
        "now": "Erklæring {id} er nå **{status}**.",
        "check": "### Konfliktsjekk: {activity} ({kind}), {date}",
        "item": "#### {position}. {title}{decision}",
        "decision_item": " (beslutning)",
        "no_activities": "Ingen aktiviteter du kan sjekke.",
        "activities": "### Aktiviteter du kan sjekke",
        "check_with": "Sjekk en med `/sjekk ID`.",
        "public": "### Andres godkjente, offentlige interesser",
        "no_public": "Ingen godkjente, offentlige interesser ennå.",
        "approve": "Godkjenn: {decision}",
        "return": "Send tilbake til revisjon",
        "help": "### Registerkommandoer\n",
        "help_declarations": "`/erklæringer` – mine erklæringer",
        "help_declarations_coordinator": "`/erklæringer` – erklæringer som venter på gjennomgang",
        "help_public": "`/offentlig` – andres godkjente, offentlige interesser (uten beløp)",
        "help_check": "`/sjekk [ID]` – konfliktsjekk med referat per agendapunkt",
        "help_review": "`/gjennomgå ID` – vis en erklæring og avgjør den",
        "help_submit": "`/send ID`, `/trekk ID` – send inn eller trekk en erklæring",
        "help_english": "Engelske navn virker også: /declarations, /check, /public, /review.",
    },
    "en": {
        "sorry": "Sorry: {error}",
        "login_off": (
            "The registry needs you to sign in, and sign-in is off in this chat. "
            "Ask whoever runs the app to start it with `ARENA_CHAT_LOGIN=true`, or use "
            "`arena registry ...` on the command line or the REST API under `/api/v1`."
        ),
        "not_signed_in": "Sign in to use the registry.",
        "unknown": "Unknown command `/{word}`. `/help` lists the registry commands.",
        "need_id": "Give a number, for example `/{word} 12`.",
        "none_waiting": "No declarations are awaiting review.",
        "waiting": "### Declarations awaiting review",
        "open_with": "Open one with `/review ID`.",
        "no_own": (
            "You have no declarations yet. Start one with `arena registry declare` or "
            "`POST /api/v1/declarations`."
        ),
        "own": "### My declarations",
        "current": "#### Interests in declaration {id} ({status})",
        "no_interests": "The declaration has no interests.",
        "submit_hint": "Submit it for review with `/submit {id}`.",
        "declaration": "### Declaration {id}: {name}",
        "state": "Status **{status}**, version {version}{org}.",
        "reviews": "#### Earlier reviews",
        "own_review": "You cannot review your own declaration.",
        "not_under_review": "It is {status}, so it is not awaiting review.",
        "choose": "Choose a decision below; you will be asked for the reasoning.",
        "ask_reasoning": "Reasoning for declaration {id} ({choice})?",
        "no_reasoning": "No reasoning came, so nothing was recorded.",
        "reviewed": "Declaration {id} is now **{status}** (review {review}: {choice}).",
        "stale": "⚠️ Not recorded: {error} Open it again with `/review {id}`.",
        "bad_button": "That button no longer applies; open the declaration again.",
        "now": "Declaration {id} is now **{status}**.",
        "check": "### Conflict check: {activity} ({kind}), {date}",
        "item": "#### {position}. {title}{decision}",
        "decision_item": " (decision)",
        "no_activities": "No activities you may check.",
        "activities": "### Activities you may check",
        "check_with": "Check one with `/check ID`.",
        "public": "### Others' approved, publishable interests",
        "no_public": "No approved, publishable interests yet.",
        "approve": "Approve: {decision}",
        "return": "Return for revision",
        "help": "### Registry commands\n",
        "help_declarations": "`/declarations` – my declarations",
        "help_declarations_coordinator": "`/declarations` – declarations awaiting review",
        "help_public": "`/public` – others' approved, publishable interests (no amounts)",
        "help_check": "`/check [ID]` – conflict check with minutes per agenda item",
        "help_review": "`/review ID` – show a declaration and decide on it",
        "help_submit": "`/submit ID`, `/withdraw ID` – submit or withdraw a declaration",
        "help_english": "Norwegian names work too: /erklæringer, /sjekk, /offentlig, /gjennomgå.",
    },
}
_HEADERS: dict[Language, dict[str, list[str]]] = {
    "no": {
        "waiting": ["ID", "Person", "Status", "Versjon", "Sendt inn"],
        "own": ["ID", "Status", "Versjon", "Godkjent", "Utløper"],
        "interests": [
            "Kategori",
            "Hvem",
            "Motpart",
            "Rolle",
            "Emner",
            "Verdi",
            "Fra",
            "Til",
            "Offentlig",
        ],
        "reviews": ["Dato", "Utfall", "Beslutning", "Begrunnelse"],
        "findings": ["Person", "Rolle", "Erklæring", "Alvorlighet", "Treff", "Anbefalt"],
        "rulings": ["Person", "Kan", "Hvorfor"],
        "activities": ["ID", "Aktivitet", "Type", "Deltakere", "Agendapunkter"],
        "public": ["Person", "Organisasjon", "Rolle", "Kategori"],
    },
    "en": {
        "waiting": ["ID", "Person", "Status", "Version", "Submitted"],
        "own": ["ID", "Status", "Version", "Approved", "Expires"],
        "interests": [
            "Category",
            "Whose",
            "Counterpart",
            "Position",
            "Topics",
            "Value",
            "From",
            "To",
            "Public",
        ],
        "reviews": ["Date", "Outcome", "Decision", "Reasoning"],
        "findings": ["Person", "Role", "Declaration", "Severity", "Evidence", "Recommended"],
        "rulings": ["Person", "May", "Why"],
        "activities": ["ID", "Activity", "Kind", "Participants", "Agenda items"],
        "public": ["Person", "Organisation", "Position", "Category"],
    },
}


# Parsing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """A registry command from the chat: canonical name, the word typed, its arguments."""

    name: str
    word: str
    args: list[str] = field(default_factory=list)
    language: Language = "no"


def parse_command(text: str, command: str | None = None) -> Command | None:
    """The registry command in a message, or None when it is an ordinary question.

    `command` is the id Chainlit sends when the user picked a command in the composer;
    then `text` holds only the arguments. A typed `/word` we don't know is still ours
    (answered with help), but a composer command we don't know belongs to someone else.
    """
    if command:
        known = ALIASES.get(command.strip().lower())
        if known is None:
            return None
        return Command(known[0], command.strip().lower(), text.split(), known[1])
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    word = match.group(1).lower()
    args = (match.group(2) or "").split()
    name, language = ALIASES.get(word, ("unknown", "no"))
    return Command(name, word, args, language)


def _id_arg(command: Command) -> int:
    text = command.args[0].lstrip("#") if command.args else ""
    if not text.isdigit() or not 1 <= int(text) <= 2**31 - 1:
        raise InvalidInputError(_LABELS[command.language]["need_id"].format(word=command.word))
    return int(text)


# Markdown --------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    """One table cell: empty for None, no pipes or line breaks to break the table."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return " ".join(str(value).replace("|", "\\|").split())


def markdown_table(headers: list[str], rows: list[list[Any]]) -> str:
    """A GitHub-flavoured Markdown table, as the chat renders it."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _sorry(exc: Exception, language: Language) -> str:
    # Our errors already say what to do next; the chat shows them as one polite line.
    return _LABELS[language]["sorry"].format(error=" ".join(str(exc).split()))


# Commands (pure: a session and the signed-in person in, Markdown out) ----------------------


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


def signed_in_person(session: Session, email: str) -> Person:
    """The registry user behind a chat login, read afresh so role changes apply at once."""
    person = get_person_by_email(session=session, email=email)
    if not person.active:
        raise AuthenticationError(f"The user {email} is deactivated")
    return person


def declarations_markdown(session: Session, user: Person, language: Language) -> str:
    """Coordinators: declarations awaiting review. Everyone else: their own declarations."""
    labels, headers = _LABELS[language], _HEADERS[language]
    expire_overdue(session=session)
    if access.is_coordinator(user):
        waiting = [d for d in list_declarations(session=session) if d.status in UNDER_REVIEW]
        if not waiting:
            return labels["none_waiting"]
        people = {p.id: p for p in list_people(session=session)}
        rows = [
            [d.id, people[d.person_id].name, d.status, d.version, d.submitted_at] for d in waiting
        ]
        table = markdown_table(headers["waiting"], rows)
        return f"{labels['waiting']}\n\n{table}\n\n{labels['open_with']}"
    own = list_declarations(session=session, person_id=user.id)
    if not own:
        return labels["no_own"]
    rows = [[d.id, d.status, d.version, d.approved_at, d.expires_at] for d in own]
    parts = [labels["own"], markdown_table(headers["own"], rows)]
    current = open_declaration(session=session, person_id=user.id)  # type: ignore[arg-type]
    if current is not None:
        parts.append(labels["current"].format(id=current.id, status=current.status))
        parts.append(_interests_table(session, current.id, language))  # type: ignore[arg-type]
        if current.status in (Status.draft, Status.returned, Status.update_required):
            parts.append(labels["submit_hint"].format(id=current.id))
    return "\n\n".join(parts)


def _interests_table(session: Session, declaration_id: int, language: Language) -> str:
    interests = interests_of(session=session, declaration_id=declaration_id)
    if not interests:
        return _LABELS[language]["no_interests"]
    names = {o.id: o.name for o in list_organisations(session=session)}
    rows = [
        [
            i.category,
            i.whose,
            names.get(i.organisation_id),
            i.position,
            i.topics,
            i.value_band,
            i.starts_on,
            i.ends_on,
            i.publishable,
        ]
        for i in interests
    ]
    return markdown_table(_HEADERS[language]["interests"], rows)


def review_markdown(
    session: Session, user: Person, declaration_id: int, language: Language
) -> Reply:
    """A declaration in full for a coordinator, with buttons when it awaits review."""
    labels = _LABELS[language]
    access.require_role(user, Role.coordinator)
    expire_overdue(session=session)
    declaration = get_declaration(session=session, declaration_id=declaration_id)
    access.require_declaration_access(user, declaration)
    person = get_person(session=session, person_id=declaration.person_id)
    org = ""
    if person.organisation_id is not None:
        org = f", {get_organisation(session=session, organisation_id=person.organisation_id).name}"
    parts = [
        labels["declaration"].format(id=declaration.id, name=person.name),
        labels["state"].format(status=declaration.status, version=declaration.version, org=org),
        _interests_table(session, declaration_id, language),
    ]
    reviews = reviews_of(session=session, declaration_id=declaration_id)
    if reviews:
        rows = [[r.created_at, r.outcome, r.decision, r.reasoning] for r in reviews]
        parts += [labels["reviews"], markdown_table(_HEADERS[language]["reviews"], rows)]
    if declaration.person_id == user.id:
        parts.append(labels["own_review"])
        return Reply("\n\n".join(parts))
    if declaration.status not in UNDER_REVIEW:
        parts.append(labels["not_under_review"].format(status=declaration.status))
        return Reply("\n\n".join(parts))
    parts.append(labels["choose"])
    target = ReviewTarget(declaration_id, declaration.version)
    return Reply("\n\n".join(parts), target)


def check_markdown(
    session: Session, user: Person, activity_id: int, cooling_off_years: int, language: Language
) -> str:
    """The conflict check of an activity: findings per participant, then minutes per item."""
    labels, headers = _LABELS[language], _HEADERS[language]
    activity = activities.get_activity(session=session, activity_id=activity_id)
    access.require_activity_check(user, activity)
    report = conflicts.check_activity(
        session=session, activity_id=activity_id, cooling_off_years=cooling_off_years
    )
    title = labels["check"].format(
        activity=report.activity, kind=report.kind, date=report.checked_at[:10]
    )
    findings = [
        [
            f.name,
            f.participant_role,
            f"{f.declaration_id} ({f.declaration_status})" if f.declaration_id else None,
            f.severity,
            "; ".join(f"{e.category}: {', '.join(e.matched_on)}" for e in f.evidence),
            f.recommended_action,
        ]
        for f in report.participants
    ]
    parts = [title, markdown_table(headers["findings"], findings)]
    for item in report.minutes:
        suffix = labels["decision_item"] if item.decision else ""
        parts.append(
            labels["item"].format(position=item.position, title=item.title, decision=suffix)
        )
        rows = [[r.name, r.verdict, r.reason] for r in item.rulings]
        parts.append(markdown_table(headers["rulings"], rows))
    return "\n\n".join(parts)


def activities_markdown(session: Session, user: Person, language: Language) -> str:
    """The activities whose conflict check this user may see (the same rule as /check)."""
    labels = _LABELS[language]
    rows = []
    for activity in activities.list_activities(session=session):
        try:
            access.require_activity_check(user, activity)
        except PermissionDeniedError:
            continue
        public = activities.activity_public(session=session, activity=activity)
        rows.append(
            [public.id, public.name, public.kind, len(public.participants), len(public.agenda)]
        )
    if not rows:
        return labels["no_activities"]
    table = markdown_table(_HEADERS[language]["activities"], rows)
    return f"{labels['activities']}\n\n{table}\n\n{labels['check_with']}"


def public_markdown(session: Session, user: Person, language: Language) -> str:
    """Others' approved, publishable interests: organisation, position, category; no amounts."""
    labels = _LABELS[language]
    rows = [
        [s.person_name, s.organisation_name, s.position, s.category]
        for s in public_summary(session=session)
        if s.person_id != user.id
    ]
    if not rows:
        return labels["no_public"]
    return f"{labels['public']}\n\n{markdown_table(_HEADERS[language]['public'], rows)}"


def step_markdown(session: Session, user: Person, command: Command) -> str:
    """Submit or withdraw one's own declaration (coordinators: anyone's), as the API allows."""
    declaration_id = _id_arg(command)
    declaration = get_declaration(session=session, declaration_id=declaration_id)
    access.require_declaration_access(user, declaration)
    step = submit_declaration if command.name == "submit" else withdraw_declaration
    declaration = step(session=session, declaration_id=declaration_id, actor=user.email)
    return _LABELS[command.language]["now"].format(id=declaration.id, status=declaration.status)


def help_markdown(user: Person, language: Language) -> str:
    """The commands this user's role can use."""
    labels = _LABELS[language]
    lines = [
        labels["help_declarations_coordinator"]
        if access.is_coordinator(user)
        else labels["help_declarations"],
        labels["help_public"],
    ]
    if user.role in (Role.coordinator, Role.facilitator):
        lines.append(labels["help_check"])
    if access.is_coordinator(user):
        lines.append(labels["help_review"])
    lines.append(labels["help_submit"])
    return (
        labels["help"] + "\n".join(f"- {line}" for line in lines) + f"\n\n{labels['help_english']}"
    )


def _dispatch(session: Session, services: Services, user: Person, command: Command) -> Reply:
    language = command.language
    match command.name:
        case "declarations":
            return Reply(declarations_markdown(session, user, language))
        case "check" if not command.args:
            return Reply(activities_markdown(session, user, language))
        case "check":
            years = services.settings.cooling_off_years
            return Reply(check_markdown(session, user, _id_arg(command), years, language))
        case "public":
            return Reply(public_markdown(session, user, language))
        case "review":
            return review_markdown(session, user, _id_arg(command), language)
        case "submit" | "withdraw":
            return Reply(step_markdown(session, user, command))
        case "help":
            return Reply(help_markdown(user, language))
        case _:
            return Reply(_LABELS[language]["unknown"].format(word=command.word))


def run_command(services: Services, email: str, command: Command) -> Reply:
    """Run one command for the signed-in user; registry errors become one polite line."""
    try:
        with open_session(services.engine) as session:
            reply = _dispatch(session, services, signed_in_person(session, email), command)
            # Listing applies expiry and steps change status: commit like the CLI and API do.
            session.commit()
        return Reply(reply.text, reply.review, command.language)
    except RegistryError as exc:
        return Reply(_sorry(exc, command.language), language=command.language)


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
    labels = _LABELS[parsed.language]
    if not services.settings.chat_login:
        return Reply(labels["login_off"], language=parsed.language)
    if not email:
        return Reply(labels["not_signed_in"], language=parsed.language)
    return run_command(services, email, parsed)


def decision_label(outcome: Outcome, decision: Decision | None, language: Language) -> str:
    labels = _LABELS[language]
    if outcome == Outcome.returned:
        return labels["return"]
    return labels["approve"].format(decision=(decision or Decision.no_conflict).value)


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
    labels = _LABELS[language]
    choice = decision_label(outcome, decision, language)
    try:
        with open_session(services.engine) as session:
            user = signed_in_person(session, email)
            access.require_role(user, Role.coordinator)
            try:
                data = ReviewCreate(
                    version=target.version,
                    outcome=outcome,
                    decision=decision,
                    reasoning=reasoning,
                )
            except ValidationError as exc:
                raise InvalidInputError(first_error(exc)) from None
            review = review_declaration(
                session=session,
                declaration_id=target.declaration_id,
                reviewer=user,
                data=data,
                valid_months=services.settings.declaration_valid_months,
            )
            session.commit()
            declaration = get_declaration(session=session, declaration_id=target.declaration_id)
    except StaleVersionError as exc:
        return labels["stale"].format(error=exc, id=target.declaration_id)
    except RegistryError as exc:
        return _sorry(exc, language)
    return labels["reviewed"].format(
        id=target.declaration_id, status=declaration.status, review=review.id, choice=choice
    )


# Sign-in ---------------------------------------------------------------------------------


def authenticate(services: Services, username: str, password: str) -> cl.User | None:
    """The chat user for a registry e-mail and password (argon2, via the service), or None."""
    try:
        with open_session(services.engine) as session:
            person = authenticate_password(session=session, email=username, password=password)
    except RegistryError as exc:  # e.g. the database is unreachable: a failed login, logged
        logger.warning("Chat sign-in failed: %s", exc)
        return None
    if person is None:
        return None
    return cl.User(
        identifier=person.email,
        display_name=person.name,
        metadata={"person_id": person.id, "role": str(person.role)},
    )


def ensure_auth_secret(data_dir: Path) -> str:
    """Chainlit's JWT secret: the environment's, else one generated once under `data_dir`.

    Written with O_EXCL so several workers starting at once agree on one secret, and
    mode 0600 because whoever reads it can forge a login.
    """
    if secret := os.environ.get(AUTH_SECRET_ENV):
        return secret
    from chainlit.secret import random_secret

    path = data_dir / AUTH_SECRET_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_text(encoding="utf-8").strip()
    else:
        secret = random_secret(64)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secret)
    if not secret:
        raise RuntimeError(f"{path} is empty: delete it so a new secret is made")
    # Chainlit reads the secret from its own environment variable; setting it here is the
    # only way to hand it over.
    os.environ[AUTH_SECRET_ENV] = secret
    return secret


async def password_login(username: str, password: str) -> cl.User | None:
    """Chainlit's password callback: argon2 takes a moment, so it runs off the event loop."""
    return await asyncio.to_thread(authenticate, get_services(), username, password)


def enable_chat_login(settings: Settings) -> None:
    """Require sign-in to the chat with registry users (when `ARENA_CHAT_LOGIN` is true)."""
    ensure_auth_secret(settings.data_dir)
    cl.password_auth_callback(password_login)


# Chainlit glue ---------------------------------------------------------------------------


def review_actions(target: ReviewTarget, language: Language) -> list[cl.Action]:
    """One button per decision kind to approve with, and one to return for revision."""
    base = {"declaration_id": target.declaration_id, "version": target.version}
    choices: list[tuple[Outcome, Decision | None]] = [(Outcome.approved, d) for d in Decision]
    choices.append((Outcome.returned, None))
    return [
        cl.Action(
            name=REVIEW_ACTION,
            payload=base
            | {
                "outcome": outcome.value,
                "decision": decision.value if decision else None,
                "language": language,
            },
            label=decision_label(outcome, decision, language),
        )
        for outcome, decision in choices
    ]


async def announce_commands() -> None:
    """Offer the registry commands in the composer (only when sign-in makes them usable)."""
    if not get_services().settings.chat_login:
        return
    await cl.context.emitter.set_commands(
        [
            {
                "id": word,
                "description": description,
                "icon": icon,
                "button": False,
                "persistent": False,
                "selected": False,
            }
            for word, description, icon in UI_COMMANDS
        ]
    )


def _signed_in_email() -> str | None:
    user = cl.user_session.get("user")
    return getattr(user, "identifier", None)


async def handle_registry_message(message: cl.Message) -> bool:
    """Answer a registry slash command; False when the message is an ordinary question."""
    text, command = message.content or "", getattr(message, "command", None)
    if parse_command(text, command) is None:  # cheap: ordinary questions leave at once
        return False
    reply = await asyncio.to_thread(
        registry_reply, get_services(), _signed_in_email(), text, command
    )
    if reply is None:
        return False
    actions = review_actions(reply.review, reply.language) if reply.review else []
    await cl.Message(content=reply.text, actions=actions).send()
    return True


def _parse_review_payload(
    payload: dict[str, Any],
) -> tuple[ReviewTarget, Outcome, Decision | None]:
    target = ReviewTarget(int(payload["declaration_id"]), int(payload["version"]))
    outcome = Outcome(payload["outcome"])
    decision = Decision(payload["decision"]) if payload.get("decision") else None
    return target, outcome, decision


@cl.action_callback(REVIEW_ACTION)
async def on_review_action(action: cl.Action) -> None:
    """A decision button: ask for the reasoning, then record the review."""
    payload = action.payload or {}
    language: Language = "en" if payload.get("language") == "en" else "no"
    labels = _LABELS[language]
    services, email = get_services(), _signed_in_email()
    if not services.settings.chat_login or not email:
        await cl.Message(content=labels["login_off"]).send()
        return
    try:
        target, outcome, decision = _parse_review_payload(payload)
    except (KeyError, TypeError, ValueError):
        await cl.Message(content=labels["bad_button"]).send()
        return
    choice = decision_label(outcome, decision, language)
    answer = await cl.AskUserMessage(
        content=labels["ask_reasoning"].format(id=target.declaration_id, choice=choice),
        timeout=REASONING_TIMEOUT,
    ).send()
    reasoning = str((answer or {}).get("output") or "").strip()
    if not reasoning:
        await cl.Message(content=labels["no_reasoning"]).send()
        return
    text = await asyncio.to_thread(
        apply_review, services, email, target, outcome, decision, reasoning, language
    )
    await cl.Message(content=text).send()


if get_services().settings.chat_login:
    enable_chat_login(get_services().settings)
