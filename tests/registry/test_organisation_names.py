"""Organisation names and aliases: no clashes between them, and the API takes them as the CLI does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.common import use_services
from assistant.registry import organisations
from assistant.registry.errors import AlreadyExistsError
from assistant.registry.models import OrganisationCreate, OrganisationUpdate
from assistant.services import Services
from tests.registry.conftest import Api, World

V1 = "/api/v1"


@pytest.fixture
def ous_alias(session: Session, world: World) -> None:
    organisations.update_organisation(
        session=session,
        organisation_id=world.ous,
        data=OrganisationUpdate(aliases=["OUS"]),
        actor="test",
    )
    session.commit()


@pytest.fixture
def cli(services: Services) -> Iterator[CliRunner]:
    use_services(services)
    yield CliRunner()
    use_services(None)


@pytest.mark.parametrize(
    ("name", "aliases", "clash"),
    [
        ("OUS", [], "is already an alias of Oslo universitetssykehus HF"),
        ("ous", [], "is already an alias of Oslo universitetssykehus HF"),
        ("Helse Sør", ["Medtek"], "is already the name of Medtek AS"),
        ("Helse Sør", ["oslo universitetssykehus"], "is already the name of Oslo"),
        ("MEDTEK as", [], "is already the name of Medtek AS"),
    ],
)
def test_a_name_or_alias_taken_by_another_is_refused(
    session: Session, world: World, ous_alias: None, name: str, aliases: list[str], clash: str
) -> None:
    with pytest.raises(AlreadyExistsError, match=clash):
        organisations.create_organisation(
            session=session, data=OrganisationCreate(name=name, aliases=aliases), actor="t"
        )


def test_an_alias_taken_by_another_is_refused_when_added(
    session: Session, world: World, ous_alias: None
) -> None:
    with pytest.raises(AlreadyExistsError, match="'OUS' is already an alias of Oslo"):
        organisations.update_organisation(
            session=session,
            organisation_id=world.medtek,
            data=OrganisationUpdate(aliases=["OUS"]),
            actor="t",
        )
    with pytest.raises(AlreadyExistsError, match="already the name of Medtek AS"):
        organisations.update_organisation(
            session=session,
            organisation_id=world.kommune,
            data=OrganisationUpdate(name="Medtek"),
            actor="t",
        )
    # Its own names are no clash: re-saving Oslo universitetssykehus with OUS is fine.
    organisations.update_organisation(
        session=session,
        organisation_id=world.ous,
        data=OrganisationUpdate(aliases=["OUS", "Rikshospitalet"]),
        actor="t",
    )


def test_distinct_names_are_still_welcome(session: Session, world: World, ous_alias: None) -> None:
    created = organisations.create_organisation(
        session=session,
        data=OrganisationCreate(name="Sykehuset Østfold HF", aliases=["SØ"]),
        actor="t",
    )
    assert organisations.resolve_organisation(session=session, reference="SØ").id == created.id


def test_cli_refuses_the_clash_and_ous_stays_unambiguous(
    cli: CliRunner, world: World, ous_alias: None
) -> None:
    result = cli.invoke(app, ["registry", "organisations", "add", "OUS"])
    assert result.exit_code == 1
    assert "is already an alias of Oslo universitetssykehus HF" in result.output
    added = cli.invoke(
        app,
        ["users", "add", "new@ous.no", "--name", "Nina Ny", "--org", "OUS"],
    )
    assert added.exit_code == 0, added.output


def test_api_refuses_the_clash_with_409(api: Api, ous_alias: None) -> None:
    response = api.client.post(
        f"{V1}/organisations", json={"name": "OUS"}, headers=api.as_("partner")
    )
    assert response.status_code == 409
    assert "already an alias" in response.json()["detail"]


# The API resolves organisations by reference, as the CLI's --org does -----------------------


def test_api_adds_a_person_with_an_organisation_by_alias(api: Api, ous_alias: None) -> None:
    response = api.client.post(
        f"{V1}/people",
        json={"name": "Nina Ny", "email": "nina@ous.no", "organisation": "OUS"},
        headers=api.as_("coordinator"),
    )
    assert response.status_code == 201, response.text
    assert response.json()["organisation_id"] == api.world.ous
    by_number = api.client.post(
        f"{V1}/people",
        json={"name": "Mats Medtek", "email": "mats@medtek.no", "organisation": "123 456 785"},
        headers=api.as_("coordinator"),
    )
    assert by_number.json()["organisation_id"] == api.world.medtek


def test_api_person_with_unknown_or_double_organisation_is_refused(api: Api) -> None:
    unknown = api.client.post(
        f"{V1}/people",
        json={"name": "Nina Ny", "email": "nina@ous.no", "organisation": "Nowhere Trust"},
        headers=api.as_("coordinator"),
    )
    assert unknown.status_code == 404
    assert "Unknown organisation 'Nowhere Trust'" in unknown.json()["detail"]
    both = api.client.post(
        f"{V1}/people",
        json={"name": "Nina", "email": "n@ous.no", "organisation": "OUS", "organisation_id": 1},
        headers=api.as_("coordinator"),
    )
    assert both.status_code == 422
    assert "not both" in both.text


def test_api_activity_names_organisations_by_reference(api: Api, ous_alias: None) -> None:
    response = api.client.post(
        f"{V1}/activities",
        json={
            "name": "Sensor procurement",
            "kind": "procurement",
            "organisations": ["ous", "Medtek"],
            "organisation_ids": [api.world.medtek],
            "agenda": [{"title": "Municipal needs", "organisations": [f"#{api.world.kommune}"]}],
        },
        headers=api.as_("coordinator"),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert sorted(body["organisation_ids"]) == sorted([api.world.ous, api.world.medtek])
    assert body["agenda"][0]["organisation_ids"] == [api.world.kommune]
    unknown = api.client.post(
        f"{V1}/activities",
        json={"name": "Nowhere", "kind": "advisory", "organisations": ["Nowhere Trust"]},
        headers=api.as_("coordinator"),
    )
    assert unknown.status_code == 404
    assert len(api.client.get(f"{V1}/activities", headers=api.as_("coordinator")).json()) == 1


def test_api_changes_an_interest_counterpart_by_reference(api: Api, ous_alias: None) -> None:
    created = api.client.post(
        f"{V1}/declarations",
        json={"interests": [{"category": "employment", "organisation": "Medtek"}]},
        headers=api.as_("partner"),
    ).json()
    interest_id = created["interests"][0]["id"]
    changed = api.client.patch(
        f"{V1}/declarations/{created['id']}/interests/{interest_id}",
        json={"organisation": "OUS"},
        headers=api.as_("partner"),
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["organisation_id"] == api.world.ous
