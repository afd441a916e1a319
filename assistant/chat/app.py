"""Chainlit handlers: each one is small and only calls the answer chain."""

from __future__ import annotations

import logging

import chainlit as cl

from assistant.answers.chain import Answer, Token
from assistant.chat import (
    registry as chat_registry,  # registers the sign-in and review-button callbacks
)
from assistant.errors import ArenaError
from assistant.i18n import Language, detect_language
from assistant.services import get_services

logger = logging.getLogger(__name__)

_LABELS = {
    "no": {
        "source": "Kilde",
        "sources": "Kilder",
        "closest": "Nærmeste dokument",
        "extractive": "Ekstraktivt svar: setningene er hentet ordrett fra dokumentene.",
        "llm": "Svar skrevet av {model}; hver setning er kontrollert mot kilden den viser til.",
        "not_covered": "Ikke dekket av kunnskapsbasen",
        "removed": "Fjernet fordi kildene ikke støtter det",
        "sorry": "Beklager: {error}",
    },
    "en": {
        "source": "Source",
        "sources": "Sources",
        "closest": "Closest document",
        "extractive": "Extractive answer: the sentences are quoted from the documents.",
        "llm": "Answer written by {model}; every sentence is checked against the source it cites.",
        "not_covered": "Not covered by the knowledge base",
        "removed": "Removed because the sources do not support it",
        "sorry": "Sorry: {error}",
    },
}


@cl.on_chat_start
async def on_chat_start() -> None:
    cl.user_session.set("history", [])
    await chat_registry.announce_commands()


@cl.on_message
async def on_message(message: cl.Message) -> None:
    if await chat_registry.handle_registry_message(message):
        return
    history: list[tuple[str, str]] = cl.user_session.get("history") or []
    reply = cl.Message(content="")
    final: Answer | None = None
    try:
        async for item in get_services().answer_chain().astream(message.content, history):
            if isinstance(item, Token):
                await reply.stream_token(item.text)
            else:
                final = item
    except ArenaError as exc:
        language = detect_language(message.content)
        reply.content = _LABELS[language]["sorry"].format(error=exc)
        await reply.send()
        return
    assert final is not None
    reply.content = render(final)
    reply.elements = elements(final)  # type: ignore[assignment]
    if final.abstained:
        reply.author = _LABELS[detect_language(final.question)]["not_covered"]
    if reply.streaming:  # the streamed draft is replaced by the checked answer
        await reply.update()
    else:
        await reply.send()
    history.extend([("user", final.question), ("assistant", final.text)])
    cl.user_session.set("history", history)


def render(answer: Answer) -> str:
    """The message text: the answer, its sources, and which mode answered."""
    labels = _LABELS[_language(answer)]
    parts: list[str] = []
    if answer.notice:
        parts.append(f"> ⚠️ {answer.notice}")
    if answer.abstained:
        parts.append(f"### 🚫 {labels['not_covered']}")
        parts.append("\n".join(f"> {line}" if line else ">" for line in answer.text.split("\n")))
        names = [f"{labels['closest']} {n}" for n in range(1, len(answer.closest) + 1)]
        if names:
            parts.append(", ".join(names))
        return "\n\n".join(parts)
    parts.append(answer.text)
    if answer.citations:
        parts.append(
            f"**{labels['sources']}:** "
            + ", ".join(f"{labels['source']} {c.n}" for c in answer.citations)
        )
    if answer.removed_sentences:
        removed = "\n".join(f"- ~~{s}~~" for s in answer.removed_sentences)
        parts.append(f"<details><summary>{labels['removed']}</summary>\n\n{removed}\n</details>")
    mode = labels["extractive"] if answer.mode == "extractive" else labels["llm"]
    parts.append(f"*{mode.format(model=answer.model)}*")
    return "\n\n".join(parts)


def elements(answer: Answer) -> list[cl.Text]:
    """One side element per citation (or per closest document when abstaining)."""
    labels = _LABELS[_language(answer)]
    if answer.abstained:
        return [
            cl.Text(
                name=f"{labels['closest']} {n}",
                content=f"**{p.source}** · {p.location}\n\n{p.text}",
                display="side",
            )
            for n, p in enumerate(answer.closest, start=1)
        ]
    return [
        cl.Text(
            name=f"{labels['source']} {c.n}",
            content=f"**{c.source}** · {c.location}\n\n> {c.quote}\n\n---\n\n{c.passage}",
            display="side",
        )
        for c in answer.citations
    ]


def _language(answer: Answer) -> Language:
    return detect_language(answer.question)
