"""The web app: REST API routers under /api/v1, with the Chainlit chat served beside them."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from pydantic import BaseModel

from assistant.errors import ArenaError, NotIndexedError
from assistant.services import Services, get_services

logger = logging.getLogger(__name__)

CHAT_MODULE = Path(__file__).resolve().parents[1] / "chat" / "app.py"
API_PREFIX = "/api/v1"


def services_dep(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(services_dep)]


class Health(BaseModel):
    status: str
    documents: int
    chunks: int


class Passage(BaseModel):
    text: str
    source: str
    title: str
    location: str
    score: float


class SearchResponse(BaseModel):
    query: str
    results: list[Passage]


knowledge_router = APIRouter(prefix=API_PREFIX, tags=["knowledge"])


@knowledge_router.get("/health")
def health(svc: ServicesDep) -> Health:
    """Liveness and the size of the knowledge index."""
    return Health(status="ok", documents=len(svc.store.documents()), chunks=svc.store.chunk_count())


@knowledge_router.get("/search")
def search(
    svc: ServicesDep,
    q: Annotated[str, Query(min_length=1, max_length=2000, description="The query.")],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
) -> SearchResponse:
    """Hybrid search over the knowledge index."""
    try:
        results = svc.retriever.search(q, k=k)
    except NotIndexedError as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from exc
    except ArenaError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return SearchResponse(query=q, results=[Passage(**r.as_dict()) for r in results])  # type: ignore[arg-type]


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
    for router in api_routers():
        app.include_router(router)
    return app


def api_routers() -> list[APIRouter]:
    routers = [knowledge_router]
    try:
        from assistant.api.registry import router as registry_router
    except ImportError:  # the registry package is optional until installed
        return routers
    return [*routers, registry_router]


def create_app(services: Services) -> Any:
    """Chainlit's app with our API routes placed before its catch-all GET route."""
    os.environ.setdefault("CHAINLIT_TELEMETRY", "false")
    from chainlit.config import config, load_module
    from chainlit.server import app as chainlit_app
    from chainlit.utils import ensure_jwt_secret

    config.run.headless = True
    config.run.module_name = str(CHAT_MODULE)
    load_module(config.run.module_name)
    ensure_jwt_secret()

    api = create_api(services)
    chainlit_app.state.services = services
    # Chainlit's `/{full_path:path}` GET would otherwise swallow every GET added after it.
    ours = [r for r in api.routes if getattr(r, "path", None) != "/docs/oauth2-redirect"]
    chainlit_app.router.routes[0:0] = ours
    chainlit_app.openapi = api.openapi  # type: ignore[method-assign]
    return chainlit_app


def make_default_app() -> Any:
    """Uvicorn factory: the app on the process-wide services."""
    return create_app(get_services())


def make_default_api() -> FastAPI:
    """Uvicorn factory: the REST API alone on the process-wide services."""
    return create_api(get_services())
