"""The registry API: bearer tokens, access per role, validation, the whole workflow."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from assistant.api.app import create_api
from assistant.config import Settings
from assistant.services import build_services
from tests.registry.conftest import Api

V1 = "/api/v1"


def interest(org: int, **extra: object) -> dict[str, object]:
    return {
        "category": "board_or_leading_position",
        "organisation_id": org,
        "position": "board member",
        "topics": ["sensors"],
        "description": "Paid board seat",
        "value_band": "100k_to_1m",
        "publishable": True,
        **extra,
    }


def approved_declaration(api: Api, who: str = "partner") -> dict:
    created = api.client.post(
        f"{V1}/declarations",
        json={"interests": [interest(api.world.medtek)]},
        headers=api.as_(who),
    )
    assert created.status_code == 201, created.text
    declaration = created.json()
    submitted = api.client.post(
        f"{V1}/declarations/{declaration['id']}/submit",
        json={"version": declaration["version"]},
        headers=api.as_(who),
    )
    assert submitted.status_code == 200, submitted.text
    review = api.client.post(
        f"{V1}/declarations/{declaration['id']}/reviews",
        json={
            "version": submitted.json()["version"],
            "outcome": "approved",
            "decision": "disclose_only",
            "reasoning": "Disclosed",
        },
        headers=api.as_("coordinator"),
    )
    assert review.status_code == 201, review.text
    return api.client.get(
        f"{V1}/declarations/{declaration['id']}", headers=api.as_("coordinator")
    ).json()


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer arena_wrong"}, {"Authorization": "Basic a2FyaTpwdw=="}],
)
def test_missing_or_wrong_token_is_401(api: Api, headers: dict[str, str]) -> None:
    response = api.client.get(f"{V1}/declarations", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_me(api: Api) -> None:
    response = api.client.get(f"{V1}/me", headers=api.as_("partner"))
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "kari@ous.no"
    assert "password_hash" not in body


def test_full_workflow_through_the_api(api: Api) -> None:
    declaration = approved_declaration(api)
    assert declaration["status"] == "approved"
    assert declaration["reviews"][0]["decision"] == "disclose_only"
    snapshots = api.client.get(
        f"{V1}/declarations/{declaration['id']}/snapshots", headers=api.as_("partner")
    ).json()
    assert snapshots[0]["content"]["interests"][0]["organisation_name"] == "Medtek AS"
    added = api.client.post(
        f"{V1}/declarations/{declaration['id']}/interests",
        json={"category": "consulting", "organisation_id": api.world.ous},
        headers=api.as_("partner"),
    )
    assert added.status_code == 201, added.text
    after = api.client.get(
        f"{V1}/declarations/{declaration['id']}", headers=api.as_("partner")
    ).json()
    assert after["status"] == "update_required"
    audit = api.client.get(
        f"{V1}/declarations/{declaration['id']}/audit", headers=api.as_("coordinator")
    ).json()
    assert [e["action"] for e in audit][-1] == "declaration.update_required"
    verify = api.client.get(f"{V1}/audit/verify", headers=api.as_("coordinator")).json()
    assert verify["ok"] is True


def test_partner_sees_and_edits_only_own_declarations(api: Api) -> None:
    declaration = approved_declaration(api, "partner")
    mine = api.client.get(f"{V1}/declarations", headers=api.as_("partner2")).json()
    assert mine == []
    other = api.client.get(f"{V1}/declarations/{declaration['id']}", headers=api.as_("partner2"))
    assert other.status_code == 403
    edit = api.client.post(
        f"{V1}/declarations/{declaration['id']}/interests",
        json={"category": "other"},
        headers=api.as_("partner2"),
    )
    assert edit.status_code == 403
    for_other = api.client.post(
        f"{V1}/declarations",
        json={"person_id": api.world.partner2},
        headers=api.as_("partner"),
    )
    assert for_other.status_code == 403
    everything = api.client.get(f"{V1}/declarations", headers=api.as_("coordinator")).json()
    assert [d["id"] for d in everything] == [declaration["id"]]


def test_public_summary_never_shows_amounts(api: Api) -> None:
    approved_declaration(api, "partner")
    for who in ("partner2", "facilitator"):
        response = api.client.get(f"{V1}/interests/public", headers=api.as_(who))
        assert response.status_code == 200
        [row] = response.json()
        assert row == {
            "person_id": api.world.partner,
            "person_name": "Kari Partner",
            "organisation_id": api.world.medtek,
            "organisation_name": "Medtek AS",
            "position": "board member",
            "category": "board_or_leading_position",
        }
        assert "100k" not in response.text
        assert "Paid board seat" not in response.text


def test_unpublishable_and_unapproved_interests_stay_private(api: Api) -> None:
    api.client.post(
        f"{V1}/declarations",
        json={"interests": [interest(api.world.medtek)]},
        headers=api.as_("partner"),
    )
    assert api.client.get(f"{V1}/interests/public", headers=api.as_("partner2")).json() == []


def test_only_coordinators_review(api: Api) -> None:
    created = api.client.post(f"{V1}/declarations", json={}, headers=api.as_("partner2")).json()
    api.client.post(
        f"{V1}/declarations/{created['id']}/submit", json={}, headers=api.as_("partner2")
    )
    body = {"version": 2, "outcome": "approved", "decision": "no_conflict", "reasoning": "x"}
    for who in ("partner", "facilitator", "partner2"):
        response = api.client.post(
            f"{V1}/declarations/{created['id']}/reviews", json=body, headers=api.as_(who)
        )
        assert response.status_code == 403, who


def test_review_of_own_declaration_is_refused(api: Api) -> None:
    created = api.client.post(f"{V1}/declarations", json={}, headers=api.as_("coordinator")).json()
    api.client.post(
        f"{V1}/declarations/{created['id']}/submit", json={}, headers=api.as_("coordinator")
    )
    response = api.client.post(
        f"{V1}/declarations/{created['id']}/reviews",
        json={"version": 2, "outcome": "approved", "decision": "no_conflict", "reasoning": "x"},
        headers=api.as_("coordinator"),
    )
    assert response.status_code == 403
    assert "own declaration" in response.json()["detail"]


def test_illegal_transition_and_stale_version_are_409(api: Api) -> None:
    created = api.client.post(f"{V1}/declarations", json={}, headers=api.as_("partner")).json()
    review = {"version": 1, "outcome": "approved", "decision": "no_conflict", "reasoning": "x"}
    illegal = api.client.post(
        f"{V1}/declarations/{created['id']}/reviews", json=review, headers=api.as_("coordinator")
    )
    assert illegal.status_code == 409
    assert "is draft: cannot approve" in illegal.json()["detail"]
    api.client.post(
        f"{V1}/declarations/{created['id']}/submit", json={}, headers=api.as_("partner")
    )
    stale = api.client.post(
        f"{V1}/declarations/{created['id']}/reviews", json=review, headers=api.as_("coordinator")
    )
    assert stale.status_code == 409
    assert "changed by someone else" in stale.json()["detail"]


@pytest.mark.parametrize(
    ("path", "body", "fragment"),
    [
        ("/organisations", {"name": "X AS", "org_number": "123456789"}, "check digit"),
        ("/organisations", {"name": "Y AS", "org_number": "12"}, "nine digits"),
        ("/organisations", {"name": "Z" * 201}, "at most 200"),
        ("/organisations", {"name": "Nul\u0000 AS"}, "control characters"),
        ("/people", {"name": "Bad", "email": "not-an-email"}, "email"),
        # Found by schemathesis: a C1 control, and a name that is short once trimmed.
        ("/people", {"name": "\t\u009c", "email": "c1@b.no"}, "control characters"),
        ("/people", {"name": " A\t", "email": "short@b.no"}, "at least 2"),
        ("/people", {"name": "Bad", "email": "a@b.no", "role": "king"}, "partner"),
        (
            "/declarations",
            {
                "interests": [
                    {"category": "employment", "starts_on": "2025-01-01", "ends_on": "2024-01-01"}
                ]
            },
            "ends_on must not be before starts_on",
        ),
        ("/declarations", {"interests": [{"category": "bribes"}]}, "employment"),
        (
            "/declarations",
            {"interests": [{"category": "other", "description": "x" * 2001}]},
            "2000",
        ),
    ],
)
def test_bad_input_is_422_with_a_clear_message(
    api: Api, path: str, body: dict, fragment: str
) -> None:
    response = api.client.post(f"{V1}{path}", json=body, headers=api.as_("coordinator"))
    assert response.status_code == 422, response.text
    assert fragment in response.text


def test_unknown_references_are_404_and_nothing_half_written(api: Api) -> None:
    response = api.client.post(
        f"{V1}/declarations",
        json={
            "interests": [{"category": "other"}, {"category": "employment", "organisation_id": 999}]
        },
        headers=api.as_("partner"),
    )
    assert response.status_code == 404
    assert "No organisation with id 999" in response.json()["detail"]
    assert api.client.get(f"{V1}/declarations", headers=api.as_("partner")).json() == []
    missing = api.client.get(f"{V1}/declarations/4242", headers=api.as_("coordinator"))
    assert missing.status_code == 404


def test_duplicate_email_and_org_number_are_409(api: Api) -> None:
    again = api.client.post(
        f"{V1}/people",
        json={"name": "Kari", "email": "KARI@ous.no"},
        headers=api.as_("coordinator"),
    )
    assert again.status_code == 409
    org = api.client.post(
        f"{V1}/organisations",
        json={"name": "Another", "org_number": "993467049"},
        headers=api.as_("partner"),
    )
    assert org.status_code == 409


def test_people_listing_hides_emails_but_coordinator_sees_record(api: Api) -> None:
    listing = api.client.get(f"{V1}/people", headers=api.as_("partner"))
    assert "@" not in listing.text
    assert (
        api.client.get(f"{V1}/people/{api.world.partner2}", headers=api.as_("partner")).status_code
        == 403
    )
    record = api.client.get(f"{V1}/people/{api.world.partner2}", headers=api.as_("coordinator"))
    assert record.json()["email"] == "per@baerum.kommune.no"
    assert (
        api.client.post(
            f"{V1}/people", json={"name": "New", "email": "n@x.no"}, headers=api.as_("facilitator")
        ).status_code
        == 403
    )


def _activity(api: Api, who: str, **extra: object) -> dict:
    response = api.client.post(
        f"{V1}/activities",
        json={
            "name": "Sensor procurement",
            "kind": "procurement",
            "organisation_ids": [api.world.medtek],
            "participants": [{"person_id": api.world.partner, "role": "decision_maker"}],
            "agenda": [{"title": "Award", "decision": True}],
            **extra,
        },
        headers=api.as_(who),
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_facilitator_checks_only_activities_they_run_and_never_reads_private_interests(
    api: Api,
) -> None:
    approved_declaration(api, "partner")  # a board seat at Medtek, publishable
    declaration = api.client.get(f"{V1}/declarations", headers=api.as_("partner")).json()[0]
    private = {
        "category": "consulting",
        "organisation_id": api.world.kommune,
        "whose": "spouse_or_partner",
        "description": "Spouse advises the municipality",
        "value_band": "over_1m",
        "publishable": False,
    }
    added = api.client.post(
        f"{V1}/declarations/{declaration['id']}/interests",
        json=private,
        headers=api.as_("partner"),
    )
    assert added.status_code == 201, added.text
    api.client.post(
        f"{V1}/declarations/{declaration['id']}/submit", json={}, headers=api.as_("partner")
    )
    version = api.client.get(
        f"{V1}/declarations/{declaration['id']}", headers=api.as_("coordinator")
    ).json()["version"]
    approved = api.client.post(
        f"{V1}/declarations/{declaration['id']}/reviews",
        json={
            "version": version,
            "outcome": "approved",
            "decision": "disclose_only",
            "reasoning": "ok",
        },
        headers=api.as_("coordinator"),
    )
    assert approved.status_code == 201, approved.text
    theirs = _activity(
        api,
        "coordinator",
        facilitator_id=api.world.facilitator,
        organisation_ids=[api.world.medtek, api.world.kommune],
    )
    others = _activity(api, "coordinator")
    ok = api.client.get(f"{V1}/activities/{theirs['id']}/conflicts", headers=api.as_("facilitator"))
    assert ok.status_code == 200
    body = ok.json()
    assert body["view"] == "facilitator"
    [finding] = body["participants"]
    assert finding["severity"] == "direct"
    assert finding["recommended_decision"] == "excluded"
    assert finding["reviewed_decision"] == "disclose_only"
    assert "evidence" not in finding
    assert finding["public_interests"] == [
        {
            "organisation_id": api.world.medtek,
            "organisation_name": "Medtek AS",
            "position": "board member",
            "category": "board_or_leading_position",
            "severity": "direct",
        }
    ]
    # Nothing of the private interest: counterpart, category, holder, value, description.
    for secret in ("Bærum", "consulting", "spouse", "over_1m", "advises", "100k", "Paid board"):
        assert secret not in ok.text, secret
    full = api.client.get(
        f"{V1}/activities/{theirs['id']}/conflicts", headers=api.as_("coordinator")
    )
    assert full.json()["view"] == "full"
    assert {e["organisation"] for e in full.json()["participants"][0]["evidence"]} == {
        "Medtek AS",
        "Bærum kommune",
    }
    denied = api.client.get(
        f"{V1}/activities/{others['id']}/conflicts", headers=api.as_("facilitator")
    )
    assert denied.status_code == 403
    partner = api.client.get(
        f"{V1}/activities/{theirs['id']}/conflicts", headers=api.as_("partner")
    )
    assert partner.status_code == 403
    minutes = api.client.get(
        f"{V1}/activities/{theirs['id']}/conflicts/minutes", headers=api.as_("facilitator")
    )
    assert minutes.status_code == 200
    assert minutes.headers["content-type"].startswith("text/markdown")
    assert "- Kari Partner (decision_maker): direct; exclude from the activity" in minutes.text
    assert "Bærum" not in minutes.text


def test_facilitators_create_activities_they_run_and_coordinators_name_participants(
    api: Api,
) -> None:
    refused = api.client.post(
        f"{V1}/activities",
        json={
            "name": "Probe",
            "kind": "procurement",
            "participants": [{"person_id": api.world.partner}],
        },
        headers=api.as_("facilitator"),
    )
    assert refused.status_code == 403
    assert "a coordinator adds the participants" in refused.json()["detail"]
    for_someone_else = api.client.post(
        f"{V1}/activities",
        json={"name": "Theirs", "kind": "advisory", "facilitator_id": api.world.coordinator},
        headers=api.as_("facilitator"),
    )
    assert for_someone_else.status_code == 403
    mine = _activity(api, "facilitator", participants=[])
    assert mine["facilitator_id"] == api.world.facilitator
    add = f"{V1}/activities/{mine['id']}/participants"
    body = {"person_id": api.world.partner, "role": "decision_maker"}
    assert api.client.post(add, json=body, headers=api.as_("facilitator")).status_code == 403
    assert api.client.post(add, json=body, headers=api.as_("coordinator")).status_code == 201
    ids = [
        p["person_id"]
        for p in api.client.get(
            f"{V1}/activities/{mine['id']}", headers=api.as_("facilitator")
        ).json()["participants"]
    ]
    assert ids == [api.world.partner]


def test_partners_cannot_create_activities_and_see_only_their_own(api: Api) -> None:
    response = api.client.post(
        f"{V1}/activities", json={"name": "Mine", "kind": "advisory"}, headers=api.as_("partner")
    )
    assert response.status_code == 403
    _activity(api, "coordinator")
    _activity(api, "coordinator", participants=[])
    seen = api.client.get(f"{V1}/activities", headers=api.as_("partner")).json()
    assert len(seen) == 1
    assert len(api.client.get(f"{V1}/activities", headers=api.as_("coordinator")).json()) == 2


def test_reminders_are_for_coordinators(api: Api) -> None:
    assert api.client.get(f"{V1}/reminders", headers=api.as_("partner")).status_code == 403
    due = api.client.get(f"{V1}/reminders", headers=api.as_("coordinator")).json()
    assert {r["email"] for r in due} == {"kari@ous.no", "per@baerum.kommune.no", "frida@arena.no"}


def test_openapi_is_served_under_api_v1(api: Api) -> None:
    spec = api.client.get(f"{V1}/openapi.json").json()
    for path in (
        "/declarations",
        "/organisations",
        "/people",
        "/activities/{activity_id}/conflicts",
    ):
        assert f"{V1}{path}" in spec["paths"]
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_unreachable_database_is_503(settings: Settings) -> None:
    dead = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with TestClient(create_api(build_services(settings, engine=dead))) as client:
        response = client.get(f"{V1}/declarations", headers={"Authorization": "Bearer x"})
    assert response.status_code == 503
    assert "Cannot open the registry database" in response.json()["detail"]
