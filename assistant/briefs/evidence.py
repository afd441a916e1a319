"""Evidence for a brief: questions to the knowledge base, answered and checked as any answer is.

Each evidence paragraph is an `Answer` of the grounded-answer chain, so it passes the same
retrieval, abstention, sentence verification and citation checks; an abstention leaves the
paragraph out and says why. Citations are renumbered into the brief's one source list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.answers.answer import Answer
from assistant.answers.citations import cited_numbers, strip_citations
from assistant.briefs.model import BriefInput, Citation
from assistant.text.sentences import split_sentences

if TYPE_CHECKING:
    from assistant.answers.chain import AnswerChain
    from assistant.index.access import Viewer

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


@dataclass
class Evidence:
    """One evidence paragraph in the brief's numbering, or why there is none."""

    text: str = ""
    citations: list[int] = field(default_factory=list)
    abstained: bool = False
    reason: str = ""
    mode: str = "extractive"


@dataclass
class SourceList:
    """The brief's numbered sources: one number per cited passage and quote, however often used."""

    citations: list[Citation] = field(default_factory=list)

    def number(self, source: str, location: str, quote: str, title: str, chunk_id: str) -> int:
        for known in self.citations:
            if known.chunk_id == chunk_id and known.quote == quote:
                return known.n
        n = len(self.citations) + 1
        self.citations.append(
            Citation(
                n=n, source=source, location=location, quote=quote, title=title, chunk_id=chunk_id
            )
        )
        return n

    def adopt(self, answer: Answer) -> Evidence:
        """The answer's text with its citation numbers moved into this list."""
        if answer.abstained:
            return Evidence(abstained=True, reason=answer.reason, mode=answer.mode)
        mapping = {
            c.n: self.number(c.source, c.location, c.quote, c.title, c.chunk_id)
            for c in answer.citations
        }

        def renumber(match: re.Match[str]) -> str:
            numbers = [mapping[int(n)] for n in match.group(1).split(",") if int(n) in mapping]
            return f"[{', '.join(str(n) for n in dict.fromkeys(numbers))}]" if numbers else ""

        text = _MARKER.sub(renumber, answer.text)
        # An LLM answer may end with a note on removed sentences; the brief keeps the claims only.
        text = text.split("\n\n")[0].strip()
        used = cited_numbers(text)
        return Evidence(text=text, citations=list(dict.fromkeys(used)), mode=answer.mode)


def need_question(brief_input: BriefInput) -> str:
    """The need as the knowledge base is asked about it: its title and its first sentences.

    A whole need is a paragraph; the retriever and the answerer work on a question's worth of
    words, and the first sentences carry who struggles with what.
    """
    sentences = split_sentences(brief_input.need)
    opening = " ".join(sentences[:2]) if sentences else brief_input.need
    return f"{brief_input.title}. {opening}"


def tried_question(brief_input: BriefInput) -> str:
    """What has been tried before, asked in the brief's language."""
    if brief_input.language == "en":
        return f"What has been tried or learnt about {brief_input.title}?"
    return f"Hva er prøvd eller lært om {brief_input.title}?"


def gather(
    chain: AnswerChain, brief_input: BriefInput, viewer: Viewer, sources: SourceList
) -> tuple[Evidence, Evidence]:
    """Evidence for the need and for what has been tried, as `viewer` may read it."""
    need_answer = chain.invoke(need_question(brief_input), viewer=viewer)
    tried_answer = chain.invoke(tried_question(brief_input), viewer=viewer)
    need = sources.adopt(need_answer)
    if _same_claims(tried_answer, need_answer):
        # Both questions found the same sentences: saying them twice adds nothing.
        return need, Evidence(abstained=True, reason="same passages as the need")
    return need, sources.adopt(tried_answer)


def _same_claims(a: Answer, b: Answer) -> bool:
    if a.abstained or b.abstained:
        return False
    return strip_citations(a.text).strip() == strip_citations(b.text).strip()
