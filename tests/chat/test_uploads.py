"""Documents uploaded in the chat: the readers' rule, progress, the summary, and answers after."""

from __future__ import annotations

import tomllib
import uuid
from pathlib import Path
from typing import Any

import pytest

from assistant.chat import hooks, uploads
from assistant.config import Settings
from assistant.i18n import say
from assistant.registry import people
from assistant.registry.errors import PermissionDeniedError
from assistant.registry.models import PersonCreate, Role
from tests.chat.flow_fakes import Arena, FakeElement, Pick
from tests.chat.flow_fakes import arena as arena
from tests.chat.flow_fakes import flow_settings as flow_settings
from tests.conftest import REPO

OUS = "Oslo universitetssykehus HF"
# Words no other document of the test knowledge base uses: an answer with them read the upload.
PLAN = """# Nattlysplan for OUS

Nattlysprosjektet gir sengepostene dempet nattlys i korridorene fra januar.

Nattlyset skal gi pasientene bedre søvn og færre fall om natten.
"""
QUESTION = "Hva gir nattlysprosjektet sengepostene?"


class UserMessage:
    def __init__(self, content: str, elements: list[Any] | None = None) -> None:
        self.content, self.command, self.elements = content, None, elements or []


def attached(tmp_path: Path, name: str, data: bytes | str) -> FakeElement:
    """A file as Chainlit keeps an upload: under a uuid in the session's folder."""
    folder = tmp_path / "chainlit-files"
    folder.mkdir(exist_ok=True)
    path = folder / str(uuid.uuid4())
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return FakeElement(name=name, path=str(path))


def add_person(arena: Arena, email: str, role: Role, organisation_id: int | None) -> None:
    people.create_person(
        session=arena.session,
        data=PersonCreate(
            name=email.split("@")[0].title(),
            email=email,
            role=role,
            organisation_id=organisation_id,
        ),
        actor="test",
    )
    arena.session.commit()


async def ask(arena: Arena, email: str, question: str) -> Any:
    """The chat's answer to `question` for `email`, through the real chain."""
    arena.sign_in(email)
    before = len(arena.chat.messages)
    await hooks.answer_question(UserMessage(question))  # type: ignore[arg-type]
    (reply,) = arena.chat.messages[before:]
    return reply


async def test_a_facilitator_uploads_for_their_organisation_and_only_its_members_read_it(
    arena: Arena, tmp_path: Path
) -> None:
    add_person(arena, "fia@ous.no", Role.facilitator, arena.world.ous)
    arena.sign_in("fia@ous.no")
    arena.chat.answers = [Pick("organisation")]
    await hooks.on_message(UserMessage("", [attached(tmp_path, "nattlys-plan.md", PLAN)]))  # type: ignore[arg-type]

    assert arena.chat.choices == [["arena", "organisation"]]  # no "other": not a coordinator
    assert arena.chat.questions == [say("chat_uploads_ask_readers", "no")]
    document = arena.services.store.document("nattlys-plan.md")
    assert document is not None, "known by the name it was uploaded with"
    assert document.visibility == f"org:{OUS}"
    summary = arena.chat.last().content
    assert summary.startswith(
        say(
            "chat_uploads_summary",
            "no",
            files=1,
            chunks=document.chunk_count,
            readers=f"medlemmer av {OUS}",
        )
    )
    assert "Lagt til: nattlys-plan.md" in summary
    assert arena.chat.updates >= 2, "the message showed the file's progress"

    member = await ask(arena, "kari@ous.no", QUESTION)
    assert "nattlys-plan.md" in " ".join(e.content for e in member.elements)  # the citation
    assert "dempet nattlys" in member.content
    other = await ask(arena, "per@baerum.kommune.no", QUESTION)
    assert "nattlys" not in other.content.lower()
    assert "nattlys-plan.md" not in " ".join(e.content for e in other.elements)


