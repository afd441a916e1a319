"""Server commands: the web app (chat plus API) and the REST API alone."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import handle_errors, services
from assistant.config import Settings
from assistant.registry.errors import InvalidInputError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

WORKER_HEALTHCHECK_SECONDS = 60


def register(app: typer.Typer) -> None:
    app.command("api")(api)
    app.command()(serve)


@handle_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the web app: the Chainlit chat at / and the REST API under /api/v1.

    Example: arena serve --port 8000
    """
    import uvicorn

    svc = services()
    settings = svc.settings
    first_start(svc.engine, settings, f"http://{host or settings.host}:{port or settings.port}")
    uvicorn.run(
        "assistant.api.app:make_default_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        # With several workers uvicorn kills a worker that misses a health ping (5 s by
        # default); on a busy machine a worker still importing the app misses it, and is
        # killed and restarted again and again (seen with two workers on two cores).
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        log_level="info",
    )


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


def first_start(engine: Engine, settings: Settings, url: str) -> None:
    """On an empty registry, create the first coordinator and say once how to sign in.

    Runs in `arena serve`'s own process before any worker starts, so the generated password
    is printed once, to standard output (the `make run` log), and never again.
    """
    from assistant.registry.people import create_first_coordinator

    secret = settings.admin_password
    try:
        first = create_first_coordinator(
            engine, settings.admin_email, secret.get_secret_value() if secret else None
        )
    except InvalidInputError as exc:
        raise InvalidInputError(
            f"{exc} (check ARENA_ADMIN_EMAIL and ARENA_ADMIN_PASSWORD)"
        ) from None
    if first is None:
        return
    if first.generated_password is None:
        password = "the password in ARENA_ADMIN_PASSWORD"
    else:
        password = f"this password, shown only now:\n\n    {first.generated_password}\n"
    typer.echo(
        f"\nFirst start: created the coordinator {first.email}.\n"
        f"Sign in at {url} with {password}\n"
        f"Change it with: arena users set-password {first.email}\n",
    )
    sys.stdout.flush()
