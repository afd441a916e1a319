"""Access at retrieval time: each viewer finds only what they may read, on both sides."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlmodel import Session

from assistant.errors import ArenaError
from assistant.index.access import Viewer, check_visibility
from assistant.registry import access, people
from assistant.registry.errors import NotFoundError, PermissionDeniedError
from assistant.services import Services
from tests.access_world import PRIVATE, SHARED, build_world, viewer_of


def test_viewers_map_to_the_tags_they_may_read() -> None:
    assert Viewer.anonymous().tags == frozenset({"arena"})
    member = Viewer.member("kari@ous.no", ["Oslo universitetssykehus", "OUS", " "])
    assert member.tags == frozenset({"arena", "org:Oslo universitetssykehus", "org:OUS"})
    assert member.may_read("org:OUS")
    assert not member.may_read("org:SSHF")
    assert Viewer.everything().may_read("org:anything")
    assert member.readable({"arena"}) is None  # nothing private present: the shared index
    assert member.readable({"arena", "org:SSHF"}) == frozenset({"arena"})


@pytest.mark.parametrize("bad", ["", "public", "org:", "org:  ", "org:a\nb", "ORG:OUS"])
def test_a_malformed_visibility_is_one_clear_error(bad: str) -> None:
    with pytest.raises(ArenaError, match="must be 'arena' or 'org:NAME'"):
        check_visibility(bad)


def test_private_tags_name_a_registered_organisation(fake_services: Services, tmp_path: Path):
    build_world(fake_services, tmp_path / "docs")
    with Session(fake_services.engine) as session:
        assert access.visibility_tag(session, "org:OUS") == "org:Oslo universitetssykehus"
        assert access.visibility_tag(session, "arena") == "arena"
        with pytest.raises(NotFoundError):
            access.visibility_tag(session, "org:Ukjent helseforetak")


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_a_private_document_reaches_only_its_organisation_and_coordinators(
    fake_services: Services, tmp_path: Path, mode: str
) -> None:
    world = build_world(fake_services, tmp_path / "docs")
    query = "budsjett sensorer i hjemmet Nattskift"
    for who, sees in [
        ("member_a", True),
        ("coordinator", True),
        ("member_b", False),
        ("facilitator", False),
        ("anonymous", False),
    ]:
        viewer = viewer_of(fake_services, world, who)
        sources = {r.source for r in fake_services.retriever.search(query, 10, mode, viewer=viewer)}
        assert (PRIVATE in sources) is sees, (who, sources)
        if not sees:
            assert SHARED in sources or mode == "keyword", (who, sources)


def test_private_documents_neither_take_slots_nor_shift_scores(
    fake_services: Services, tmp_path: Path
) -> None:
    """What an outsider gets is exactly what they got before the private document existed."""
    folder = tmp_path / "docs"
    world = build_world(fake_services, folder)
    outsider = viewer_of(fake_services, world, "member_b")
    query = "budsjett for sensorer i hjemmet"
    with_private = fake_services.retriever.search(query, 10, viewer=outsider)
    fake_services.indexer.remove(PRIVATE)
    without = fake_services.retriever.search(query, 10, viewer=outsider)

    assert [r.chunk_id for r in with_private] == [r.chunk_id for r in without]
    assert np.allclose([r.score for r in with_private], [r.score for r in without])
    assert np.allclose([r.keyword_score for r in with_private], [r.keyword_score for r in without])


def test_a_deactivated_person_reads_nothing(fake_services: Services, tmp_path: Path) -> None:
    world = build_world(fake_services, tmp_path / "docs")
    with Session(fake_services.engine) as session:
        person = people.get_person_by_email(session=session, email=world.emails["member_a"])
        people.deactivate_person(session=session, person=person, actor="test")
        session.commit()
        with pytest.raises(PermissionDeniedError, match="deactivated"):
            access.viewer_for_email(session, world.emails["member_a"])
