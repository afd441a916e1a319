"""The API app: every route under /api/v1, documented, and no secret in any response schema."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.api.app import API_PREFIX, create_api
from assistant.config import Settings
from assistant.services import Services, build_services

SECRETS = {"password", "password_hash", "token", "token_hash", "hash", "prev_hash", "payload_hash"}


def _spec(fake_services: Services) -> dict[str, Any]:
    with TestClient(create_api(fake_services)) as client:
        return client.get(f"{API_PREFIX}/openapi.json").json()


def test_every_route_is_under_the_prefix_and_tagged(fake_services: Services) -> None:
    spec = _spec(fake_services)
    assert len(spec["paths"]) >= 24
    for path, operations in spec["paths"].items():
        assert path.startswith(f"{API_PREFIX}/"), path
        for operation in operations.values():
            assert operation["tags"] in (["knowledge"], ["registry"], ["briefs"]), path


def test_every_route_but_health_needs_a_bearer_token(fake_services: Services) -> None:
    spec = _spec(fake_services)
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            secured = operation.get("security") == [{"HTTPBearer": []}]
            assert secured == (path != f"{API_PREFIX}/health"), path


def test_no_response_schema_carries_a_secret(fake_services: Services) -> None:
    spec = _spec(fake_services)
    for name, schema in spec["components"]["schemas"].items():
        leaked = SECRETS & set(schema.get("properties", {}))
        assert not leaked, f"{name} exposes {leaked}"


def test_only_listed_origins_get_a_cors_grant(settings: Settings) -> None:
    listed = settings.model_copy(update={"cors_origins": ["https://intranet.example"]})
    for chosen, origin, granted in [
        (settings, "https://intranet.example", False),
        (listed, "https://intranet.example", True),
        (listed, "https://evil.example", False),
    ]:
        services = build_services(chosen, base_embeddings=DeterministicFakeEmbedding(size=8))
        with TestClient(create_api(services)) as client:
            response = client.get(f"{API_PREFIX}/health", headers={"Origin": origin})
        assert ("access-control-allow-origin" in response.headers) is granted, (chosen, origin)
