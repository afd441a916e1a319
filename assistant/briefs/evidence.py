"""Evidence for a brief: questions to the knowledge base, answered and checked as any answer is.

Each evidence paragraph is an `Answer` of the grounded-answer chain, so it passes the same
retrieval, abstention, sentence verification and citation checks; an abstention leaves the
paragraph out and says why. Citations are renumbered into the brief's one source list.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from assistant.answers.answer import Answer
from assistant.answers.citations import cited_numbers, split_answer, strip_citations
from assistant.briefs.model import BriefInput, Citation
from assistant.errors import NotIndexedError
from assistant.text.sentences import split_sentences

if TYPE_CHECKING:
    from assistant.answers.chain import AnswerChain
    from assistant.index.access import Viewer

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


@dataclass(frozen=True)
class RelevanceTuning:
    """When an answer's sentence is about the need itself, not only near it.

    An answer may hold sentences that pass the chain's checks yet speak of something else
    (a reference list, another project's slogan). A brief shows a sentence only when it shares
    at least two content terms with the need. Closeness in meaning was tried as a second way
    in and let through slogans that share one word ("digital") with a need the corpus does not
    cover, so it is not used: an English need over Norwegian documents shares no words with
    them and keeps its evidence open, which is honest rather than guessed.
    """

    shared_terms: int = 2
    # A brief's evidence paragraph is read in a workshop: the best few sentences, not a page.
    sentences: int = 3


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


def on_topic(
    chain: AnswerChain,
    answer: Answer,
    about: str,
    viewer: Viewer,
    tuning: RelevanceTuning = RelevanceTuning(),
    *,
    shown: Answer | None = None,
) -> Answer:
    """The answer with only the sentences about `about`, at most `tuning.sentences` of them
    and none already in `shown`; an abstention when none is left."""
    if answer.abstained:
        return answer
    sentences = split_answer(answer.text)
    if not sentences:
        return answer
    analyzer = chain.extractive(viewer)
    wanted = set(analyzer.terms(about, query=True))
    seen = (
        {strip_citations(s).strip() for s in split_answer(shown.text)}
        if shown is not None and not shown.abstained
        else set()
    )
    fresh = [s for s in sentences if strip_citations(s).strip() not in seen]
    kept = [
        s
        for s in fresh
        if len(wanted & set(analyzer.terms(strip_citations(s)))) >= tuning.shared_terms
    ][: tuning.sentences]
    if not kept:
        return replace(answer, abstained=True, reason="no passage speaks of this need", text="")
    text = " ".join(kept)
    cited = set(cited_numbers(text))
    return replace(answer, text=text, citations=[c for c in answer.citations if c.n in cited])


def gather(
    chain: AnswerChain, brief_input: BriefInput, viewer: Viewer, sources: SourceList
) -> tuple[Evidence, Evidence]:
    """Evidence for the need and for what has been tried, as `viewer` may read it."""
    about = f"{brief_input.title}. {brief_input.need}"
    try:
        need_raw, tried_raw = _ask_both(
            chain, need_question(brief_input), tried_question(brief_input), viewer
        )
    except NotIndexedError:
        # Nothing ingested yet: the brief is still drafted, its evidence sections left open.
        empty = Evidence(abstained=True, reason="the knowledge base is empty")
        return empty, empty
    need_answer = on_topic(chain, need_raw, about, viewer)
    # Both questions often find the same sentences: the second paragraph says only what is new.
    tried_answer = on_topic(chain, tried_raw, about, viewer, shown=need_answer)
    return sources.adopt(need_answer), sources.adopt(tried_answer)


def _ask_both(chain: AnswerChain, first: str, second: str, viewer: Viewer) -> tuple[Answer, Answer]:
    """Both questions at once: while one waits on the store or a model, the other computes."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:

        async def both() -> tuple[Answer, Answer]:
            a, b = await asyncio.gather(
                chain.ainvoke(first, viewer=viewer), chain.ainvoke(second, viewer=viewer)
            )
            return a, b

        return asyncio.run(both())
    # Called from a running event loop: the chain's own blocking call handles that case.
    return chain.invoke(first, viewer=viewer), chain.invoke(second, viewer=viewer)
