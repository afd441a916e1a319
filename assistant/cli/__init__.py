"""The `arena` command line: knowledge, answers, briefs, registry and servers."""

from __future__ import annotations

import typer

from assistant.cli import answers, briefs, gaps, knowledge, registry, server, users
from assistant.cli.common import run_app

app = typer.Typer(
    name="arena",
    help="Arena Assistant: grounded answers from the arena's knowledge, challenge briefs, and "
    "the registry of interest declarations.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
knowledge.register(app)
answers.register(app)
briefs.register(app)
registry.register(app)
users.register(app)
gaps.register(app)
server.register(app)


def main() -> None:
    """Console-script entry point."""
    run_app(app)
