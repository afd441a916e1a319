"""`arena registry`: the group that gathers the declaration, activity and oversight commands."""

from __future__ import annotations

import typer

from assistant.cli import activities, declarations, organisations, oversight

registry_app = typer.Typer(
    help="The registry of interest declarations: declare, review, check, audit.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(registry_app, name="registry")
    # The order of `arena registry --help`: declarations, the check, oversight, then groups.
    declarations.register(registry_app)
    registry_app.command("check")(activities.check)
    oversight.register(registry_app)
    organisations.register(registry_app)
    activities.register(registry_app)
