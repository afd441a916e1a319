"""How the chat shows a grounded answer: the text, its sources, the mode, and citation panels.

Every piece of text that came from a document or a model goes through `inert_markdown`: our
own Markdown (headings, bold, quotes) frames it, but it brings no image or HTML of its own.
"""

from __future__ import annotations

import chainlit as cl

from assistant.answers.answer import Answer
from assistant.answers.citations import Citation
from assistant.chat.markdown_safety import inert_markdown
from assistant.i18n import Language, detect_language, say


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
        closest = say("chat_closest", language)
        names = [f"{closest} {n}" for n in range(1, len(answer.closest) + 1)]
        if names:
            parts.append(", ".join(names))
        return "\n\n".join(parts)
    parts.append(inert_markdown(answer.text))
    if answer.citations:
        source = say("chat_source", language)
        parts.append(
            f"**{say('chat_sources', language)}:** "
            + ", ".join(f"{source} {c.n}" for c in answer.citations)
        )
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


def elements(answer: Answer) -> list[cl.Text]:
    """One side element per citation (or per closest document when abstaining)."""
    language = answer_language(answer)
    if answer.abstained:
        closest = say("chat_closest", language)
        return [
            cl.Text(
                name=f"{closest} {n}",
                content=f"**{inert_markdown(p.source)}** · {inert_markdown(p.location)}"
                f"\n\n{inert_markdown(p.text)}",
                display="side",
            )
            for n, p in enumerate(answer.closest, start=1)
        ]
    source = say("chat_source", language)
    return [
        cl.Text(name=f"{source} {c.n}", content=citation_panel(c, language), display="side")
        for c in answer.citations
    ]


def citation_panel(citation: Citation, language: Language) -> str:
    """A citation's side panel: source and location, what it restates, the quote, the passage."""
    label = citation.provenance_en if language == "en" else citation.provenance
    provenance = f"\n\n*{inert_markdown(label)}*" if label else ""
    quote = " ".join(inert_markdown(citation.quote).split())  # one line: it stays in the quote
    return (
        f"**{inert_markdown(citation.source)}** · {inert_markdown(citation.location)}{provenance}"
        f"\n\n> {quote}\n\n---\n\n{inert_markdown(citation.passage)}"
    )
