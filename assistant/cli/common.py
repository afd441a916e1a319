"""What every CLI command shares: error translation, services, JSON output."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

from assistant.errors import ArenaError
from assistant.services import Services, get_services

F = TypeVar("F", bound=Callable[..., Any])

# Messages are never wrapped: each error stays one line that scripts can grep.
console = Console(stderr=True, soft_wrap=True)


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
