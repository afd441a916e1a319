"""Knowledge gaps and exports in the chat, through the real registry, with Chainlit scripted."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import chainlit as cl
import pytest

from assistant.chat import gaps, hooks
from assistant.i18n import say
from assistant.i18n.knowledge_gaps import KNOWLEDGE_GAP_STRINGS
from tests.chat.flow_fakes import Arena
from tests.chat.flow_fakes import arena as arena
from tests.chat.flow_fakes import flow_settings as flow_settings
from tests.chat.test_strings import _sources
from tests.registry.chat_rows import Chat, turn

COORDINATOR, PARTNER, PARTNER2 = "ola@arena.no", "kari@ous.no", "per@baerum.kommune.no"
QUESTION = "Hvor mange operasjonsstuer har sykehuset?"


class UserMessage:
    def __init__(self, content: str, command: str | None = None) -> None:
        self.content, self.command, self.elements = content, command, []


@pytest.fixture
def stored(arena: Arena, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A partner's rated-down answer and another partner's abstention, kept in the registry."""
    monkeypatch.setattr(gaps, "get_services", lambda: arena.services)
    chat = Chat(arena.services.engine)
    rated = chat.thread(PARTNER, "Operasjonsstuer")
    chat.ask(rated, QUESTION)
    cited = {"kind": "cited", "n": 1, "source": "kontrolltarn.txt", "location": "avsnitt 2",
             "quote": "Sykehuset har ti stuer."}  # fmt: skip
    step = chat.answer(rated, turn(QUESTION, "Sykehuset har ti stuer [1].", sources=[cited]))
    chat.rate(step, rated, 0, "Feil [tall](javascript:alert(1))")
    abstained = chat.thread(PARTNER2, "Budsjett")
    chat.ask(abstained, "Hva koster operasjonsstuene?")
    chat.answer(abstained, turn("Hva koster operasjonsstuene?", "Ikke dekket.", abstained=True,
                                reason="no amount"))  # fmt: skip
    return {"rated": rated, "abstained": abstained}


async def test_a_coordinator_sees_the_gaps_by_topic_with_links_and_download_buttons(
    arena: Arena, stored: dict[str, str]
) -> None:
    arena.sign_in(COORDINATOR)
    await hooks.on_message(UserMessage("/hull"))  # type: ignore[arg-type]

    (reply,) = arena.chat.messages
    assert reply.content.startswith("### Kunnskapshull etter emne: 2")
    assert "**operasjonsstuene** (2)" in reply.content
    assert f"- **1.** [Hva koster operasjonsstuene?](/share/{stored['abstained']})" in reply.content
    assert f"[{QUESTION}](/share/{stored['rated']})" in reply.content
    assert "per@baerum.kommune.no · ikke dekket · «no amount»" in reply.content
    assert "«Feil \\[tall](javascript:alert(1))»" in reply.content  # a link no more
    assert [(a.name, a.payload.get("thread_id"), a.payload.get("by")) for a in reply.actions] == [
        (gaps.GAPS_GROUP, None, "document"),
        (gaps.GAPS_EXPORT, stored["abstained"], None),
        (gaps.GAPS_EXPORT, stored["rated"], None),
    ]
    assert reply.content.endswith("Last ned samtale nr. 1–2 med knappene under.")
    assert [a.label for a in reply.actions] == [
        "Grupper etter dokument",
        "⬇ Samtale 1",
        "⬇ Samtale 2",
    ]


async def test_the_list_groups_by_document_in_english_on_request(
    arena: Arena, stored: dict[str, str]
) -> None:
    arena.sign_in(COORDINATOR)
    await hooks.on_message(UserMessage("/gaps document"))  # type: ignore[arg-type]
    await gaps.on_group(cl.Action(name=gaps.GAPS_GROUP, payload={"by": "topic", "language": "en"}))

    by_document, by_topic = arena.chat.messages
    assert by_document.content.startswith("### Knowledge gaps by document: 2")
    assert "**kontrolltarn.txt** (1)" in by_document.content
    assert "**No document** (1)" in by_document.content
    assert by_topic.content.startswith("### Knowledge gaps by topic: 2")
    assert by_topic.actions[0].label == "Group by document"


async def test_a_partner_is_refused_the_gaps_and_others_conversations(
    arena: Arena, stored: dict[str, str]
) -> None:
    arena.sign_in(PARTNER)
    await hooks.on_message(UserMessage("", command="hull"))  # type: ignore[arg-type]
    # A hand-made button for another partner's conversation reaches the same check.
    await gaps.on_export(cl.Action(name=gaps.GAPS_EXPORT, payload={
        "thread_id": stored["abstained"], "language": "no"}))  # fmt: skip

    refused, other = arena.chat.texts()
    # Told in Norwegian by the refusal's kind, no English detail inside.
    assert refused == other == say("chat_sorry_permission", "no")
    assert not any(m.elements for m in arena.chat.messages)


