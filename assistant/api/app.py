"""The web app: REST API routers under /api/v1, with the Chainlit chat served beside them."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.middleware.cors import CORSMiddleware

from assistant.api import (
    activities,
    briefs,
    declarations,
    knowledge,
    organisations,
    oversight,
    people,
)
from assistant.api.errors import add_error_handlers
from assistant.config import keep_libraries_offline
from assistant.services import Services, get_services

logger = logging.getLogger(__name__)

CHAT_MODULE = Path(__file__).resolve().parents[1] / "chat" / "app.py"
API_PREFIX = "/api/v1"


def api_routers() -> list[APIRouter]:
    """Every router, in the order the OpenAPI document lists them."""
    return [
        knowledge.router,
        people.router,
        organisations.router,
        declarations.router,
        activities.router,
        oversight.router,
        briefs.router,
    ]


def create_api(services: Services) -> FastAPI:
    """The REST API alone, for `arena api` and for tests."""
    app = FastAPI(
        title="Arena Assistant API",
        version="1",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.services = services
    if services.settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(services.settings.cors_origins),
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    add_error_handlers(app)
    for router in api_routers():
        app.include_router(router, prefix=API_PREFIX)
    return app


def create_app(services: Services) -> Any:
    """Chainlit's app with our API routes placed before its catch-all GET route."""
    keep_libraries_offline()  # before Chainlit imports: no telemetry
    from chainlit.config import config, load_module
    from chainlit.server import app as chainlit_app
    from chainlit.utils import ensure_jwt_secret

    config.run.headless = True
    config.run.module_name = str(CHAT_MODULE)
    load_module(config.run.module_name)
    ensure_jwt_secret()

    allow_origins(chainlit_app, services.settings.cors_origins)
    api = create_api(services)
    chainlit_app.state.services = services
    # Routes carry their dependencies but not the app's exception handlers.
    add_error_handlers(chainlit_app)
    # Chainlit's `/{full_path:path}` GET would otherwise swallow every GET added after it.
    ours = [r for r in api.routes if getattr(r, "path", None) != "/docs/oauth2-redirect"]
    chainlit_app.router.routes[0:0] = ours
    chainlit_app.openapi = api.openapi  # type: ignore[method-assign]
    return chainlit_app


def allow_origins(chainlit_app: Any, origins: list[str]) -> None:
    """Only these other origins (none by default) may call the app from a browser.

    Chainlit adds its CORS middleware at import with the allow-list of its config file, and its
    Socket.IO server accepts any origin; both get the settings' list before the first request.
    """
    from chainlit.server import sio

    for middleware in chainlit_app.user_middleware:
        if middleware.cls is CORSMiddleware:
            middleware.kwargs["allow_origins"] = list(origins)
    # None is Socket.IO's "same origin only"; an empty list would switch the check off.
    sio.eio.cors_allowed_origins = list(origins) or None


def make_default_app() -> Any:
    """Uvicorn factory: the app on the process-wide services, warmed before it serves.

    The first questions after a start would otherwise each wait for the embedding model and
    the indexes to load (seconds, with twenty sessions asking at once).
    """
    services = get_services()
    try:
        services.warm_up()
    except Exception as exc:  # the app still serves: each question then loads what it needs
        logger.warning("Warming up before serving failed: %s", exc)
    return create_app(services)


def make_default_api() -> FastAPI:
    """Uvicorn factory: the REST API alone on the process-wide services."""
    return create_api(get_services())