async def test_a_coordinator_may_upload_for_a_named_organisation(
    arena: Arena, tmp_path: Path
) -> None:
    arena.sign_in("ola@arena.no")
    arena.chat.answers = [Pick("other"), "Medtek"]
    await uploads.upload(
        [uploads.Upload("notat.txt", Path(attached(tmp_path, "x", PLAN).path))], "no"
    )

    assert arena.chat.choices == [["arena", "other"]]  # Ola belongs to no organisation
    assert arena.services.store.document("notat.txt").visibility == "org:Medtek AS"  # type: ignore[union-attr]


async def test_a_partners_upload_goes_to_their_organisation_without_a_question(
    arena: Arena, tmp_path: Path
) -> None:
    arena.sign_in("kari@ous.no")
    await hooks.on_message(UserMessage("", [attached(tmp_path, "kari.txt", PLAN)]))  # type: ignore[arg-type]
    assert arena.chat.questions == []
    assert arena.services.store.document("kari.txt").visibility == f"org:{OUS}"  # type: ignore[union-attr]


def test_a_partner_choosing_the_arena_is_refused_and_nothing_is_ingested(
    arena: Arena, tmp_path: Path
) -> None:
    files = [uploads.Upload("plan.md", Path(attached(tmp_path, "plan.md", PLAN).path))]
    with pytest.raises(PermissionDeniedError, match="own organisation only"):
        uploads.ingest_uploads(arena.services, "kari@ous.no", files, "arena")
    with pytest.raises(PermissionDeniedError, match="Only coordinators"):
        uploads.ingest_uploads(arena.services, "kari@ous.no", files, "org:Medtek AS")
    assert arena.services.store.document("plan.md") is None


