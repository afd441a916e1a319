"""The one ASGI app that `make run` serves: API GETs are not swallowed by Chainlit's catch-all."""

from __future__ import annotations

import httpx
import pytest

from tests.chat.test_chat import app_url  # noqa: F401  (the running `arena serve` fixture)

pytestmark = [pytest.mark.server, pytest.mark.slow]


def test_api_get_routes_answer_json_beside_the_chat(app_url: str) -> None:  # noqa: F811
    health = httpx.get(f"{app_url}/api/v1/health", timeout=10)
    assert health.status_code == 200
    assert health.headers["content-type"].startswith("application/json")
    assert health.json()["chunks"] > 0

    found = httpx.get(f"{app_url}/api/v1/search", params={"q": "tillit", "k": 2}, timeout=30)
    assert found.status_code == 401  # knowledge is read as someone (tests/test_access_surfaces)

    spec = httpx.get(f"{app_url}/api/v1/openapi.json", timeout=10).json()
    assert "/api/v1/search" in spec["paths"]
    assert "/api/v1/declarations" in spec["paths"]

    registry = httpx.get(f"{app_url}/api/v1/declarations", timeout=10)
    assert registry.status_code == 401  # the registry's auth answers, not Chainlit's HTML


def test_chat_page_is_served_without_remote_fonts(app_url: str) -> None:  # noqa: F811
    page = httpx.get(f"{app_url}/", timeout=10)
    assert page.status_code == 200
    assert '<div id="root"></div>' in page.text
    assert "Arena Assistant" in page.text
    assert "fonts.googleapis.com/css2" not in page.text
    # Websocket only: polling requests could reach a worker that does not know the session.
    assert 'window.transports = ["websocket"]' in page.text
