"""The `arena` command line: knowledge, answers, registry and servers."""

from __future__ import annotations

import typer

from assistant.cli import knowledge, server
from assistant.cli.common import run_app

app = typer.Typer(
    name="arena",
    help="Arena Assistant: grounded answers from the arena's knowledge, challenge briefs and "
    "the registry of interest declarations.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
knowledge.register(app)
server.register(app)
from assistant.cli import registry  # noqa: E402  (registers `registry`, `users` and `api`)

registry.register(app)

from assistant.cli import answers  # noqa: E402  (registers `ask` and `eval answers`)

answers.register(app)


def main() -> None:
    """Console-script entry point."""
    run_app(app)
