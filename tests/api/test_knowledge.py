"""The knowledge routes: health with the index size, and hybrid search with its errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_api
from assistant.errors import ArenaError
from assistant.registry import people
from assistant.registry.db import open_session
from assistant.registry.models import PersonCreate
from assistant.services import Services

V1 = "/api/v1"
TEXT = (
    "Tillit mellom partnerne bygges gjennom åpenhet om interesser.\n\n"
    "Arenaen møtes hver måned for å drøfte innovasjon i helsetjenesten.\n"
)


@pytest.fixture
def client(fake_services: Services) -> Iterator[TestClient]:
    """A client signed in as a partner without organisation (arena-wide documents)."""
    with open_session(fake_services.engine) as session:
        person = people.create_person(
            session=session,
            data=PersonCreate(name="Pia Partner", email="pia@arena.no"),
            actor="test",
        )
        token = people.issue_token(session=session, person=person, actor="test")
        session.commit()
    with TestClient(create_api(fake_services)) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


@pytest.fixture
def indexed(fake_services: Services, tmp_path: Path) -> Services:
    document = tmp_path / "tillit.txt"
    document.write_text(TEXT, encoding="utf-8")
    report = fake_services.indexer.ingest([document])
    assert report.ok, report.failed
    return fake_services


def test_health_counts_an_empty_index(client: TestClient) -> None:
    response = client.get(f"{V1}/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "documents": 0, "chunks": 0}


def test_search_on_an_empty_index_is_503_with_what_to_do(client: TestClient) -> None:
    response = client.get(f"{V1}/search", params={"q": "tillit"})
    assert response.status_code == 503
    assert "arena ingest" in response.json()["detail"]


def test_search_returns_passages_with_their_sources(indexed: Services, client: TestClient) -> None:
    health = client.get(f"{V1}/health").json()
    assert health["documents"] == 1
    assert health["chunks"] >= 1
    response = client.get(f"{V1}/search", params={"q": "tillit", "k": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "tillit"
    [passage] = body["results"]
    assert set(passage) == {
        "text",
        "source",
        "title",
        "location",
        "score",
        "provenance",
        "provenance_en",
    }
    assert passage["source"] == "tillit.txt"
    assert passage["provenance"] is None  # a plain upload declares none


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "x", "k": 0}, {"q": "x", "k": 51}, {}])
def test_search_rejects_bad_parameters(client: TestClient, params: dict[str, object]) -> None:
    assert client.get(f"{V1}/search", params=params).status_code == 422


def test_other_refusals_of_the_retriever_are_400(
    fake_services: Services, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(query: str, k: int, **_: object) -> list[object]:
        raise ArenaError("That query cannot be searched")

    monkeypatch.setattr(fake_services.retriever, "search", refuse)
    response = client.get(f"{V1}/search", params={"q": "tillit"})
    assert response.status_code == 400
    assert response.json() == {"detail": "That query cannot be searched"}


def test_search_shows_what_a_starter_section_restates(
    fake_services: Services, client: TestClient, tmp_path: Path
) -> None:
    document = tmp_path / "kompass.md"
    document.write_text(
        "---\ntitle: Kompass\n"
        "sources:\n  h2b: {title: H2B Open, publisher: Health2B, date: 2025-06-05}\n"
        "provenance:\n  Tillit: {source: h2b, slide: 5}\n"
        "  Praksis: {practice: true}\n---\n"
        "## Tillit\n\nPartnerne bygger tillit gjennom åpenhet om egne interesser.\n\n"
        "## Praksis\n\nFasilitatoren leser opp kompasset før hver workshop.\n",
        encoding="utf-8",
    )
    assert fake_services.indexer.ingest([document]).ok

    results = client.get(f"{V1}/search", params={"q": "tillit åpenhet", "k": 2}).json()["results"]

    by_text = {r["text"].split()[0]: r for r in results}
    assert "slide 5" in by_text["Partnerne"]["provenance_en"]
    assert "H2B Open" in by_text["Partnerne"]["provenance"]
    assert by_text["Fasilitatoren"]["provenance_en"] == "Arena practice (no source)"
