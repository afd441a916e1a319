"""`arena registry organisations`: list, add and alias the organisations interests name."""

from __future__ import annotations

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
from assistant.registry.models import OrganisationCreate, OrganisationUpdate, OrgKind
from assistant.registry.organisations import (
    create_organisation,
    list_organisations,
    resolve_organisation,
    update_organisation,
)

organisations_app = typer.Typer(help="Organisations and their aliases.", no_args_is_help=True)


def register(registry_app: typer.Typer) -> None:
    registry_app.add_typer(organisations_app, name="organisations")
    organisations_app.command("list")(organisations_list)
    organisations_app.command("add")(organisations_add)
    organisations_app.command("alias")(organisations_alias)


@handle_errors
def organisations_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List registered organisations with numbers and aliases.

    Example: arena registry organisations list --json
    """
    with registry_session() as session:
        rows = list_organisations(session=session)
        if as_json:
            echo_json(
                [o.model_dump(mode="json", warnings=False, exclude={"created_at"}) for o in rows]
            )
            return
        print_table(
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
    data = validated(
        OrganisationCreate, name=name, org_number=number, kind=kind, aliases=alias or []
    )
    with registry_session() as session:
        organisation = create_organisation(session=session, data=data, actor=actor())
    console.print(f"Added organisation {organisation.id}: {organisation.name}")


@handle_errors
def organisations_alias(
    organisation: Annotated[str, typer.Argument(help="Id (#3), number, name or alias.")],
    alias: Annotated[str, typer.Argument(help="The alias to add.")],
) -> None:
    """Add an alias (another name or acronym) to an organisation.

    Example: arena registry organisations alias "Oslo universitetssykehus" OUS
    """
    with registry_session() as session:
        found = resolve_organisation(session=session, reference=organisation)
        data = validated(OrganisationUpdate, aliases=[*(found.aliases or []), alias])
        update_organisation(
            session=session,
            organisation_id=found.id,  # type: ignore[arg-type]
            data=data,
            actor=actor(),
        )
    console.print(f"{found.name} is now also known as {alias}")
