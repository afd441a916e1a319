"""How the chat shows a grounded answer: the text, its sources, the mode, and citation panels."""

from __future__ import annotations

import chainlit as cl

from assistant.answers.answer import Answer
from assistant.answers.citations import Citation
from assistant.i18n import Language, detect_language, say


def answer_language(answer: Answer) -> Language:
    """The language of the question, which the answer's labels follow."""
    return detect_language(answer.question)


def render(answer: Answer) -> str:
    """The message text: the answer, its sources, and which mode answered."""
    language = answer_language(answer)
    parts: list[str] = []
    if answer.notice:
        parts.append(f"> ⚠️ {answer.notice}")
    if answer.abstained:
        parts.append(f"### 🚫 {say('chat_not_covered', language)}")
        parts.append("\n".join(f"> {line}" if line else ">" for line in answer.text.split("\n")))
        closest = say("chat_closest", language)
        names = [f"{closest} {n}" for n in range(1, len(answer.closest) + 1)]
        if names:
            parts.append(", ".join(names))
        return "\n\n".join(parts)
    parts.append(answer.text)
    if answer.citations:
        source = say("chat_source", language)
        parts.append(
            f"**{say('chat_sources', language)}:** "
            + ", ".join(f"{source} {c.n}" for c in answer.citations)
        )
    if answer.removed_sentences:
        removed = "\n".join(f"- ~~{s}~~" for s in answer.removed_sentences)
        summary = say("chat_removed", language)
        parts.append(f"<details><summary>{summary}</summary>\n\n{removed}\n</details>")
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
                content=f"**{p.source}** · {p.location}\n\n{p.text}",
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
    provenance = f"\n\n*{label}*" if label else ""
    return (
        f"**{citation.source}** · {citation.location}{provenance}"
        f"\n\n> {citation.quote}\n\n---\n\n{citation.passage}"
    )
