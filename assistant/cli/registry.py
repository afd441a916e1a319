"""Registry commands: organisations, declarations, reviews, activities, audit, users, API."""

from __future__ import annotations

import csv
import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from assistant.cli.common import console, echo_json, handle_errors, services
from assistant.registry import activities, audit, conflicts, reports, retention, service
from assistant.registry.db import open_session
from assistant.registry.errors import AuditChainError, InvalidInputError
from assistant.registry.models import (
    ActivityCreate,
    ActivityKind,
    AgendaItemIn,
    Category,
    Decision,
    InterestCreate,
    OrganisationCreate,
    OrganisationUpdate,
    OrgKind,
    Outcome,
    ParticipantIn,
    ParticipantRole,
    PersonCreate,
    ReviewCreate,
    Role,
    Status,
    ValueBand,
    Whose,
)

registry_app = typer.Typer(
    help="The registry of interest declarations: declare, review, check, audit.",
    no_args_is_help=True,
)
organisations_app = typer.Typer(help="Organisations and their aliases.", no_args_is_help=True)
activities_app = typer.Typer(
    help="Activities (workshops, challenges, decisions) to check.", no_args_is_help=True
)
users_app = typer.Typer(help="Users of the app: people with an arena role.", no_args_is_help=True)

out = Console()


def register(app: typer.Typer) -> None:
    app.add_typer(registry_app, name="registry")
    app.add_typer(users_app, name="users")
    app.command("api")(api)
    registry_app.add_typer(organisations_app, name="organisations")
    registry_app.add_typer(activities_app, name="activities")
    organisations_app.command("list")(organisations_list)
    organisations_app.command("add")(organisations_add)
    organisations_app.command("alias")(organisations_alias)
    activities_app.command("add")(activities_add)
    activities_app.command("list")(activities_list)
    for command in (
        declare,
        submit,
        review,
        withdraw,
        list_declarations,
        show,
        check,
        export,
        verify,
        reminders,
        purge,
    ):
        name = "list" if command is list_declarations else command.__name__
        registry_app.command(name)(command)
    users_app.command("add")(users_add)
    users_app.command("token")(users_token)
    users_app.command("list")(users_list)
    users_app.command("deactivate")(users_deactivate)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry in some containers
        return "cli"


@contextmanager
def _session() -> Iterator[Session]:
    """A session on the migrated registry; committed only if the command succeeds."""
    with open_session(services().engine) as session:
        yield session
        session.commit()


def _validated(model: type[Any], **values: Any) -> Any:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise InvalidInputError(service.first_error(exc)) from None


def _print_table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    out.print(table)


# Organisations ---------------------------------------------------------------------------


