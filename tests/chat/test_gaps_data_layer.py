"""Answers kept through Chainlit's real data layer, read back as knowledge gaps and exports."""

from __future__ import annotations

import json
import uuid

import chainlit as cl
from chainlit.types import Feedback
from chainlit.utils import utc_now
from sqlalchemy import create_engine
from sqlmodel import Session

from assistant.answers.answer import Answer
from assistant.answers.citations import Citation
from assistant.chat.answer_markdown import elements
from assistant.chat.data_layer import ArenaDataLayer, turn_metadata
from assistant.index.retrieval import SearchResult
from assistant.registry.conversation_export import export_conversation
from assistant.registry.gaps import knowledge_gaps
from tests.chat.test_data_layer import database_url as database_url
from tests.chat.test_data_layer import layer as layer
from tests.registry.conftest import (
    pg_fresh_url,  # noqa: F401  (a fixture)
    seed_world,
)

CLOSEST = SearchResult("c1", "Driften planlegges for 2027.", "drift.md", "Drift", "Plan", 0.4)
CITATION = Citation(1, "senger.md", "Kapasitet", "Sykehuset har 40 senger.",
                    passage="Sykehuset har 40 senger. Flere kommer.")  # fmt: skip


async def _answered(layer: ArenaDataLayer, thread_id: str, answer: Answer) -> str:
    question = cl.Message(content=answer.question, type="user_message", created_at=utc_now())
    question.thread_id = thread_id
    await layer.create_step(question.to_dict())
    reply = cl.Message(content=answer.text, metadata=turn_metadata(answer), created_at=utc_now())
    reply.thread_id = thread_id
    if answer.abstained:
        reply.author = "Ikke dekket av kunnskapsbasen"
    await layer.create_step(reply.to_dict())
    for element in elements(answer):
        element.for_id, element.thread_id = reply.id, thread_id
        await layer.create_element(element)
    return reply.id


async def test_kept_answers_come_back_as_gaps_and_as_an_export(
    layer: ArenaDataLayer, database_url: str
) -> None:
    engine = create_engine(database_url)
    with Session(engine) as session:
        seed_world(session)
    user = await layer.create_user(cl.User(identifier="kari@ous.no"))
    assert user is not None
    thread_id = str(uuid.uuid4())
    await layer.update_thread(thread_id, name="Senger", user_id=user.id)
    abstained = Answer("Hva koster driften?", "Ikke dekket.", True, "extractive", "",
                       reason="no amount", closest=[CLOSEST])  # fmt: skip
    answered = Answer("Hvor mange senger har sykehuset?", "Sykehuset har 40 senger [1].", False,
                      "llm", "qwen", citations=[CITATION])  # fmt: skip
    await _answered(layer, thread_id, abstained)
    rated = await _answered(layer, thread_id, answered)
    await layer.upsert_feedback(Feedback(forId=rated, threadId=thread_id, value=0,
                                         comment="Gammelt tall"))  # fmt: skip

    with Session(engine) as session:
        gaps = knowledge_gaps(session=session, email="ola@arena.no")
        body, _, _ = export_conversation(
            session=session, thread_id=thread_id, fmt="json", email="kari@ous.no"
        )
    engine.dispose()

    assert [(g.question, g.abstained, g.rated_down, g.documents) for g in gaps] == [
        ("Hvor mange senger har sykehuset?", False, True, ["senger.md"]),
        ("Hva koster driften?", True, False, ["drift.md"]),
    ]
    assert gaps[0].comment == "Gammelt tall"
    assert gaps[1].reason == "no amount"
    messages = json.loads(body)["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[1]["sources"] == [{"kind": "closest", "n": None, "source": "drift.md",
                                       "title": "Drift", "location": "Plan", "quote": "",
                                       "passage": "Driften planlegges for 2027."}]  # fmt: skip
    assert (messages[3]["mode"], messages[3]["model"]) == ("llm", "qwen")
    assert messages[3]["sources"][0]["quote"] == "Sykehuset har 40 senger."
    assert messages[3]["rating"] == {"value": "down", "comment": "Gammelt tall"}