async def test_a_partner_forcing_the_arena_in_the_chat_is_told_no(
    arena: Arena, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hiding the choice is not the rule: a reply that names the arena anyway is refused."""

    async def forged(*args: Any) -> str:
        return "arena"

    monkeypatch.setattr(uploads, "ask_readers", forged)
    arena.sign_in("kari@ous.no")
    await uploads.upload(
        [uploads.Upload("plan.md", Path(attached(tmp_path, "p", PLAN).path))], "no"
    )
    assert arena.chat.last().content == say(
        "chat_sorry_permission", "no",
        error="Partners upload for their own organisation only, not for the whole arena",
    )  # fmt: skip
    assert arena.services.store.document("plan.md") is None


async def test_bad_files_are_reported_with_their_reasons_and_the_good_one_lands(
    arena: Arena, tmp_path: Path
) -> None:
    arena.sign_in("frida@arena.no")
    arena.chat.answers = [Pick("arena")]
    files = [
        attached(tmp_path, "tom.txt", "   \n"),
        attached(tmp_path, "program.exe", b"MZ\x90\x00binary"),
        attached(tmp_path, "rapport.docx", b"this is not a Word file"),
        attached(tmp_path, "god.md", PLAN),
    ]
    await hooks.on_message(UserMessage("", files))  # type: ignore[arg-type]

    summary = arena.chat.last().content
    assert "**3 fil(er) avvist:**" in summary
    assert "- tom.txt: the file is empty" in summary
    assert "- program.exe: unsupported file type '.exe'" in summary
    assert "- rapport.docx: cannot be read as docx" in summary
    assert "Lagt til: god.md" in summary
    assert arena.services.store.document("god.md") is not None
    assert arena.services.store.document("rapport.docx") is None


async def test_an_upload_cannot_replace_a_document_kept_for_other_readers(
    arena: Arena, tmp_path: Path
) -> None:
    arena.sign_in("kari@ous.no")
    await uploads.upload(
        [uploads.Upload("plan.md", Path(attached(tmp_path, "a", PLAN).path))], "no"
    )
    kept = arena.services.store.document("plan.md")

    arena.sign_in("per@baerum.kommune.no")
    other = attached(tmp_path, "b", "# Plan\n\nBærums plan for noe helt annet enn nattlys.\n")
    await uploads.upload([uploads.Upload("plan.md", Path(other.path))], "no")

    assert "already kept for other readers" in arena.chat.last().content
    assert arena.services.store.document("plan.md") == kept


async def test_slash_lastopp_asks_for_files_then_for_the_readers(
    arena: Arena, tmp_path: Path
) -> None:
    arena.sign_in("frida@arena.no")
    element = attached(tmp_path, "x", PLAN)
    arena.chat.answers = [
        [type("F", (), {"name": "felles.md", "path": element.path})()],
        Pick("arena"),
    ]
    await hooks.on_message(UserMessage("/lastopp"))  # type: ignore[arg-type]

    assert arena.chat.questions[0] == say("chat_uploads_ask_files", "no", size=48)
    assert arena.services.store.document("felles.md").visibility == "arena"  # type: ignore[union-attr]


async def test_a_question_sent_with_a_file_is_answered_after_the_upload(
    arena: Arena, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answered: list[str] = []

    async def answer_question(message: Any) -> None:
        answered.append(message.content)

    monkeypatch.setattr(hooks, "answer_question", answer_question)
    arena.sign_in("kari@ous.no")
    await hooks.on_message(UserMessage(QUESTION, [attached(tmp_path, "nattlys.md", PLAN)]))  # type: ignore[arg-type]
    assert arena.services.store.document("nattlys.md") is not None
    assert answered == [QUESTION]


async def test_without_sign_in_uploads_are_refused_with_a_clear_message(
    arena: Arena, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = arena.services
    monkeypatch.setattr(
        services, "settings", services.settings.model_copy(update={"chat_login": False})
    )
    await uploads.handle_message(UserMessage("", [attached(tmp_path, "a.md", PLAN)]))  # type: ignore[arg-type]
    assert arena.chat.texts() == [say("chat_uploads_login_off", "no")]
    assert services.store.document("a.md") is None


def test_the_upload_button_offers_what_the_indexer_reads_within_its_size_limit(
    tmp_path: Path,
) -> None:
    from chainlit.config import config

    configured = tomllib.loads((REPO / ".chainlit" / "config.toml").read_text(encoding="utf-8"))
    spontaneous = configured["features"]["spontaneous_file_upload"]
    assert spontaneous["accept"] == uploads.UPLOAD_ACCEPT
    default = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    assert spontaneous["max_size_mb"] == uploads.max_size_mb(default) == 48  # 50 MB in MiB

    upload = config.features.spontaneous_file_upload
    saved = upload.model_copy() if upload is not None else None
    try:
        uploads.configure(default.model_copy(update={"chat_login": False, "max_file_mb": 5}))
        upload = config.features.spontaneous_file_upload
        assert upload is not None
        assert upload.enabled is False  # nobody to upload as
        assert upload.max_size_mb == 5
        uploads.configure(default.model_copy(update={"chat_login": True}))
        assert config.features.spontaneous_file_upload.enabled is True  # type: ignore[union-attr]
    finally:
        config.features.spontaneous_file_upload = saved


def test_uploaded_names_lose_folders_and_control_characters() -> None:
    assert uploads.safe_name("../../etc/passwd") == "passwd"
    assert uploads.safe_name("C:\\Users\\kari\\plan.md") == "plan.md"
    assert uploads.safe_name("pla\x00n\n.md") == "plan.md"
    assert uploads.safe_name("..") == "upload"


async def test_a_fault_while_ingesting_is_told_and_nothing_hangs(
    arena: Arena, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("disk full")

    monkeypatch.setattr(arena.services.indexer, "ingest", broken)
    arena.sign_in("kari@ous.no")
    await uploads.upload([uploads.Upload("a.md", Path(attached(tmp_path, "a", PLAN).path))], "no")
    assert arena.chat.last().content == say("chat_uploads_failed", "no")
