"""`arena registry activities` and `arena registry check`: activities and their conflict check."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from assistant.cli.common import (
    actor,
    console,
    echo_json,
    handle_errors,
    print_table,
    registry_session,
    services,
    validated,
)
from assistant.registry import activities, conflict_views
from assistant.registry.models import (
    ActivityCreate,
    ActivityKind,
    AgendaItemIn,
    ParticipantIn,
    ParticipantRole,
)
from assistant.registry.people import get_person_by_email

activities_app = typer.Typer(
    help="Activities (workshops, challenges, decisions) to check.", no_args_is_help=True
)


def register(registry_app: typer.Typer) -> None:
    registry_app.add_typer(activities_app, name="activities")
    activities_app.command("add")(activities_add)
    activities_app.command("list")(activities_list)


@handle_errors
def activities_add(
    name: Annotated[str, typer.Argument(help="The activity's name.")],
    kind: Annotated[ActivityKind, typer.Option(help="What is at stake.")],
    org: Annotated[
        list[str] | None, typer.Option("--org", help="Involved organisation; repeat.")
    ] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Keyword; repeat.")] = None,
    facilitator: Annotated[
        str | None, typer.Option(help="Facilitator's e-mail (a facilitator or coordinator).")
    ] = None,
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

    At the console you act as a coordinator: any participants. Through the API and chat a
    facilitator may only create an activity they facilitate, without participants; a
    coordinator adds those.

    Example: arena registry activities add "Sensor procurement" --kind procurement --org OUS --org "Medtek AS" --participant kari@ous.no:decision_maker --decision-item "Award the contract"
    """
    with registry_session() as session:
        participants = []
        for entry in participant or []:
            email, _, role = entry.partition(":")
            person = get_person_by_email(session=session, email=email)
            participants.append(
                {"person_id": person.id, "role": role or ParticipantRole.participant}
            )
        facilitator_id = (
            get_person_by_email(session=session, email=facilitator).id if facilitator else None
        )
        agenda = [{"title": t} for t in item or []] + [
            {"title": t, "decision": True} for t in decision_item or []
        ]
        data = validated(
            ActivityCreate,
            name=name,
            kind=kind,
            facilitator_id=facilitator_id,
            topics=topic or [],
            starts_on=starts,
            ends_on=ends,
            organisations=org or [],
            participants=[validated(ParticipantIn, **p) for p in participants],
            agenda=[validated(AgendaItemIn, **a) for a in agenda],
        )
        activity = activities.create_activity(session=session, data=data, actor=actor())
    console.print(f"Added activity {activity.id}: {activity.name}")


@handle_errors
def activities_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List activities.

    Example: arena registry activities list
    """
    with registry_session() as session:
        rows = [
            activities.activity_public(session=session, activity=a)
            for a in activities.list_activities(session=session)
        ]
    if as_json:
        echo_json([r.model_dump(mode="json", warnings=False) for r in rows])
        return
    print_table(
        "Activities",
        ["id", "name", "kind", "participants", "agenda items"],
        [[a.id, a.name, a.kind, len(a.participants), len(a.agenda)] for a in rows],
    )


@handle_errors
def check(
    activity_id: Annotated[int, typer.Argument(help="The activity's id.")],
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            help="Weigh interests as of this day (YYYY-MM-DD); default the activity's start.",
        ),
    ] = None,
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="Show the check as this user sees it (a facilitator sees no private "
            "interest); default the full check.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check an activity for conflicts of interest; prints minutes per agenda item.

    Example: arena registry check 3 --as-of 2026-09-01 --json
    """
    with registry_session() as session:
        viewer = get_person_by_email(session=session, email=as_user) if as_user else None
        report = conflict_views.conflict_check_for(
            session=session,
            activity_id=activity_id,
            viewer=viewer,
            cooling_off_years=services().settings.cooling_off_years,
            as_of=as_of.date() if as_of else None,
        )
    if as_json:
        echo_json(report.model_dump(mode="json"))
    else:
        typer.echo(report.minutes_markdown(), nl=False)
