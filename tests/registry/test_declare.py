"""One way to declare: `arena registry declare` and `POST /api/v1/declarations` agree."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.common import use_services
from assistant.registry import declarations, organisations, people
from assistant.registry.errors import InvalidInputError
from assistant.registry.models import DeclaredInterest, OrganisationUpdate
from assistant.services import Services
from tests.registry.conftest import Api, World

V1 = "/api/v1"
KARI = "kari@ous.no"
PER = "per@baerum.kommune.no"


@pytest.fixture
def cli(services: Services) -> Iterator[CliRunner]:
    use_services(services)
    yield CliRunner()
    use_services(None)


@pytest.fixture
def ous_alias(session: Session, world: World) -> None:
    """Oslo universitetssykehus HF is also known as OUS."""
    organisations.update_organisation(
        session=session,
        organisation_id=world.ous,
        data=OrganisationUpdate(aliases=["OUS"]),
        actor="test",
    )
    session.commit()


def run(cli: CliRunner, *args: str, code: int = 0) -> str:
    result = cli.invoke(app, ["registry", "declare", *args])
    assert result.exit_code == code, result.output
    return result.output


def interests_file(tmp_path: Path, interests: list[dict[str, Any]]) -> str:
    path = tmp_path / "interests.json"
    path.write_text(json.dumps(interests), encoding="utf-8")
    return str(path)


def state(session: Session, person_id: int) -> list[dict[str, Any]]:
    """A person's declarations as status, version and interests, without ids or times."""
    session.expire_all()
    skip = {"id", "declaration_id", "created_at", "updated_at"}
    return [
        {
            "status": d.status,
            "version": d.version,
            "interests": [
                i.model_dump(exclude=skip, warnings=False)
                for i in declarations.interests_of(session=session, declaration_id=d.id)  # type: ignore[arg-type]
            ],
        }
        for d in declarations.list_declarations(session=session, person_id=person_id)
    ]


def test_same_interests_give_the_same_declaration_through_cli_and_api(
    api: Api, cli: CliRunner, session: Session, ous_alias: None, tmp_path: Path
) -> None:
    interests = [
        {"category": "employment", "organisation": "OUS", "position": "nurse"},
        {"category": "ownership", "organisation": "123456785", "value_band": "up_to_10k"},
        {"category": "consulting", "organisation": f"#{api.world.kommune}", "topics": ["x"]},
        {"category": "research_funding", "organisation_id": api.world.medtek},
        {"category": "non_financial", "description": "Patient association member"},
    ]
    response = api.client.post(
        f"{V1}/declarations", json={"interests": interests}, headers=api.as_("partner")
    )
    assert response.status_code == 201, response.text
    out = run(cli, PER, "--from-json", interests_file(tmp_path, interests))
    assert "draft, 5 interest(s), version 1" in out

    by_api = state(session, api.world.partner)
    by_cli = state(session, api.world.partner2)
    assert by_api == by_cli
    [declaration] = by_api
    assert [i["organisation_id"] for i in declaration["interests"]] == [
        api.world.ous,
        api.world.medtek,
        api.world.kommune,
        api.world.medtek,
        None,
    ]


def test_a_counterpart_by_alias_works_in_both(
    api: Api, cli: CliRunner, session: Session, ous_alias: None
) -> None:
    run(cli, KARI, "--category", "employment", "--org", "ous", "--position", "nurse")
    [declaration] = state(session, api.world.partner)
    assert declaration["interests"][0]["organisation_id"] == api.world.ous

    created = api.client.post(
        f"{V1}/declarations",
        json={"interests": [{"category": "employment", "organisation": "ous"}]},
        headers=api.as_("partner2"),
    )
    assert created.status_code == 201, created.text
    assert created.json()["interests"][0]["organisation_id"] == api.world.ous
    added = api.client.post(
        f"{V1}/declarations/{created.json()['id']}/interests",
        json={"category": "consulting", "organisation": "OUS"},
        headers=api.as_("partner2"),
    )
    assert added.status_code == 201, added.text
    assert added.json()["organisation_id"] == api.world.ous


def test_both_refuse_a_second_open_declaration(api: Api, cli: CliRunner, session: Session) -> None:
    first = api.client.post(f"{V1}/declarations", json={}, headers=api.as_("partner"))
    assert first.status_code == 201
    before = state(session, api.world.partner)

    again = api.client.post(
        f"{V1}/declarations",
        json={"interests": [{"category": "other"}]},
        headers=api.as_("partner"),
    )
    assert again.status_code == 409
    assert "already has declaration" in again.json()["detail"]
    out = run(cli, KARI, "--category", "other", code=1)
    assert "already has declaration" in out
    assert "--declaration" in out
    assert state(session, api.world.partner) == before


def test_cli_adds_to_an_open_declaration_only_when_named(
    api: Api, cli: CliRunner, session: Session
) -> None:
    created = api.client.post(f"{V1}/declarations", json={}, headers=api.as_("partner")).json()
    declaration_id = str(created["id"])
    out = run(cli, KARI, "--category", "other", "--org", "Medtek", "--declaration", declaration_id)
    assert "draft, 1 interest(s), version 2" in out
    stale = run(
        cli, KARI, "--category", "other", "--declaration", declaration_id, "--version", "1", code=1
    )
    assert "changed by someone else" in stale
    not_theirs = run(cli, PER, "--category", "other", "--declaration", declaration_id, code=1)
    assert f"Declaration {declaration_id} is not Per Partner's" in not_theirs
    assert "--version" in run(cli, KARI, "--category", "other", "--version", "2", code=1)
    [declaration] = state(session, api.world.partner)
    assert (declaration["version"], len(declaration["interests"])) == (2, 1)


@pytest.mark.parametrize(
    ("interest", "status", "fragment"),
    [
        ({"category": "other", "organisation": "Nowhere"}, 404, "Unknown organisation 'Nowhere'"),
        ({"category": "other", "organisation": "#99999999999"}, 404, "No organisation with id"),
        (
            {"category": "other", "organisation": "Medtek", "organisation_id": 1},
            422,
            "not both",
        ),
    ],
)
def test_a_bad_counterpart_writes_nothing_in_both(
    api: Api,
    cli: CliRunner,
    session: Session,
    tmp_path: Path,
    interest: dict[str, Any],
    status: int,
    fragment: str,
) -> None:
    interests = [{"category": "employment", "organisation": "Medtek"}, interest]
    response = api.client.post(
        f"{V1}/declarations", json={"interests": interests}, headers=api.as_("partner")
    )
    assert response.status_code == status, response.text
    assert fragment in response.text
    out = run(cli, PER, "--from-json", interests_file(tmp_path, interests), code=1)
    assert fragment in out
    assert state(session, api.world.partner) == state(session, api.world.partner2) == []


def test_declare_refuses_someone_elses_declaration(session: Session, world: World) -> None:
    kari = people.get_person(session=session, person_id=world.partner)
    per = people.get_person(session=session, person_id=world.partner2)
    declaration = declarations.declare(session=session, person=kari, actor="t")
    with pytest.raises(InvalidInputError, match="is not Per Partner's"):
        declarations.declare(
            session=session,
            person=per,
            interests=[DeclaredInterest(category="other")],  # type: ignore[arg-type]
            actor="t",
            declaration_id=declaration.id,
        )
    with pytest.raises(InvalidInputError, match="No interest to add"):
        declarations.declare(session=session, person=kari, actor="t", declaration_id=declaration.id)
