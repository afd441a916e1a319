"""What every CLI command shares: error translation, services, output, registry sessions."""

from __future__ import annotations

import functools
import getpass
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from assistant.errors import ArenaError
from assistant.index.access import Viewer
from assistant.registry import access
from assistant.registry.db import open_session
from assistant.registry.errors import InvalidInputError, first_error
from assistant.services import Services, get_services

F = TypeVar("F", bound=Callable[..., Any])

# Messages are never wrapped: each error stays one line that scripts can grep.
console = Console(stderr=True, soft_wrap=True)
# Tables go to standard output.
out = Console()


def handle_errors(func: F) -> F:
    """Turn our errors into one red line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ArenaError as exc:
            console.print(f"[red]Error:[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


_services: Services | None = None


def use_services(svc: Services | None) -> None:
    """Make every command use these services instead of the cached default; None restores it.

    Tests pass services with fake backends here rather than patching `get_services`.
    """
    global _services
    _services = svc


def services() -> Services:
    return _services if _services is not None else get_services()


def echo_json(payload: object) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False))


def print_table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    out.print(table)


def actor() -> str:
    """Who the registry's audit log names for a CLI command."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry in some containers
        return "cli"


@contextmanager
def registry_session() -> Iterator[Session]:
    """A session on the migrated registry; committed only if the command succeeds."""
    with open_session(services().engine) as session:
        yield session
        session.commit()


def viewer_as(email: str | None) -> Viewer:
    """Whose access a knowledge command uses: `--as EMAIL`, or arena-wide documents only."""
    if email is None:
        return Viewer.anonymous()
    with registry_session() as session:
        return access.viewer_for_email(session, email)


def validated(model: type[Any], **values: Any) -> Any:
    """`model` built from CLI options; a validation error becomes one readable line."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise InvalidInputError(first_error(exc)) from None


def run_app(app: typer.Typer) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # pypdf logs every damaged file at WARNING; the ingest report already names it once.
    for noisy in ("bm25s", "httpx", "chromadb", "pypdf", "sentence_transformers", "transformers"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        app()
    except ArenaError as exc:  # a command without handle_errors still fails politely
        console.print(f"[red]Error:[/red] {exc}", highlight=False)
        sys.exit(1)
