"""The brief service through a real registry: drafting, versions, audit, conflicts, access, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from sqlalchemy.engine import Engine
from sqlmodel import Session

from assistant.answers.citations import quote_in_passage
from assistant.config import Settings
from assistant.registry import people
from assistant.registry.audit import events_for, verify_chain
from assistant.registry.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from assistant.registry.models import Category, InterestCreate
from assistant.services import Services, build_services
from tests.answers.conftest import with_llm
from tests.registry.conftest import World
from tests.registry.test_conflicts import declare_approved

NEED = (
    "Mer enn 3300 operasjoner strykes hvert år, og pasientene venter lenger. "
    "Utnyttelsen av bemannede operasjonsstuer på sykehuset er for lav."
)
TITLE = "Bedre utnyttelse av operasjonsstuer"


def person(session: Session, person_id: int):  # type: ignore[no-untyped-def]
    return people.get_person(session=session, person_id=person_id)


def draft(services: Services, user, **fields):  # type: ignore[no-untyped-def]
    data = {"title": TITLE, "need": NEED, **fields}
    return services.briefs.draft(data, user)


def test_a_draft_is_saved_as_version_one_and_audited(
    brief_services: Services, session: Session, world: World
) -> None:
    facilitator = person(session, world.facilitator)
    record = draft(brief_services, facilitator, organisations=["OUS"], date="2027-03-01")
    assert record.version == 1
    assert record.author == "frida@arena.no"
    again = brief_services.briefs.get(record.id, facilitator)
    assert again.brief == record.brief
    assert [b.id for b in brief_services.briefs.list(facilitator)] == [record.id]
    events = events_for(session, "brief", record.id)
    assert [e.action for e in events] == ["brief.draft"]
    assert json.loads(events[0].after or "{}")["input"]["title"] == TITLE
    assert verify_chain(session).ok


def test_evidence_cites_real_chunks_with_their_quotes(
    brief_services: Services, session: Session, world: World
) -> None:
    record = draft(brief_services, person(session, world.facilitator))
    brief = record.brief
    assert brief.citations, "the knowledge base speaks of operating rooms"
    evidence = [p for s in brief.sections for p in s.paragraphs if p.origin == "evidence"]
    assert evidence
    assert all(p.citations for p in evidence)
    numbers = {c.n for c in brief.citations}
    assert {n for p in evidence for n in p.citations} == numbers
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    store = brief_services.store
    for citation in brief.citations:
        chunk = store.get_chunks([citation.chunk_id])[citation.chunk_id]
        assert chunk.source == citation.source
        assert quote_in_passage(citation.quote, chunk.text)


def test_a_need_the_knowledge_base_does_not_cover_gets_no_evidence(
    brief_services: Services, session: Session, world: World
) -> None:
    record = brief_services.briefs.draft(
        {
            "title": "Digital hundelufting for katter",
            "need": "Katteeiere på Mars strever med å lufte kattene digitalt når det regner.",
        },
        person(session, world.facilitator),
    )
    assert record.brief.citations == []
    assert not [p for s in record.brief.sections for p in s.paragraphs if p.origin == "evidence"]
    assert record.brief.section("background").status == "open"


def test_revision_is_a_new_version_and_shows_what_changed_in_the_findings(
    brief_services: Services, session: Session, world: World
) -> None:
    facilitator = person(session, world.facilitator)
    first = draft(brief_services, facilitator)
    checks = {f.check for f in first.brief.findings}
    assert "missing-section:outcomes" in checks
    second = brief_services.briefs.revise(
        first.id,
        {"outcomes": "Andelen strykninger skal ned fra 8 prosent i dag til under 4 prosent."},
        facilitator,
    )
    assert second.version == 2
    assert second.changes is not None
    assert "missing-section:outcomes" in {f.check for f in second.changes.resolved}
    assert "missing-section:outcomes" not in {f.check for f in second.brief.findings}
    assert brief_services.briefs.get(first.id, facilitator, version=1).brief == first.brief
    assert [e.action for e in events_for(session, "brief", first.id)] == [
        "brief.draft",
        "brief.revise",
    ]


def test_conflict_of_interest_names_the_participant_and_action_but_no_private_detail(
    brief_services: Services, session: Session, world: World
) -> None:
    declare_approved(
        session,
        world,
        world.partner,
        InterestCreate(
            category=Category.ownership,
            organisation_id=world.medtek,
            description="Aksjepost i hemmelig datterselskap",
            position="Styreleder",
        ),
    )
    record = draft(
        brief_services,
        person(session, world.facilitator),
        organisations=["Medtek AS", "OUS"],
        participants=["kari@ous.no", "per@baerum.kommune.no", "Nora Fri"],
    )
    findings = [f for f in record.brief.findings if f.check == "conflict-of-interest"]
    kari = [f for f in findings if "Kari Partner" in f.message]
    assert kari, findings
    assert any("Nora Fri" in f.message for f in findings)  # not in the registry
    by_name = {c.participant: c for c in record.brief.conflicts}
    assert by_name["Kari Partner"].severity in ("direct", "indirect")
    assert by_name["Kari Partner"].declaration == "current"
    assert by_name["Kari Partner"].recommended_action
    assert by_name["Nora Fri"].registered is False
    shown = json.dumps(record.as_json(), ensure_ascii=False)
    assert "hemmelig" not in shown
    assert "Styreleder" not in shown
    # Without the interest, the same participant is not flagged.
    clean = draft(
        brief_services,
        person(session, world.facilitator),
        organisations=["Bærum kommune"],
        participants=["kari@ous.no"],
    )
    assert clean.brief.conflicts[0].severity == "none"
    assert not [f for f in clean.brief.findings if f.check == "conflict-of-interest"]


def test_partners_may_not_draft_and_briefs_are_their_authors_and_coordinators(
    brief_services: Services, session: Session, world: World
) -> None:
    with pytest.raises(PermissionDeniedError):
        draft(brief_services, person(session, world.partner))
    coordinator = person(session, world.coordinator)
    record = draft(brief_services, coordinator)
    facilitator = person(session, world.facilitator)
    with pytest.raises(PermissionDeniedError):
        brief_services.briefs.get(record.id, facilitator)
    with pytest.raises(PermissionDeniedError):
        brief_services.briefs.revise(record.id, {"scope": "Bare dagkirurgi."}, facilitator)
    assert brief_services.briefs.list(facilitator) == []
    mine = draft(brief_services, facilitator)
    assert {b.id for b in brief_services.briefs.list(coordinator)} == {record.id, mine.id}
    assert brief_services.briefs.get(mine.id, coordinator).id == mine.id


@pytest.mark.parametrize(
    ("fields", "error", "says"),
    [
        ({"need": "   "}, InvalidInputError, "need"),
        ({"organisations": ["Ukjent Sykehus HF"]}, NotFoundError, "Ukjent Sykehus HF"),
        ({"participants": ["nobody@nowhere.no"]}, NotFoundError, "nobody@nowhere.no"),
        ({"kind": "hackathon"}, InvalidInputError, "kind"),
        ({"date": "2027-13-45"}, InvalidInputError, "date"),
        ({"need": "Pasienter venter. " * 400_000}, InvalidInputError, "need"),
        ({"language": "de"}, InvalidInputError, "language"),
    ],
)
def test_bad_input_is_one_clear_error_and_saves_nothing(
    brief_services: Services,
    session: Session,
    world: World,
    fields: dict[str, object],
    error: type[Exception],
    says: str,
) -> None:
    facilitator = person(session, world.facilitator)
    with pytest.raises(error) as raised:
        draft(brief_services, facilitator, **fields)
    message = str(raised.value)
    assert says in message
    assert "\n" not in message
    assert len(message) < 300
    assert brief_services.briefs.list(None) == []


def test_evidence_respects_who_may_read_a_private_document(
    brief_services: Services, session: Session, world: World, tmp_path: Path
) -> None:
    private = tmp_path / "medtek-intern.txt"
    private.write_text(
        "Medtek intern plan for operasjonsstuer\n\nMedtek vil selge planleggingsverktøy for "
        "operasjonsstuer til sykehuset i 2027, med rabatt for strykninger.\n",
        encoding="utf-8",
    )
    report = brief_services.indexer.ingest([private], visibility="org:Medtek AS")
    assert report.ok
    facilitator_brief = draft(brief_services, person(session, world.facilitator))
    assert "medtek-intern.txt" not in {c.source for c in facilitator_brief.brief.citations}
    coordinator_brief = draft(brief_services, person(session, world.coordinator))
    shown = {c.source for c in coordinator_brief.brief.citations}
    assert shown, "coordinators read every document"


def test_with_a_model_evidence_is_drafted_by_it_and_verified(
    brief_services: Services, session: Session, world: World
) -> None:
    reply = (
        "Utnyttelsen av bemannede operasjonsstuer er under 70 prosent [1]. "
        "Prosjektet fikk 40 millioner kroner fra Forskningsrådet i Bergen [1]."
    )
    model = FakeListChatModel(responses=[reply])
    services = with_llm(brief_services, model)
    services.__dict__["engine"] = brief_services.engine
    record = draft(services, person(session, world.facilitator))
    assert record.brief.mode == "llm"
    text = " ".join(s.text for s in record.brief.sections)
    assert "40 millioner" not in text  # unsupported: removed by verification
    structure = [s.id for s in record.brief.sections]
    extractive = draft(brief_services, person(session, world.facilitator))
    assert structure == [s.id for s in extractive.brief.sections]
    assert {f.check for f in record.brief.findings} == {f.check for f in extractive.brief.findings}


def test_an_empty_knowledge_base_leaves_the_evidence_open(
    settings: Settings, engine: Engine, session: Session, world: World
) -> None:
    services = build_services(
        settings, engine=engine, base_embeddings=DeterministicFakeEmbedding(size=64)
    )
    record = draft(services, person(session, world.facilitator))
    assert record.brief.citations == []
    assert record.brief.section("background").status == "open"
    assert record.brief.section("need").paragraphs[0].origin == "input"
