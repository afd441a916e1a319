"""The answer chain: condense a follow-up, retrieve, answer with checked citations, or abstain.

One chain serves every surface (built by `Services.answer_chain()`). `invoke()` returns a
finished `Answer`; `astream()` yields text tokens as they are produced and the finished `Answer`
last. The steps are LCEL runnables: condensing (prompt | model | parser, or a rule without a model), retrieval, and
generation, which is the extractive answerer or (prompt | model) followed by citation checks
and sentence verification. A provider that fails falls back to the extractive answer.
Retrieval and the extractive answer run in one worker thread per answer (`read`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from langchain_core.messages import BaseMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import PromptTemplate
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answers.abstention import AbstentionPolicy, Verdict, abstention_message, assess
from assistant.answers.answer import Answer, Mode, Token
from assistant.answers.answerability import known_words
from assistant.answers.citations import CitationTuning, resolve_citations
from assistant.answers.condense import (
    CondenseTuning,
    History,
    clean_condensed,
    format_history,
    looks_like_follow_up,
    rule_condense,
    to_messages,
)
from assistant.answers.evidence import EvidenceTuning, evidence_context, format_context
from assistant.answers.extractive import Extract, ExtractiveAnswerer, ExtractiveTuning
from assistant.answers.passages import ChunkOrder, PassageTuning, find_passages
from assistant.answers.prompts import placeholders, prompt_for
from assistant.answers.provider_output import chunk_text, provider_failure
from assistant.answers.verification import VerificationPolicy, Verifier
from assistant.errors import ArenaError, ProviderError
from assistant.i18n import Language, detect_language, say
from assistant.index.retrieval import SearchResult

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.config import Settings
    from assistant.index.access import Viewer
    from assistant.index.retrieval import HybridRetriever

logger = logging.getLogger(__name__)

# What the code fills into each prompt; tests check the prompt files expect exactly these.
PROMPT_VARIABLES = {"answer": {"context", "question"}, "condense": {"history", "question"}}
_NOT_COVERED = re.compile(
    r"kunnskapsbasen dekker ikke|knowledge base does not cover|does not cover this|"
    r"dekker ikke dette",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ChainTuning:
    """The chain's own numbers, and the tuning of each step it runs."""

    # Passages retrieved per question. The extractive answerer reads all of them: recall@10
    # is 0.98, so the answer is nearly always among 8. A model reads far fewer (see evidence).
    passages: int = 8
    # Extra searches for a cross-document question, lists followed into the next chunk.
    reading: PassageTuning = field(default_factory=PassageTuning)
    # A model's "not covered" reply shorter than this is an abstention; a longer one answers.
    not_covered_chars: int = 200
    # Passages kept with an abstention, for the surfaces to show as the closest documents.
    closest: int = 3
    extractive: ExtractiveTuning = field(default_factory=ExtractiveTuning)
    evidence: EvidenceTuning = field(default_factory=EvidenceTuning)
    condense: CondenseTuning = field(default_factory=CondenseTuning)
    citations: CitationTuning = field(default_factory=CitationTuning)
    verification: VerificationPolicy = field(default_factory=VerificationPolicy)