@handle_errors
def organisations_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List registered organisations with numbers and aliases.

    Example: arena registry organisations list --json
    """
    with _session() as session:
        rows = service.list_organisations(session=session)
        if as_json:
            echo_json(
                [o.model_dump(mode="json", warnings=False, exclude={"created_at"}) for o in rows]
            )
            return
        _print_table(
            "Organisations",
            ["id", "name", "number", "kind", "aliases"],
            [[o.id, o.name, o.org_number, o.kind, ", ".join(o.aliases or [])] for o in rows],
        )


@handle_errors
def organisations_add(
    name: Annotated[str, typer.Argument(help="The registered name.")],
    number: Annotated[
        str | None, typer.Option("--number", help="Norwegian organisation number (9 digits).")
    ] = None,
    kind: Annotated[OrgKind, typer.Option(help="What kind of body it is.")] = OrgKind.other,
    alias: Annotated[
        list[str] | None, typer.Option("--alias", help="Another name or acronym; repeat.")
    ] = None,
) -> None:
    """Register an organisation.

    Example: arena registry organisations add "Oslo universitetssykehus HF" --number 993467049 --kind hospital_trust --alias OUS
    """
    data = _validated(
        OrganisationCreate, name=name, org_number=number, kind=kind, aliases=alias or []
    )
    with _session() as session:
        organisation = service.create_organisation(session=session, data=data, actor=_actor())
    console.print(f"Added organisation {organisation.id}: {organisation.name}")


@handle_errors
def organisations_alias(
    organisation: Annotated[str, typer.Argument(help="Id (#3), number, name or alias.")],
    alias: Annotated[str, typer.Argument(help="The alias to add.")],
) -> None:
    """Add an alias (another name or acronym) to an organisation.

    Example: arena registry organisations alias "Oslo universitetssykehus" OUS
    """
    with _session() as session:
        found = service.resolve_organisation(session=session, reference=organisation)
        data = _validated(OrganisationUpdate, aliases=[*(found.aliases or []), alias])
        service.update_organisation(
            session=session,
            organisation_id=found.id,  # type: ignore[arg-type]
            data=data,
            actor=_actor(),
        )
    console.print(f"{found.name} is now also known as {alias}")


# Declarations ----------------------------------------------------------------------------


@handle_errors
def declare(
    email: Annotated[str, typer.Argument(help="The declarant's e-mail.")],
    category: Annotated[
        Category | None, typer.Option(help="Kind of interest; omit to declare nothing.")
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Counterpart: id (#3), number, name or alias.")
    ] = None,
    whose: Annotated[Whose, typer.Option(help="Whose interest it is.")] = Whose.self,
    position: Annotated[str | None, typer.Option(help="Role at the counterpart.")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Keyword; repeat.")] = None,
    description: Annotated[str, typer.Option(help="What the interest is.")] = "",
    value_band: Annotated[ValueBand, typer.Option(help="Yearly value in NOK.")] = ValueBand.none,
    start: Annotated[str | None, typer.Option(help="Start date, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option(help="End date, YYYY-MM-DD.")] = None,
    public: Annotated[
        bool, typer.Option("--public/--private", help="May other partners see a summary.")
    ] = False,
    from_json: Annotated[
        Path | None, typer.Option(help="A JSON list of interests (API field names).")
    ] = None,
) -> None:
    """Declare interests: adds to the person's open declaration, or starts a new draft.

    Without --category and --from-json it records an empty declaration ("nothing to declare").

    Example: arena registry declare kari@ous.no --category board_or_leading_position --org "Medtek AS" --position "board member" --topic sensors --public
    """
    items: list[InterestCreate] = []
    if from_json is not None:
        try:
            raw = json.loads(from_json.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InvalidInputError(f"Cannot read {from_json}: {exc}") from None
        if not isinstance(raw, list):
            raise InvalidInputError(f"{from_json} must hold a JSON list of interests")
        raw_items = raw
    else:
        raw_items = []
    with _session() as session:
        for raw_item in raw_items:
            if not isinstance(raw_item, dict):
                raise InvalidInputError(f"{from_json}: each interest must be a JSON object")
            if isinstance(raw_item.get("organisation"), str):
                found = service.resolve_organisation(
                    session=session, reference=raw_item.pop("organisation")
                )
                raw_item["organisation_id"] = found.id
            items.append(
                _validated(
                    InterestCreate, **(raw_item if isinstance(raw_item, dict) else {"_": raw_item})
                )
            )
        if category is not None:
            organisation_id = (
                service.resolve_organisation(session=session, reference=org).id if org else None
            )
            items.append(
                _validated(
                    InterestCreate,
                    whose=whose,
                    organisation_id=organisation_id,
                    position=position,
                    category=category,
                    topics=topic or [],
                    description=description,
                    value_band=value_band,
                    starts_on=start,
                    ends_on=end,
                    publishable=public,
                )
            )
        elif org or topic or start or end or position:
            raise InvalidInputError("Give --category for the interest you describe")
        person = service.get_person_by_email(session=session, email=email)
        declaration = service.open_declaration(session=session, person_id=person.id)  # type: ignore[arg-type]
        if declaration is None:
            declaration = service.create_declaration(
                session=session,
                person_id=person.id,  # type: ignore[arg-type]
                interests=items,
                actor=_actor(),
            )
        else:
            for item in items:
                service.add_interest(
                    session=session,
                    declaration_id=declaration.id,  # type: ignore[arg-type]
                    data=item,
                    actor=_actor(),
                )
        count = len(service.interests_of(session=session, declaration_id=declaration.id))  # type: ignore[arg-type]
    console.print(
        f"Declaration {declaration.id} of {person.name}: {declaration.status}, "
        f"{count} interest(s), version {declaration.version}"
    )


@handle_errors
def submit(
    declaration_id: Annotated[int, typer.Argument(help="The declaration's id.")],
    version: Annotated[int | None, typer.Option(help="Version you read (optional).")] = None,
) -> None:
    """Submit a declaration for review (or resubmit it).

    Example: arena registry submit 12
    """
    with _session() as session:
        declaration = service.submit_declaration(
            session=session,
            declaration_id=declaration_id,
            actor=_actor(),
            expected_version=version,
        )
    console.print(f"Declaration {declaration.id} is {declaration.status}")


@handle_errors
def review(
    declaration_id: Annotated[int, typer.Argument(help="The declaration's id.")],
    reviewer: Annotated[str, typer.Option(help="E-mail of the reviewing coordinator.")],
    reasoning: Annotated[str, typer.Option(help="Why you decided so.")],
    outcome: Annotated[Outcome, typer.Option(help="Approve it or return it.")] = Outcome.approved,
    decision: Annotated[
        Decision | None, typer.Option(help="The decision (needed to approve).")
    ] = None,
    conditions: Annotated[str, typer.Option(help="Conditions of a management plan.")] = "",
    recuse: Annotated[
        list[str] | None, typer.Option("--recuse", help="Agenda item to recuse from; repeat.")
    ] = None,
    activity: Annotated[int | None, typer.Option(help="Activity id the decision is about.")] = None,
    version: Annotated[
        int | None, typer.Option(help="Version you reviewed (default: the current one).")
    ] = None,
) -> None:
    """Review a submitted declaration: approve with a decision, or return it for revision.

    Example: arena registry review 12 --reviewer ola@arena.no --decision disclose_only --reasoning "Minor, disclosed in minutes"
    """
    with _session() as session:
        person = service.get_person_by_email(session=session, email=reviewer)
        current = service.get_declaration(session=session, declaration_id=declaration_id)
        data = _validated(
            ReviewCreate,
            version=version or current.version,
            outcome=outcome,
            decision=decision,
            reasoning=reasoning,
            conditions=conditions,
            recused_items=recuse or [],
            activity_id=activity,
        )
        result = service.review_declaration(
            session=session,
            declaration_id=declaration_id,
            reviewer=person,
            data=data,
            valid_months=services().settings.declaration_valid_months,
        )
        declaration = service.get_declaration(session=session, declaration_id=declaration_id)
    console.print(
        f"Declaration {declaration_id} is {declaration.status} (review {result.id}, "
        f"{result.decision or result.outcome})"
    )


@handle_errors
def withdraw(
    declaration_id: Annotated[int, typer.Argument(help="The declaration's id.")],
) -> None:
    """Withdraw a declaration; it stays on record.

    Example: arena registry withdraw 12
    """
    with _session() as session:
        declaration = service.withdraw_declaration(
            session=session, declaration_id=declaration_id, actor=_actor()
        )
    console.print(f"Declaration {declaration.id} is {declaration.status}")


@handle_errors
def list_declarations(
    status: Annotated[Status | None, typer.Option(help="Only this status.")] = None,
    email: Annotated[str | None, typer.Option(help="Only this person's.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List declarations with status, version and expiry.

    Example: arena registry list --status submitted
    """
    with _session() as session:
        service.expire_overdue(session=session)
        person_id = service.get_person_by_email(session=session, email=email).id if email else None
        rows = service.list_declarations(session=session, person_id=person_id, status=status)
        people = {p.id: p for p in service.list_people(session=session)}
        if as_json:
            echo_json(
                [
                    d.model_dump(mode="json", warnings=False)
                    | {"person": people[d.person_id].email}
                    for d in rows
                ]
            )
            return
        _print_table(
            "Declarations",
            ["id", "person", "status", "version", "approved", "expires"],
            [
                [
                    d.id,
                    people[d.person_id].name,
                    d.status,
                    d.version,
                    d.approved_at.date() if d.approved_at else None,
                    d.expires_at.date() if d.expires_at else None,
                ]
                for d in rows
            ],
        )


