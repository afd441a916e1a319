"""The brief routes per role: draft, list, read, revise and export, and bad input saving nothing."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_api
from assistant.api.briefs import BriefChanges
from assistant.briefs.model import BriefInput
from assistant.config import Settings
from assistant.registry import people
from assistant.registry.db import open_session
from assistant.services import Services
from tests.briefs.surfaces import (
    NEED,
    OTHER_FACILITATOR,
    OUTCOMES,
    TITLE,
    brief_services,
    draft_input,
)

V1 = "/api/v1"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SHAPE = {"id", "version", "language", "brief", "compass", "findings", "conflicts", "citations"}
WHO = {
    "coordinator": "ola@arena.no",
    "partner": "kari@ous.no",
    "facilitator": "frida@arena.no",
    "other_facilitator": OTHER_FACILITATOR,
}


class Client:
    """The API's test client with a token per role."""

    def __init__(self, client: TestClient, services: Services, tokens: dict[str, str]) -> None:
        self.client = client
        self.services = services
        self.tokens = tokens

    def call(self, method: str, path: str, who: str | None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return self.client.request(method, f"{V1}{path}", headers=headers, **kwargs)

    def draft(self, who: str = "facilitator", **changes: object) -> dict[str, Any]:
        response = self.call("POST", "/briefs", who, json=draft_input(**changes))
        assert response.status_code == 201, response.text
        return response.json()

    def saved(self) -> list[dict[str, Any]]:
        response = self.call("GET", "/briefs", "coordinator")
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def api(settings: Settings, tmp_path: Path) -> Iterator[Client]:
    services, _world = brief_services(settings, tmp_path / "notes")
    tokens = {}
    with open_session(services.engine) as session:
        for who, email in WHO.items():
            person = people.get_person_by_email(session=session, email=email)
            tokens[who] = people.issue_token(session=session, person=person, actor="test")
        session.commit()
    with TestClient(create_api(services)) as client:
        yield Client(client, services, tokens)
    services.store.engine.dispose()


def test_a_facilitator_drafts_a_brief_and_reads_it_back(api: Client) -> None:
    body = api.draft()

    assert set(body) >= SHAPE
    assert body["version"] == 1
    assert body["language"] == "no"
    assert body["title"] == TITLE
    assert body["author"] == "frida@arena.no"
    assert body["brief"]["owners"] == ["Oslo universitetssykehus HF"]
    conflicts = {c["participant"]: c for c in body["conflicts"]}
    assert conflicts["Nina Nordmann"]["registered"] is False
    assert any(c["email"] == "kari@ous.no" and c["registered"] for c in conflicts.values())
    assert body["compass"]
    assert all(set(c) >= {"principle", "commitment", "status", "reason"} for c in body["compass"])
    assert all(set(c) == {"n", "source", "location", "quote"} for c in body["citations"])
    read = api.call("GET", f"/briefs/{body['id']}", "facilitator")
    assert read.status_code == 200
    assert read.json()["brief"] == body["brief"]
    listed = api.call("GET", "/briefs", "facilitator").json()
    assert [row["id"] for row in listed] == [body["id"]]
    assert set(listed[0]) == {
        "id",
        "title",
        "version",
        "language",
        "kind",
        "author",
        "updated_at",
    }
    assert listed[0]["kind"] == "co-creation"


def test_evidence_comes_from_the_knowledge_base_with_citations(api: Client) -> None:
    body = api.draft()

    assert {c["source"] for c in body["citations"]} <= {"hjertesvikt.md", "hjemme.md"}
    assert body["citations"], "the notes speak of the need: some evidence is cited"
    need = body["brief"]["sections"]["need"]
    cited = {n for p in need["paragraphs"] for n in p["citations"]}
    assert cited <= {c["n"] for c in body["citations"]}


def test_a_partner_is_refused_every_brief_route(api: Client) -> None:
    brief = api.draft()
    partner_routes = [
        ("POST", "/briefs", {"json": draft_input()}),
        ("GET", "/briefs", {}),
        ("GET", f"/briefs/{brief['id']}", {}),
        ("GET", "/briefs/4242", {}),  # refused by role before anyone looks the id up
        ("POST", f"/briefs/{brief['id']}/revisions", {"json": {"outcomes": OUTCOMES}}),
        ("GET", f"/briefs/{brief['id']}/export", {"params": {"format": "md"}}),
    ]
    for method, path, kwargs in partner_routes:
        response = api.call(method, path, "partner", **kwargs)
        assert response.status_code == 403, (method, path, response.text)
        assert "facilitator or coordinator" in response.json()["detail"]
    assert [row["version"] for row in api.saved()] == [1]


def test_no_token_is_401(api: Client) -> None:
    for method, path in [("POST", "/briefs"), ("GET", "/briefs"), ("GET", "/briefs/1")]:
        response = api.call(method, path, None, json=draft_input())
        assert response.status_code == 401, path
    assert api.saved() == []


def test_a_brief_is_its_authors_and_the_coordinators(api: Client) -> None:
    brief = api.draft()
    path = f"/briefs/{brief['id']}"

    assert api.call("GET", path, "coordinator").status_code == 200
    assert [row["id"] for row in api.saved()] == [brief["id"]]
    other = api.call("GET", path, "other_facilitator")
    assert other.status_code == 403
    assert other.json()["detail"] == f"Brief {brief['id']} is not yours"
    assert api.call("GET", "/briefs", "other_facilitator").json() == []
    refused = api.call(
        "POST", f"{path}/revisions", "other_facilitator", json={"outcomes": OUTCOMES}
    )
    assert refused.status_code == 403
    assert api.call("GET", f"{path}/export", "other_facilitator").status_code == 403
    assert api.saved()[0]["version"] == 1


def test_an_unknown_brief_or_version_is_404(api: Client) -> None:
    brief = api.draft()
    assert api.call("GET", "/briefs/4242", "coordinator").status_code == 404
    missing = api.call("GET", f"/briefs/{brief['id']}", "coordinator", params={"version": 9})
    assert missing.status_code == 404
    assert missing.json()["detail"] == f"Brief {brief['id']} has no version 9"


def test_a_revision_is_a_new_version_that_says_what_changed(api: Client) -> None:
    brief = api.draft()
    assert "missing-section:outcomes" in {f["check"] for f in brief["findings"]}

    response = api.call(
        "POST", f"/briefs/{brief['id']}/revisions", "facilitator", json={"outcomes": OUTCOMES}
    )

    assert response.status_code == 201, response.text
    revised = response.json()
    assert revised["version"] == 2
    assert "missing-section:outcomes" in {f["check"] for f in revised["changes"]["resolved"]}
    assert "missing-section:outcomes" not in {f["check"] for f in revised["findings"]}
    assert revised["brief"]["sections"]["outcomes"]["status"] == "filled"
    latest = api.call("GET", f"/briefs/{brief['id']}", "facilitator").json()
    assert latest["version"] == 2
    first = api.call("GET", f"/briefs/{brief['id']}", "facilitator", params={"version": 1})
    assert first.json()["version"] == 1
    assert first.json()["changes"] is None
    assert api.saved()[0]["version"] == 2


def test_export_as_word_opens_with_real_headings(api: Client) -> None:
    brief = api.draft()

    response = api.call(
        "GET", f"/briefs/{brief['id']}/export", "facilitator", params={"format": "docx"}
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == WORD
    assert (
        response.headers["content-disposition"]
        == f'attachment; filename="brief-{brief["id"]}-v1.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    headings: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        if paragraph.style is not None:
            headings.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert headings["Heading 1"] == [TITLE]
    sections = [s["title"] for k, s in brief["brief"]["sections"].items() if k != "summary"]
    assert set(sections) <= set(headings["Heading 2"])
    assert document.tables, "the compass check is a table"


def test_export_as_markdown_of_a_given_version(api: Client) -> None:
    brief = api.draft()
    api.call("POST", f"/briefs/{brief['id']}/revisions", "facilitator", json={"title": "Ny tittel"})

    response = api.call(
        "GET",
        f"/briefs/{brief['id']}/export",
        "coordinator",
        params={"format": "md", "version": 1},
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    assert response.headers["content-disposition"].endswith(f'"brief-{brief["id"]}-v1.md"')
    assert response.text.startswith(f"# {TITLE}")
    assert "Ny tittel" not in response.text
    bad = api.call("GET", f"/briefs/{brief['id']}/export", "coordinator", params={"format": "pdf"})
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("changes", "status", "fragment"),
    [
        ({"need": ""}, 422, "need"),
        ({"need": "For kort."}, 422, "at least 20 characters"),
        ({"organisations": ["Nowhere AS"]}, 404, "Organisation 'Nowhere AS'"),
        ({"participants": ["nobody@example.no"]}, 404, "'nobody@example.no'"),
        ({"kind": "hackathon"}, 422, "co-creation"),
        ({"date": "2027-13-01"}, 422, "date"),
        ({"language": "de"}, 422, "language"),
        ({"budget": 100}, 422, "budget"),
    ],
)
def test_bad_input_is_one_clear_error_and_saves_nothing(
    api: Client, changes: dict[str, object], status: int, fragment: str
) -> None:
    response = api.call("POST", "/briefs", "facilitator", json=draft_input(**changes))

    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    if isinstance(detail, list):  # a 422: one error, in FastAPI's shape
        assert len(detail) == 1, detail
        detail = f"{detail[0]['loc']} {detail[0]['msg']}"
    assert fragment in detail
    assert api.saved() == []


def test_a_need_of_several_megabytes_is_refused_unread(api: Client) -> None:
    response = api.call("POST", "/briefs", "facilitator", json=draft_input(need=NEED * 40_000))

    assert response.status_code == 413
    assert "ARENA_MAX_REQUEST_KB" in response.json()["detail"]
    assert api.saved() == []


def test_a_bad_revision_saves_nothing(api: Client) -> None:
    brief = api.draft()
    path = f"/briefs/{brief['id']}/revisions"

    unknown = api.call("POST", path, "facilitator", json={"organisations": ["Nowhere AS"]})
    short = api.call("POST", path, "facilitator", json={"need": "Kort."})
    stray = api.call("POST", path, "facilitator", json={"needs": NEED})

    assert unknown.status_code == 404
    assert "Nowhere AS" in unknown.json()["detail"]
    assert short.status_code == 422
    assert "need" in short.json()["detail"][0]["msg"]
    assert stray.status_code == 422
    assert api.saved()[0]["version"] == 1


def test_revision_fields_are_the_drafts_fields() -> None:
    assert set(BriefChanges.model_fields) == set(BriefInput.model_fields)


def test_drafting_and_revising_run_off_the_event_loop(
    api: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = api.services.briefs
    loops: list[bool] = []

    def watched(method: Any) -> Any:
        def call(*args: Any) -> Any:
            try:
                asyncio.get_running_loop()
                loops.append(True)
            except RuntimeError:
                loops.append(False)
            return method(*args)

        return call

    monkeypatch.setattr(service, "draft", watched(service.draft))
    monkeypatch.setattr(service, "revise", watched(service.revise))
    brief = api.draft()
    api.call("POST", f"/briefs/{brief['id']}/revisions", "facilitator", json={"scope": "Alt."})

    assert loops == [False, False]


def test_the_routes_are_documented(api: Client) -> None:
    spec = api.client.get(f"{V1}/openapi.json").json()
    for path in ("/briefs", "/briefs/{brief_id}", "/briefs/{brief_id}/revisions"):
        assert f"{V1}{path}" in spec["paths"]
    export = spec["paths"][f"{V1}/briefs/{{brief_id}}/export"]["get"]
    assert set(export["responses"]["200"]["content"]) >= {"text/markdown", WORD}