class AnswerChain:
    """Grounded answers over the services' retriever, with or without a language model."""

    def __init__(
        self,
        settings: Settings,
        retriever: HybridRetriever,
        llm: BaseChatModel | None = None,
        k: int | None = None,
        abstention: AbstentionPolicy | None = None,
        tuning: ChainTuning | None = None,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.tuning = tuning or ChainTuning()
        self.k = self.tuning.passages if k is None else k
        self.abstention = abstention or AbstentionPolicy()
        self.llm = llm
        # Unit vectors by text, shared by the answers (see `Services.warm_up`).
        self.unit_vectors: dict[str, Any] = {}
        self._order: ChunkOrder | None = None

    # Pieces -----------------------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return "extractive" if self.llm is None else "llm"

    @property
    def model_name(self) -> str:
        if self.llm is None:
            return "extractive"
        for attr in ("model_name", "model", "deployment_name"):
            value = getattr(self.llm, attr, None)
            if isinstance(value, str) and value:
                return value
        return self.settings.llm

    def retrieve(self, viewer: Viewer) -> Runnable[str, list[SearchResult]]:
        """The retrieval step for one viewer: only passages they may read ever reach an answer."""
        return RunnableLambda(lambda query: self.search(query, viewer))

    def search(self, query: str, viewer: Viewer) -> list[SearchResult]:
        """The passages an answer reads (see `assistant.answers.passages`)."""
        return find_passages(
            self.retriever, query, self.k, viewer, self.chunk_order(), self.tuning.reading
        )

    def chunk_order(self) -> ChunkOrder:
        """Which chunk follows which: read once per store revision, kept between answers."""
        self._order = self._order or ChunkOrder(self.retriever.index.store)
        return self._order

    def extractive(self, viewer: Viewer) -> ExtractiveAnswerer:
        # The analyzer is rebuilt whenever the keyword index is, so fetch it per answer; it is
        # the viewer's own, learned from the documents they may read.
        return ExtractiveAnswerer(
            self.retriever.index.keyword_for(viewer).analyzer,
            self.retriever.index.embeddings if self.settings.answer_unit_embeddings else None,
            tuning=self.tuning.extractive,
            vector_cache=self.unit_vectors,
        )

    def verifier(self, viewer: Viewer) -> Verifier:
        return Verifier(
            self.retriever.index.keyword_for(viewer).analyzer,
            self.retriever.index.embeddings,
            policy=self.tuning.verification,
        )

    def condense_chain(self, language: Language) -> Runnable[dict[str, str], str]:
        template = prompt_for("condense", language)
        assert placeholders(template) == PROMPT_VARIABLES["condense"]
        return PromptTemplate.from_template(template) | self.llm | StrOutputParser()  # type: ignore[operator]

    def answer_prompt(self, language: Language) -> PromptTemplate:
        template = prompt_for("answer", language)
        assert placeholders(template) == PROMPT_VARIABLES["answer"]
        return PromptTemplate.from_template(template)

    # Steps ------------------------------------------------------------------------------------

    async def acondense(
        self, question: str, messages: list[BaseMessage], viewer: Viewer | None = None
    ) -> tuple[str, str]:
        """The question made standalone if it is a follow-up, and a notice if the model failed."""
        analyzer = None if viewer is None else self.retriever.index.keyword_for(viewer).analyzer
        if not messages or not looks_like_follow_up(question, self.tuning.condense, analyzer):
            return question, ""
        fallback = rule_condense(question, messages, self.tuning.condense, analyzer)
        if self.llm is None:
            return fallback, ""
        try:
            raw = await asyncio.wait_for(
                self.condense_chain(detect_language(question)).ainvoke(
                    {
                        "history": format_history(messages, self.tuning.condense),
                        "question": question,
                    }
                ),
                timeout=self.settings.llm_timeout,
            )
        except Exception as exc:  # any provider failure: the rule still gives a usable query
            logger.warning("Condensing with the model failed: %s", exc)
            return fallback, provider_failure(self.settings.llm, exc)
        return clean_condensed(raw, fallback, self.tuning.condense), ""

    def extract(
        self, question: str, passages: list[SearchResult], viewer: Viewer
    ) -> tuple[Extract, Verdict]:
        """The extractive answer and the abstention verdict, which both modes obey."""
        extract = self.extractive(viewer).answer(question, passages)
        known = known_words(self.retriever.index.keyword_for(viewer))
        return extract, assess(question, passages, extract, self.abstention, known)

    def abstain(
        self, question: str, standalone: str, verdict: Verdict, passages: list[SearchResult]
    ) -> Answer:
        language = detect_language(question)
        return Answer(
            question=question,
            text=abstention_message(verdict, passages, language),
            abstained=True,
            mode=self.mode,
            model=self.model_name,
            standalone_question=standalone,
            reason=verdict.reason,
            closest=passages[: self.tuning.closest],
        )

    def extractive_answer(
        self, question: str, standalone: str, passages: list[SearchResult], extract: Extract
    ) -> Answer:
        text, citations = resolve_citations(
            extract.text, passages, extract.quotes, self.tuning.citations
        )
        return Answer(
            question=question,
            text=text,
            abstained=False,
            mode="extractive",
            model="extractive",
            citations=citations,
            standalone_question=standalone,
        )

    # Whole answers ----------------------------------------------------------------------------

    async def astream(
        self, question: str, history: History | None = None, *, viewer: Viewer
    ) -> AsyncIterator[Token | Answer]:
        """Tokens of the answer as they come, then the finished, checked Answer.

        `viewer` decides which documents the answer, its citations and the closest documents
        of an abstention may come from.
        """
        question = question.strip()
        if not question:
            raise ArenaError("Ask a question: the text was empty")
        messages = to_messages(history)
        standalone, notice = await self.acondense(question, messages, viewer)
        # One trip to a worker thread for all the model-free work: between two trips an
        # answer queued behind every other answer's, and twenty answers finished together.
        passages, extract, answer = await asyncio.to_thread(
            self.read, question, standalone, viewer, self.llm is None or bool(notice)
        )
        if answer is not None:
            answer.notice = notice
            yield Token(answer.text, complete=True)
            yield answer
            return
        async for item in self._agenerate(question, standalone, passages, extract, viewer):
            yield item

    def read(
        self, question: str, standalone: str, viewer: Viewer, extractive: bool
    ) -> tuple[list[SearchResult], Extract, Answer | None]:
        """Retrieve and extract; the finished answer too for an abstention or `extractive`."""
        passages = self.search(standalone, viewer)
        extract, verdict = self.extract(standalone, passages, viewer)
        answer = None
        if not verdict.answer:
            answer = self.abstain(question, standalone, verdict, passages)
        elif extractive:
            answer = self.extractive_answer(question, standalone, passages, extract)
        return passages, extract, answer

    async def _agenerate(
        self,
        question: str,
        standalone: str,
        passages: list[SearchResult],
        extract: Extract,
        viewer: Viewer,
    ) -> AsyncIterator[Token | Answer]:
        language = detect_language(question)
        # The model sees only the evidence it needs (see EvidenceTuning); its numbers point there.
        shown = evidence_context(
            extract, passages, self.settings.llm_context_chars, self.tuning.evidence
        )
        prompt = self.answer_prompt(language).format(
            context=format_context(shown), question=standalone
        )
        raw = ""
        try:
            async with asyncio.timeout(self.settings.llm_timeout):
                async for chunk in self.llm.astream(prompt):  # type: ignore[union-attr]
                    piece = chunk_text(chunk)
                    if piece:
                        raw += piece
                        yield Token(piece)
            if not raw.strip():
                raise ProviderError("the model returned an empty answer")
        except Exception as exc:  # the partner still gets a grounded answer, never a traceback
            logger.warning("LLM provider %s failed: %s", self.settings.llm, exc)
            answer = self.extractive_answer(question, standalone, passages, extract)
            answer.notice = provider_failure(self.settings.llm, exc)
            yield answer
            return
        full = {p.chunk_id: p for p in passages}
        # Citations and verification check against the whole passage, not the shortened text.
        cited = [full.get(p.chunk_id, p) for p in shown]
        yield await asyncio.to_thread(
            self.finish, question, standalone, cited, extract, raw, viewer, passages
        )

    def finish(
        self,
        question: str,
        standalone: str,
        passages: list[SearchResult],
        extract: Extract,
        raw: str,
        viewer: Viewer,
        retrieved: list[SearchResult] | None = None,
    ) -> Answer:
        """Check the model's citations, verify every sentence, abstain or fall back as needed.

        `passages` are those the model was shown, in its numbering; `retrieved` are all the
        passages the extractive answer (the fallback) numbers its units by.
        """
        retrieved = retrieved if retrieved is not None else passages
        language = detect_language(question)
        if _NOT_COVERED.search(raw) and len(raw) < self.tuning.not_covered_chars:
            verdict = Verdict(False, "the model found no answer in the passages", "weak")
            return self.abstain(question, standalone, verdict, passages)
        verification = self.verifier(viewer).verify(raw, passages)
        text, citations = resolve_citations(
            verification.text, passages, tuning=self.tuning.citations
        )
        removed = verification.removed
        if not text.strip() or not citations:
            answer = self.extractive_answer(question, standalone, retrieved, extract)
            answer.removed_sentences = removed
            answer.notice = say("answer.unchecked", language)
            return answer
        if removed:
            text += "\n\n" + say("answer.removed", language, count=len(removed))
        return Answer(
            question=question,
            text=text,
            abstained=False,
            mode="llm",
            model=self.model_name,
            citations=citations,
            removed_sentences=removed,
            standalone_question=standalone,
        )

    async def ainvoke(
        self, question: str, history: History | None = None, *, viewer: Viewer
    ) -> Answer:
        final: Answer | None = None
        async for item in self.astream(question, history, viewer=viewer):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def invoke(self, question: str, history: History | None = None, *, viewer: Viewer) -> Answer:
        return _run(self.ainvoke(question, history, viewer=viewer))


def _run(coroutine: Any) -> Any:
    """Run a coroutine from sync code, also when called inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    result: dict[str, Any] = {}

    def target() -> None:
        result["value"] = asyncio.run(coroutine)

    import threading

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    return result["value"]
