"""The brief flow in the chat, through the real brief service and registry, with Chainlit scripted."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import chainlit as cl
import docx
import pytest

from assistant.briefs.markdown import render_markdown
from assistant.chat import briefs, hooks
from assistant.i18n import say
from assistant.registry import people
from assistant.registry.models import PersonCreate, Role
from tests.chat.flow_fakes import Arena, Pick
from tests.chat.flow_fakes import arena as arena
from tests.chat.flow_fakes import flow_settings as flow_settings

TITLE = "Bedre utnyttelse av operasjonsstuer"
NEED = (
    "Mer enn 3300 operasjoner strykes hvert år, og pasientene venter lenger. "
    "Utnyttelsen av bemannede operasjonsstuer på sykehuset er for lav."
)
OUTCOMES = "Strykningene skal ned fra 3300 til 1500 i året innen 2027."


class UserMessage:
    """What Chainlit hands `on_message`: the text, a composer command, attached files."""

    def __init__(self, content: str, command: str | None = None) -> None:
        self.content, self.command, self.elements = content, command, []


def person(arena: Arena, email: str) -> Any:
    return people.get_person_by_email(session=arena.session, email=email)


def draft(arena: Arena, email: str = "frida@arena.no", **fields: Any) -> Any:
    data = {"title": TITLE, "need": NEED, "organisations": ["OUS"], **fields}
    return arena.services.briefs.draft(data, person(arena, email))


def press(name: str, **payload: Any) -> cl.Action:
    return cl.Action(name=name, payload={"language": "no", **payload})


async def test_a_facilitator_drafts_a_brief_step_by_step_and_sees_it_checked(
    arena: Arena,
) -> None:
    arena.sign_in("frida@arena.no")
    arena.chat.answers = [
        TITLE,
        NEED,
        "OUS, Medtek",
        Pick("add"),
        "kari@ous.no, Nils Nordmann",
        Pick("procurement"),
        Pick("add"),
        "2027-03-01",
        Pick("outcomes"),
        OUTCOMES,
        Pick("draft"),
    ]
    await hooks.on_message(UserMessage("/brief"))  # type: ignore[arg-type]

    assert arena.chat.answers == [], "every scripted answer was asked for"
    (row,) = arena.services.briefs.list(person(arena, "frida@arena.no"))
    record = arena.services.briefs.get(row.id, person(arena, "frida@arena.no"))
    assert record.input.organisations == ["Oslo universitetssykehus HF", "Medtek AS"]
    assert record.input.participants == ["kari@ous.no", "Nils Nordmann"]
    assert record.input.kind.value == "procurement"
    assert str(record.input.date) == "2027-03-01"
    assert record.input.outcomes == OUTCOMES
    assert record.input.language == "no"  # the browser asked for nb-NO

    (step,) = arena.chat.steps
    assert step.name == say("chat_briefs_drafting", "no")
    assert step.output == say("chat_briefs_done", "no", id=row.id, version=1)
    preview = arena.chat.last()
    assert render_markdown(record) in preview.content
    assert "## Verdikompass" in preview.content
    assert "## Funn" in preview.content
    assert f"{len(record.brief.findings)} funn" in preview.content
    assert [(a.name, a.payload.get("format")) for a in preview.actions] == [
        (briefs.BRIEF_REVISE, None),
        (briefs.BRIEF_DOWNLOAD, "md"),
        (briefs.BRIEF_DOWNLOAD, "docx"),
        (briefs.BRIEF_LIST, None),
    ]
    assert [a.label for a in preview.actions] == [
        "Revider",
        "Last ned Markdown",
        "Last ned Word",
        "Mine briefer",
    ]
    kinds = arena.chat.choices[1]
    assert kinds == ["co-creation", "advisory", "evaluation", "selection", "procurement"]


async def test_an_english_browser_gets_the_flow_and_the_brief_in_english(arena: Arena) -> None:
    arena.sign_in("ola@arena.no")
    arena.browser.language = "en-GB"
    arena.chat.answers = [
        TITLE,
        NEED,
        "-",
        Pick("skip"),
        Pick("advisory"),
        Pick("skip"),
        Pick("draft"),
    ]
    await briefs.handle_message(UserMessage("", command="brief"))  # type: ignore[arg-type]

    assert arena.chat.questions[0] == say("chat_briefs_ask_title", "en")
    preview = arena.chat.last()
    assert "## Value compass" in preview.content
    assert preview.actions[0].label == "Revise"


async def test_a_partner_is_refused_before_any_question(arena: Arena) -> None:
    arena.sign_in("kari@ous.no")
    await hooks.on_message(UserMessage("/brief"))  # type: ignore[arg-type]

    assert arena.chat.questions == []
    assert arena.chat.texts() == [
        say(
            "chat_sorry_permission",
            "no",
            error="This needs the facilitator or coordinator role; you are partner",
        )
    ]
    assert arena.services.briefs.list(None) == []


async def test_an_unknown_organisation_is_named_and_asked_again_as_is_a_bad_date(
    arena: Arena,
) -> None:
    arena.sign_in("frida@arena.no")
    arena.chat.answers = [
        TITLE,
        NEED,
        "OUS, Ukjent Helse AS",
        "OUS",
        Pick("skip"),
        Pick("co-creation"),
        Pick("add"),
        "2027-13-45",
        "2027-02-01",
        Pick("draft"),
    ]
    await briefs.start_brief("no")

    asked = arena.chat.questions
    organisations = say("chat_briefs_ask_organisations", "no")
    assert asked[2] == organisations
    assert "Ukjent Helse AS" in asked[3]
    assert asked[3].endswith(organisations)
    assert asked[3].startswith("Beklager:")
    date = say("chat_briefs_ask_date", "no")
    assert asked[-3] == date
    assert asked[-2] == say("chat_briefs_bad_date", "no", value="2027-13-45") + "\n\n" + date
    (row,) = arena.services.briefs.list(None)
    record = arena.services.briefs.get(row.id, None)
    assert record.input.organisations == ["Oslo universitetssykehus HF"]
    assert str(record.input.date) == "2027-02-01"


async def test_an_unknown_participant_e_mail_is_named_and_asked_again(arena: Arena) -> None:
    arena.sign_in("frida@arena.no")
    arena.chat.answers = [
        TITLE, NEED, "OUS", Pick("add"), "nobody@nowhere.no", "Nils Nordmann",
        Pick("co-creation"), Pick("skip"), Pick("draft"),
    ]  # fmt: skip
    await briefs.start_brief("no")

    assert "nobody@nowhere.no" in arena.chat.questions[5]
    (row,) = arena.services.briefs.list(None)
    assert arena.services.briefs.get(row.id, None).input.participants == ["Nils Nordmann"]


async def test_cancelling_saves_nothing_and_offers_a_new_start(arena: Arena) -> None:
    arena.sign_in("frida@arena.no")
    arena.chat.answers = [TITLE, "avbryt"]
    await briefs.start_brief("no")

    last = arena.chat.last()
    assert last.content == say("chat_flow_cancelled", "no")
    assert [a.name for a in last.actions] == [briefs.BRIEF_START]
    assert arena.services.briefs.list(None) == []


async def test_without_sign_in_briefs_are_unavailable_with_a_clear_message(
    arena: Arena, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = arena.services
    monkeypatch.setattr(
        services, "settings", services.settings.model_copy(update={"chat_login": False})
    )
    await briefs.handle_message(UserMessage("/brief"))  # type: ignore[arg-type]
    assert arena.chat.texts() == [say("chat_briefs_login_off", "no")]
    assert arena.chat.questions == []


async def test_downloads_are_files_that_open_back(arena: Arena) -> None:
    arena.sign_in("frida@arena.no")
    record = draft(arena)

    await briefs.on_download(
        press(briefs.BRIEF_DOWNLOAD, brief_id=record.id, version=1, format="docx")
    )
    await briefs.on_download(
        press(briefs.BRIEF_DOWNLOAD, brief_id=record.id, version=1, format="md")
    )

    word, markdown = (m.elements for m in arena.chat.messages)
    (word_file,), (markdown_file,) = word, markdown
    assert word_file.name == f"brief-{record.id}-v1.docx"
    assert word_file.mime == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    document = docx.Document(BytesIO(word_file.content))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert TITLE in headings
    assert "Verdikompass" in headings
    assert document.tables, "the compass check is a table"
    assert markdown_file.name == f"brief-{record.id}-v1.md"
    assert markdown_file.mime == "text/markdown"
    assert markdown_file.content.decode("utf-8") == render_markdown(record)


async def test_revising_shows_what_changed_in_the_findings(arena: Arena) -> None:
    arena.sign_in("frida@arena.no")
    record = draft(arena)
    assert "missing-section:outcomes" in {f.check for f in record.brief.findings}
    arena.chat.answers = [Pick("outcomes"), OUTCOMES]

    await briefs.ACTIONS[briefs.BRIEF_REVISE](
        press(briefs.BRIEF_REVISE, brief_id=record.id, version=1)
    )
    # Its questions re-opened Chainlit's task; the button closes it: the chat is ready again.
    assert arena.chat.task_ends == 1

    assert say("chat_briefs_now", "no", value="-") in arena.chat.questions[-1]
    revised = arena.services.briefs.get(record.id, None)
    assert revised.version == 2
    assert revised.input.outcomes == OUTCOMES
    changes, preview = arena.chat.messages[-2:]
    assert changes.content.startswith(say("chat_briefs_changes", "no", version=2))
    assert "**Løste funn**" in changes.content
    assert "`missing-section:outcomes`" in changes.content.split("**Løste funn**")[1]
    assert render_markdown(revised) in preview.content
    assert preview.actions[1].payload["version"] == 2


async def test_my_briefs_lists_them_with_buttons_that_open_each(arena: Arena) -> None:
    arena.sign_in("frida@arena.no")
    first = draft(arena)
    second = draft(arena, title="Færre reiser for pasienter i distriktene")

    await briefs.on_list(press(briefs.BRIEF_LIST))
    listing = arena.chat.last()
    assert "| 2 | Færre reiser for pasienter i distriktene | samskaping | 1 |" in listing.content
    opens = [a for a in listing.actions if a.name == briefs.BRIEF_OPEN]
    assert [a.payload["brief_id"] for a in opens] == [second.id, first.id]
    assert listing.actions[-1].name == briefs.BRIEF_START

    await briefs.on_open(opens[1])
    assert render_markdown(first) in arena.chat.last().content


async def test_a_hand_made_button_cannot_open_anothers_brief(arena: Arena) -> None:
    record = draft(arena)
    people.create_person(
        session=arena.session,
        data=PersonCreate(name="Fia Fasilitator", email="fia@arena.no", role=Role.facilitator),
        actor="test",
    )
    arena.session.commit()
    arena.sign_in("fia@arena.no")

    await briefs.ACTIONS[briefs.BRIEF_OPEN](press(briefs.BRIEF_OPEN, brief_id=record.id))
    assert arena.chat.task_ends == 1  # a refused press too leaves the chat ready
    await briefs.on_download(
        press(briefs.BRIEF_DOWNLOAD, brief_id=record.id, version=1, format="md")
    )
    await briefs.on_open(press(briefs.BRIEF_OPEN, brief_id="1; drop"))

    refused = say("chat_sorry_permission", "no", error=f"Brief {record.id} is not yours")
    assert arena.chat.texts() == [refused, refused, say("chat_briefs_bad_button", "no")]
    assert all(not m.elements for m in arena.chat.messages)