async def test_a_download_button_sends_the_conversation_as_json_and_markdown(
    arena: Arena, stored: dict[str, str]
) -> None:
    arena.sign_in(COORDINATOR)
    await gaps.on_export(cl.Action(name=gaps.GAPS_EXPORT, payload={
        "thread_id": stored["rated"], "language": "en"}))  # fmt: skip

    (message,) = arena.chat.messages
    assert message.content == "The conversation “Operasjonsstuer” as JSON and Markdown."
    as_json, as_markdown = message.elements
    assert (as_json.mime, as_markdown.mime) == ("application/json", "text/markdown")
    data = json.loads(as_json.content)
    assert data["messages"][1]["rating"]["comment"] == "Feil [tall](javascript:alert(1))"
    assert data["messages"][1]["sources"][0]["quote"] == "Sykehuset har ti stuer."
    markdown = as_markdown.content.decode("utf-8")
    assert markdown.startswith("# Conversation: Operasjonsstuer")
    assert "**Rating: 👎 poor**" in markdown
    assert arena.chat.task_ends == 0  # the wrapped callback (gaps.ACTIONS) ends the task


async def test_anyone_exports_their_own_current_conversation(
    arena: Arena, stored: dict[str, str]
) -> None:
    arena.sign_in(PARTNER)
    arena.browser.thread_id = stored["rated"]
    await hooks.on_message(UserMessage("/eksport"))  # type: ignore[arg-type]
    arena.browser.thread_id = "a-chat-not-stored-yet"
    await hooks.on_message(UserMessage("/export"))  # type: ignore[arg-type]

    files, empty = arena.chat.messages
    assert [f.name for f in files.elements] == [
        f"conversation-{stored['rated'][:8]}.json",
        f"conversation-{stored['rated'][:8]}.md",
    ]
    assert empty.content == say("chat_export_empty", "en")


async def test_with_no_gaps_the_coordinator_is_told_so(
    arena: Arena, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gaps, "get_services", lambda: arena.services)
    arena.sign_in(COORDINATOR)
    await hooks.on_message(UserMessage("/hull"))  # type: ignore[arg-type]
    assert arena.chat.texts() == [say("chat_gaps_none", "no")]


async def test_the_read_only_view_lets_in_coordinators_and_the_owner_only(
    arena: Arena, stored: dict[str, str]
) -> None:
    thread: Any = {"id": stored["rated"]}

    def viewer(email: str) -> SimpleNamespace:
        return SimpleNamespace(identifier=email)

    assert await gaps.may_view_shared(thread, viewer(COORDINATOR))
    assert await gaps.may_view_shared(thread, viewer(PARTNER))
    assert not await gaps.may_view_shared(thread, viewer(PARTNER2))
    assert not await gaps.may_view_shared(thread, viewer("nobody@nowhere.no"))
    assert not await gaps.may_view_shared(thread, None)
    assert not await gaps.may_view_shared({"id": "no-such-thread"}, viewer(COORDINATOR))


def test_every_knowledge_gap_string_is_used() -> None:
    text = _sources() + (gaps.__file__ and open_export_source())
    unused = {key for key in KNOWLEDGE_GAP_STRINGS if key not in text}
    # Keys built at run time: f"chat_gaps_title_{by}", f"chat_gaps_group_{other}", ...
    built = {k for k in unused if k.startswith(("chat_gaps_title_", "chat_gaps_group_",
             "chat_gaps_no_", "chat_command_", "conv_md_rating_", "conv_md_mode_",
             "chat_gaps_abstained", "chat_gaps_rated_down"))}  # fmt: skip
    assert unused - built == set()


def open_export_source() -> str:
    from assistant.registry import conversation_export

    with open(conversation_export.__file__, encoding="utf-8") as source:
        return source.read()


def test_only_a_coordinator_is_offered_the_gaps_starter_and_command() -> None:
    from assistant.chat.commands import composer_commands
    from assistant.chat.profiles import KNOWLEDGE, starter_specs
    from assistant.registry.models import Role

    coordinator = [s.message("no") for s in starter_specs(KNOWLEDGE, Role.coordinator)]
    assert coordinator[-1] == "/hull"
    assert starter_specs(KNOWLEDGE, Role.coordinator)[-1].message("en") == "/gaps"
    for role in (Role.partner, Role.facilitator, None):
        assert "/hull" not in [s.message("no") for s in starter_specs(KNOWLEDGE, role)]
        assert "hull" not in [c["id"] for c in composer_commands(role)]
    assert "hull" in [c["id"] for c in composer_commands(Role.coordinator)]