@handle_errors
def show(
    declaration_id: Annotated[int, typer.Argument(help="The declaration's id.")],
) -> None:
    """Show a declaration as JSON: interests, reviews and frozen snapshots.

    Example: arena registry show 12
    """
    with _session() as session:
        service.expire_overdue(session=session)
        declaration = service.get_declaration(session=session, declaration_id=declaration_id)
        echo_json(
            {
                "declaration": declaration.model_dump(mode="json", warnings=False),
                "interests": [
                    i.model_dump(mode="json", warnings=False)
                    for i in service.interests_of(session=session, declaration_id=declaration_id)
                ],
                "reviews": [
                    r.model_dump(mode="json", warnings=False)
                    for r in service.reviews_of(session=session, declaration_id=declaration_id)
                ],
                "snapshots": [
                    service.snapshot_dict(s)
                    for s in service.snapshots_of(session=session, declaration_id=declaration_id)
                ],
            }
        )


# Activities and conflict checks ----------------------------------------------------------


@handle_errors
def activities_add(
    name: Annotated[str, typer.Argument(help="The activity's name.")],
    kind: Annotated[ActivityKind, typer.Option(help="What is at stake.")],
    org: Annotated[
        list[str] | None, typer.Option("--org", help="Involved organisation; repeat.")
    ] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Keyword; repeat.")] = None,
    facilitator: Annotated[str | None, typer.Option(help="Facilitator's e-mail.")] = None,
    participant: Annotated[
        list[str] | None,
        typer.Option(
            "--participant", help="EMAIL or EMAIL:advisor or EMAIL:decision_maker; repeat."
        ),
    ] = None,
    item: Annotated[list[str] | None, typer.Option("--item", help="Agenda item; repeat.")] = None,
    decision_item: Annotated[
        list[str] | None, typer.Option("--decision-item", help="Agenda item ending in a decision.")
    ] = None,
    starts: Annotated[str | None, typer.Option(help="Start date, YYYY-MM-DD.")] = None,
    ends: Annotated[str | None, typer.Option(help="End date, YYYY-MM-DD.")] = None,
) -> None:
    """Create an activity with its organisations, topics, participants and agenda.

    Example: arena registry activities add "Sensor procurement" --kind procurement --org OUS --org "Medtek AS" --participant kari@ous.no:decision_maker --decision-item "Award the contract"
    """
    with _session() as session:
        org_ids = [
            service.resolve_organisation(session=session, reference=ref).id for ref in org or []
        ]
        participants = []
        for entry in participant or []:
            email, _, role = entry.partition(":")
            person = service.get_person_by_email(session=session, email=email)
            participants.append(
                {"person_id": person.id, "role": role or ParticipantRole.participant}
            )
        facilitator_id = (
            service.get_person_by_email(session=session, email=facilitator).id
            if facilitator
            else None
        )
        agenda = [{"title": t} for t in item or []] + [
            {"title": t, "decision": True} for t in decision_item or []
        ]
        data = _validated(
            ActivityCreate,
            name=name,
            kind=kind,
            facilitator_id=facilitator_id,
            topics=topic or [],
            starts_on=starts,
            ends_on=ends,
            organisation_ids=org_ids,
            participants=[_validated(ParticipantIn, **p) for p in participants],
            agenda=[_validated(AgendaItemIn, **a) for a in agenda],
        )
        activity = activities.create_activity(session=session, data=data, actor=_actor())
    console.print(f"Added activity {activity.id}: {activity.name}")


