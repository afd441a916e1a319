"""Chainlit handlers: each one is small and only calls services."""

from __future__ import annotations

import asyncio

import chainlit as cl

from assistant.errors import ArenaError
from assistant.factory import get_services


@cl.on_chat_start
async def on_chat_start() -> None:
    cl.user_session.set("history", [])


@cl.on_message
async def on_message(message: cl.Message) -> None:
    services = get_services()
    try:
        results = await asyncio.to_thread(services.retriever.search, message.content, 5)
    except ArenaError as exc:
        await cl.Message(content=f"Beklager: {exc}").send()
        return
    if not results:
        await cl.Message(content="Fant ingen relevante avsnitt i kunnskapsbasen.").send()
        return
    elements = []
    lines = ["**Mest relevante avsnitt** (søk, ikke et generert svar):", ""]
    for n, r in enumerate(results, start=1):
        name = f"[{n}] {r.source}"
        lines.append(f"{n}. {r.source}, {r.location}: {r.text[:200].strip()}… [{n}]")
        elements.append(
            cl.Text(name=name, content=f"{r.source} · {r.location}\n\n{r.text}", display="side")
        )
    await cl.Message(content="\n".join(lines), elements=elements).send()
