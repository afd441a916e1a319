"""A stored conversation exported as JSON or Markdown, for its owner or a coordinator.

Both hold the messages in order; each answer with its mode, whether it abstained and why, its
sources (cited passages, or the closest ones) with location, quote and passage, and its
rating with the rater's comment. The Markdown's labels follow the reader's language; text from
the conversation goes through `inert_line`, so it brings no heading, link, image or HTML.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from sqlmodel import Session

from assistant.i18n import Language, say
from assistant.registry.conversations import Conversation, Message, Source, read_conversation
from assistant.registry.errors import InvalidInputError
from assistant.text.markdown import inert_line

Format = Literal["json", "md"]
FORMATS: dict[str, tuple[str, str]] = {  # format -> (file suffix, media type)
    "json": ("json", "application/json"),
    "md": ("md", "text/markdown"),
}


def export_conversation(
    *,
    session: Session,
    thread_id: str,
    fmt: str,
    email: str | None,
    operator: bool = False,
    language: Language = "no",
) -> tuple[str, str, str]:
    """(text, file name, media type) of the conversation in `fmt`, if the reader may read it."""
    if fmt not in FORMATS:
        raise InvalidInputError(f"Unknown format {fmt!r}: use json or md")
    conversation = read_conversation(
        session=session, thread_id=thread_id, email=email, operator=operator
    )
    return rendered(conversation, fmt, language)


def rendered(conversation: Conversation, fmt: str, language: Language) -> tuple[str, str, str]:
    """(text, file name, media type) of a conversation already read in `fmt`."""
    suffix, media_type = FORMATS[fmt]
    if fmt == "json":
        body = json.dumps(conversation_json(conversation), ensure_ascii=False, indent=2) + "\n"
    else:
        body = conversation_markdown(conversation, language)
    return body, f"conversation-{conversation.thread_id[:8]}.{suffix}", media_type


def conversation_json(conversation: Conversation) -> dict[str, Any]:
    """The conversation as plain data: every message in order, answers in full."""
    return {
        "thread_id": conversation.thread_id,
        "name": conversation.name,
        "user": conversation.user,
        "created_at": conversation.created_at,
        "messages": [_message_json(m) for m in conversation.messages],
    }


def _message_json(message: Message) -> dict[str, Any]:
    data: dict[str, Any] = {"role": message.role, "text": message.text, "at": message.at}
    if message.role == "assistant":
        data["author"] = message.author
        data["answer"] = message.answer
        if message.answer:
            data |= {
                "question": message.question,
                "abstained": message.abstained,
                "mode": message.mode,
                "model": message.model,
                "reason": message.reason,
                "sources": [_source_json(s) for s in message.sources],
            }
        rating = message.rating
        data["rating"] = {"value": rating.label, "comment": rating.comment} if rating else None
    return data


def _source_json(source: Source) -> dict[str, Any]:
    return {
        "kind": source.kind,
        "n": source.n,
        "source": source.source,
        "title": source.title,
        "location": source.location,
        "quote": source.quote,
        "passage": source.passage,
    }


def conversation_markdown(conversation: Conversation, language: Language) -> str:
    """The conversation as a Markdown document to read, file or send on."""
    name = conversation.name or say("conv_md_untitled", language)
    lines = [f"# {say('conv_md_title', language, name=_inline(name))}", ""]
    meta = say(
        "conv_md_meta",
        language,
        user=_inline(conversation.user),
        date=conversation.created_at[:16].replace("T", " "),
        id=conversation.thread_id.replace("`", ""),
    )
    lines += [meta, ""]
    if not conversation.messages:
        lines.append(say("conv_md_empty", language))
    for message in conversation.messages:
        lines += _message_markdown(message, language)
    return "\n".join(lines).rstrip() + "\n"


def _message_markdown(message: Message, language: Language) -> list[str]:
    at = message.at[:16].replace("T", " ")
    if message.role == "user":
        return [f"## {say('conv_md_question', language)} · {at}", "", *_quoted(message.text), ""]
    if not message.answer:
        heading = say("conv_md_reply", language)
    elif message.abstained:
        heading = say("conv_md_not_covered", language)
    else:
        heading = say("conv_md_answer", language)
    lines = [f"### {heading} · {at}", "", *_quoted(message.text), ""]
    if message.answer and message.mode:
        lines += [f"*{say('conv_md_mode', language, mode=_mode(message, language))}*", ""]
    if message.abstained and message.reason:
        lines += [say("conv_md_reason", language, reason=_inline(message.reason)), ""]
    if message.sources:
        title = "conv_md_closest" if message.abstained else "conv_md_sources"
        lines += [f"**{say(title, language)}**", ""]
        lines += [_source_markdown(s, language) for s in message.sources] + [""]
    if message.rating is not None:
        key = "conv_md_rating_up" if message.rating.value else "conv_md_rating_down"
        lines.append(f"**{say(key, language)}**")
        if message.rating.comment:
            lines.append(say("conv_md_comment", language, comment=_inline(message.rating.comment)))
        lines.append("")
    return lines


def _mode(message: Message, language: Language) -> str:
    if message.mode == "extractive":
        return say("conv_md_mode_extractive", language)
    if message.mode == "llm":
        return say("conv_md_mode_llm", language, model=_inline(message.model or "?"))
    return _inline(message.mode)


def _source_markdown(source: Source, language: Language) -> str:
    label = f"[{source.n}] " if source.n is not None else ""
    where = " · ".join(_inline(p) for p in (source.source, source.location) if p)
    line = f"- {label}{where}"
    if source.quote:
        line += f": «{_inline(source.quote)}»"
    if source.passage and source.passage.strip() != source.quote.strip():
        line += f"\n  - {say('conv_md_passage', language)}: {_inline(source.passage)}"
    return line


def _quoted(text: str) -> list[str]:
    """Conversation text as a Markdown quote, each line inert (no link, image, HTML, block)."""
    return [f"> {inert_line(line)}" if line.strip() else ">" for line in text.strip().splitlines()]


def _inline(text: str) -> str:
    """Text on one inert line."""
    return inert_line(text)