@handle_errors
def activities_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List activities.

    Example: arena registry activities list
    """
    with _session() as session:
        rows = [
            activities.activity_public(session=session, activity=a)
            for a in activities.list_activities(session=session)
        ]
    if as_json:
        echo_json([r.model_dump(mode="json", warnings=False) for r in rows])
        return
    _print_table(
        "Activities",
        ["id", "name", "kind", "participants", "agenda items"],
        [[a.id, a.name, a.kind, len(a.participants), len(a.agenda)] for a in rows],
    )


@handle_errors
def check(
    activity_id: Annotated[int, typer.Argument(help="The activity's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check an activity for conflicts of interest; prints minutes per agenda item.

    Example: arena registry check 3 --json
    """
    with _session() as session:
        report = conflicts.check_activity(
            session=session,
            activity_id=activity_id,
            cooling_off_years=services().settings.cooling_off_years,
        )
    if as_json:
        echo_json(report.as_dict())
    else:
        typer.echo(report.minutes_markdown(), nl=False)


@handle_errors
def export(
    fmt: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
    output: Annotated[
        Path | None, typer.Option(help="File to write; default standard output.")
    ] = None,
) -> None:
    """Export every declaration, one row per interest, as CSV or JSON.

    Example: arena registry export --format json --output declarations.json
    """
    if fmt not in ("csv", "json"):
        raise InvalidInputError("--format must be csv or json")
    with _session() as session:
        rows = reports.export_rows(session=session)
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "json":
            stream.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        else:
            writer = csv.DictWriter(stream, fieldnames=reports.EXPORT_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    finally:
        if output:
            stream.close()
    if output:
        console.print(f"Wrote {len(rows)} rows to {output}")


@handle_errors
def verify() -> None:
    """Verify the audit log's hash chain; exit status 1 names the first bad event.

    Example: arena registry verify
    """
    with _session() as session:
        report = audit.verify_chain(session)
    if not report.ok:
        raise AuditChainError(report.message())
    console.print(report.message())


@handle_errors
def reminders(
    within_days: Annotated[int, typer.Option(min=0, help="Also list approvals due within.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List declarations that are missing, expired, awaiting update or due soon.

    Example: arena registry reminders --within-days 60
    """
    with _session() as session:
        due = service.reminders(session=session, within_days=within_days)
    if as_json:
        echo_json([r.__dict__ | {"due": r.due.isoformat() if r.due else None} for r in due])
        return
    if not due:
        console.print("Nobody needs a reminder.")
    _print_table(
        "Reminders",
        ["person", "e-mail", "declaration", "status", "why"],
        [[r.person_name, r.email, r.declaration_id, r.status, r.reason] for r in due],
    )


@handle_errors
def purge(
    yes: Annotated[bool, typer.Option("--yes", help="Really delete.")] = False,
    today: Annotated[str | None, typer.Option(help="Pretend today is YYYY-MM-DD.")] = None,
) -> None:
    """Delete records past the retention period (ARENA_RETENTION_YEARS); the purge is audited.

    Activities that ended, and declarations withdrawn or expired, longer ago than the
    retention period are deleted; audit events about them keep only their digest.

    Example: arena registry purge --yes
    """
    if not yes:
        raise InvalidInputError("Purging deletes records for good: add --yes to go ahead")
    day = _parse_date(today) if today else None
    with _session() as session:
        report = retention.purge_expired_records(
            session=session,
            retention_years=services().settings.retention_years,
            actor=_actor(),
            today=day,
        )
    console.print(
        f"Purged {len(report.activities)} activities and {len(report.declarations)} "
        f"declarations; blanked {report.redacted_events} audit payloads"
    )


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"'{text}' is not a date like 2026-03-31") from None


# Users -----------------------------------------------------------------------------------


@handle_errors
def users_add(
    email: Annotated[str, typer.Argument(help="The user's e-mail (their login).")],
    name: Annotated[str, typer.Option(help="Full name.")],
    role: Annotated[Role, typer.Option(help="Arena role.")] = Role.partner,
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation: id (#3), number, name or alias.")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read a password from standard input.")
    ] = False,
) -> None:
    """Add a user (a person with an arena role); passwords are hashed with argon2.

    Example: echo 's3cret-pass' | arena users add kari@ous.no --name "Kari Nordmann" --role partner --org OUS --password-stdin
    """
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    with _session() as session:
        organisation_id = (
            service.resolve_organisation(session=session, reference=org).id if org else None
        )
        data = _validated(
            PersonCreate, name=name, email=email, role=role, organisation_id=organisation_id
        )
        person = service.create_person(
            session=session, data=data, actor=_actor(), password=password
        )
    console.print(f"Added {person.role} {person.name} <{person.email}> (id {person.id})")


@handle_errors
def users_token(
    email: Annotated[str, typer.Argument(help="The user's e-mail.")],
) -> None:
    """Print a new API token for a user; only its hash is stored, so keep it now.

    Example: arena users token kari@ous.no
    """
    with _session() as session:
        person = service.get_person_by_email(session=session, email=email)
        token = service.issue_token(session=session, person=person, actor=_actor())
    typer.echo(token)


@handle_errors
def users_deactivate(
    email: Annotated[str, typer.Argument(help="The user's e-mail.")],
) -> None:
    """Stop a user signing in: mark them inactive and revoke all their API tokens.

    Example: arena users deactivate kari@ous.no
    """
    with _session() as session:
        person = service.get_person_by_email(session=session, email=email)
        revoked = service.deactivate_person(session=session, person=person, actor=_actor())
    console.print(f"Deactivated {person.email}; revoked {revoked} token(s)")


@handle_errors
def users_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List users with role and organisation.

    Example: arena users list
    """
    with _session() as session:
        people = service.list_people(session=session)
    if as_json:
        echo_json(
            [
                p.model_dump(mode="json", warnings=False, exclude={"password_hash", "created_at"})
                for p in people
            ]
        )
        return
    _print_table(
        "Users",
        ["id", "name", "e-mail", "role", "organisation"],
        [[p.id, p.name, p.email, p.role, p.organisation_id] for p in people],
    )


# Server ----------------------------------------------------------------------------------


@handle_errors
def api(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the REST API alone (no chat), with its OpenAPI at /api/v1/openapi.json.

    Example: arena api --host 127.0.0.1 --port 8100
    """
    import uvicorn

    from assistant.registry.db import ensure_reachable_schema

    svc = services()
    ensure_reachable_schema(svc.engine)
    # By name, not by import: surfaces never import each other.
    uvicorn.run(
        "assistant.api.app:make_default_api",
        factory=True,
        host=host or svc.settings.host,
        port=port or svc.settings.port,
        log_level="info",
    )
