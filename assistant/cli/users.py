"""`arena users`: add users, issue API tokens, list and deactivate them."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from assistant.cli.common import (
    actor,
    console,
    echo_json,
    handle_errors,
    print_table,
    registry_session,
    validated,
)
from assistant.registry.models import PersonCreate, Role
from assistant.registry.organisations import list_organisations
from assistant.registry.people import (
    create_person,
    deactivate_person,
    get_person_by_email,
    issue_token,
    list_people,
    set_password,
)

users_app = typer.Typer(help="Users of the app: people with an arena role.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    users_app.command("add")(users_add)
    users_app.command("token")(users_token)
    users_app.command("list")(users_list)
    users_app.command("deactivate")(users_deactivate)
    users_app.command("set-password")(users_set_password)


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

    The organisation must be registered first (`arena registry organisations add`).

    Example: echo 's3cret-pass' | arena users add kari@ous.no --name "Kari Nordmann" --role partner --org OUS --password-stdin
    """
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    data = validated(PersonCreate, name=name, email=email, role=role, organisation=org)
    with registry_session() as session:
        person = create_person(session=session, data=data, actor=actor(), password=password)
    console.print(f"Added {person.role} {person.name} <{person.email}> (id {person.id})")


@handle_errors
def users_token(
    email: Annotated[str, typer.Argument(help="The user's e-mail.")],
) -> None:
    """Print a new API token for a user; only its hash is stored, so keep it now.

    Example: arena users token kari@ous.no
    """
    with registry_session() as session:
        person = get_person_by_email(session=session, email=email)
        token = issue_token(session=session, person=person, actor=actor())
    typer.echo(token)


@handle_errors
def users_set_password(
    email: Annotated[str, typer.Argument(help="The user's e-mail.")],
) -> None:
    """Give a user a new password: typed twice at a prompt, or one line on standard input.

    Never on the command line, where other users of the machine could read it.

    Example: arena users set-password kari@ous.no
    """
    if sys.stdin.isatty():
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    with registry_session() as session:
        person = get_person_by_email(session=session, email=email)
        set_password(session=session, person=person, password=password, actor=actor())
    console.print(f"Changed the password of {person.email}")


@handle_errors
def users_deactivate(
    email: Annotated[str, typer.Argument(help="The user's e-mail.")],
) -> None:
    """Stop a user signing in: mark them inactive and revoke all their API tokens.

    Example: arena users deactivate kari@ous.no
    """
    with registry_session() as session:
        person = get_person_by_email(session=session, email=email)
        revoked = deactivate_person(session=session, person=person, actor=actor())
    console.print(f"Deactivated {person.email}; revoked {revoked} token(s)")


@handle_errors
def users_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List users with role and organisation (by name).

    Example: arena users list
    """
    with registry_session() as session:
        people = list_people(session=session)
        names = {o.id: o.name for o in list_organisations(session=session)}
    if as_json:
        echo_json(
            [
                p.model_dump(mode="json", warnings=False, exclude={"password_hash", "created_at"})
                | {"organisation": names.get(p.organisation_id)}
                for p in people
            ]
        )
        return
    print_table(
        "Users",
        ["id", "name", "e-mail", "role", "organisation", "active"],
        [
            [
                p.id,
                p.name,
                p.email,
                p.role,
                names.get(p.organisation_id),
                "yes" if p.active else "no",
            ]
            for p in people
        ],
    )
