"""How the chat shows a grounded answer: the text, the mode, and the sources element under it.

Every piece of text that came from a document or a model goes through `inert_markdown`: our
own Markdown (headings, bold, quotes) frames it, but it brings no image or HTML of its own.
"""

from __future__ import annotations

import chainlit as cl

from assistant.answers.answer import Answer
from assistant.answers.citations import Citation
from assistant.chat.markdown_safety import inert_markdown
from assistant.i18n import Language, detect_language, say
from assistant.i18n.knowledge import location_label


def answer_language(answer: Answer) -> Language:
    """The language of the question, which the answer's labels follow."""
    return detect_language(answer.question)


def render(answer: Answer) -> str:
    """The message text: the answer, its sources, and which mode answered."""
    language = answer_language(answer)
    parts: list[str] = []
    if answer.notice:  # may quote a provider's error
        parts.append(f"> ⚠️ {inert_markdown(answer.notice)}")
    if answer.abstained:
        parts.append(f"### 🚫 {say('chat_not_covered', language)}")
        text = inert_markdown(answer.text)  # names the closest documents
        parts.append("\n".join(f"> {line}" if line else ">" for line in text.split("\n")))
        return "\n\n".join(parts)  # the closest passages follow in the sources element
    parts.append(inert_markdown(answer.text))  # cites [n]: the sources element lists them
    if answer.removed_sentences:
        # Plain Markdown: Chainlit renders no HTML, so a <details> block would show as text.
        removed = "\n".join(
            f"- ~~{' '.join(inert_markdown(s).split())}~~" for s in answer.removed_sentences
        )
        parts.append(f"*{say('chat_removed', language)}:*\n\n{removed}")
    if answer.mode == "extractive":
        mode = say("chat_extractive", language)
    else:
        mode = say("chat_llm", language, model=answer.model)
    parts.append(f"*{mode}*")
    return "\n\n".join(parts)


SOURCES_ELEMENT = "Sources"  # public/elements/Sources.jsx renders it


def elements(answer: Answer) -> list[cl.CustomElement]:
    """The answer's sources as one inline element that belongs to this answer alone.

    Chainlit 2.12 opens its side panel by itself whenever a message brings `display="side"`
    elements, and lists every side element of the conversation there: an earlier answer's
    passages would show beside a later answer. So each answer carries its own element, shown
    under it, and a click on a source opens that passage in a panel (public/elements).
    """
    language = answer_language(answer)
    if answer.abstained:
        items = [
            {
                "label": f"{say('chat_closest', language)} {n}",
                "source": p.source,
                "location": location_label(p.location, language),
                "provenance": "",
                "quote": "",
                "passage": p.text,
            }
            for n, p in enumerate(answer.closest, start=1)
        ]
    else:
        items = [citation_item(c, language) for c in answer.citations]
    if not items:
        return []
    props = {
        "title": say("chat_sources" if not answer.abstained else "chat_closest_all", language),
        "close": say("chat_close", language),
        "quoteLabel": say("chat_quote", language),
        "passageLabel": say("chat_passage", language),
        "items": items,
    }
    return [cl.CustomElement(name=SOURCES_ELEMENT, props=props, display="inline")]


def citation_item(citation: Citation, language: Language) -> dict[str, str]:
    """One citation as the sources element shows it: plain text, which React escapes."""
    label = citation.provenance_en if language == "en" else citation.provenance
    return {
        "label": f"[{citation.n}]",
        "source": citation.source,
        "location": location_label(citation.location, language),
        "provenance": label or "",
        "quote": " ".join(citation.quote.split()),
        "passage": citation.passage,
    }
