"""The answer chain: condense a follow-up, retrieve, answer with checked citations, or abstain.

One chain serves every surface (built by `Services.answer_chain()`). `invoke()` returns a
finished `Answer`; `astream()` yields text tokens as they are produced and the finished `Answer`
last. The steps are LCEL runnables: condensing (prompt | model | parser, or a rule without a model), retrieval, and
generation, which is the extractive answerer or (prompt | model) followed by citation checks
and sentence verification. A provider that fails falls back to the extractive answer.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import PromptTemplate
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answers.abstention import AbstentionPolicy, Verdict, abstention_message, assess
from assistant.answers.citations import Citation, resolve_citations
from assistant.answers.extractive import Extract, ExtractiveAnswerer
from assistant.answers.prompts import placeholders, prompt_for
from assistant.answers.verification import Verifier
from assistant.errors import ArenaError, ProviderError
from assistant.i18n import Language, detect_language
from assistant.index.retrieval import SearchResult

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.config import Settings
    from assistant.index.retrieval import HybridRetriever

logger = logging.getLogger(__name__)

Mode = Literal["extractive", "llm"]
History = Sequence[BaseMessage | tuple[str, str]]

# What the code fills into each prompt; tests check the prompt files expect exactly these.
PROMPT_VARIABLES = {"answer": {"context", "question"}, "condense": {"history", "question"}}
# The extractive answerer reads 8 passages (recall@10 is 0.98, so the answer is nearly always
# among them). A language model gets far less: on a 2-core CPU, llama.cpp reads a small
# model's prompt at roughly 200-270 tokens a second, and Norwegian text costs about one token
# per 2.5 characters, so six whole passages (~1,800 tokens) meant 10-35 s before the first
# token. The model is shown the sentences the extractive answerer chose, best first, from at
# most 3 passages and `llm_context_chars` characters, and cites those passages by number.
PASSAGES = 8
LLM_PASSAGES = 3
_BRACKET_NUMBER = re.compile(r"\[\s*(\d+)\s*\]")
# Less room than this is not worth a fragment of another sentence.
_MIN_EVIDENCE_PIECE = 60
_HISTORY_TURNS = 6
_FOLLOW_UP = re.compile(
    r"^(?:og|men|hva med|hvordan med|what about|and|but|how about)\b|"
    r"\b(?:det|den|dette|denne|disse|dem|deres|de|han|hun|hans|hennes|der|da|"
    r"it|its|they|them|their|that|this|those|these|he|she|his|her|there|then)\b",
    re.IGNORECASE,
)
_NOT_COVERED = re.compile(
    r"kunnskapsbasen dekker ikke|knowledge base does not cover|does not cover this|"
    r"dekker ikke dette",
    re.IGNORECASE,
)


@dataclass
class Answer:
    """A finished answer, with everything a surface needs to show and check it."""

    question: str
    text: str
    abstained: bool
    mode: Mode
    model: str
    citations: list[Citation] = field(default_factory=list)
    removed_sentences: list[str] = field(default_factory=list)
    standalone_question: str = ""
    reason: str = ""
    closest: list[SearchResult] = field(default_factory=list)
    notice: str = ""

    def as_json(self) -> dict[str, object]:
        """The CLI's and the API's JSON shape."""
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "mode": self.mode,
            "model": self.model,
            "citations": [c.as_dict() for c in self.citations],
            "removed_sentences": list(self.removed_sentences),
            "standalone_question": self.standalone_question,
            "notice": self.notice,
        }


@dataclass
class Token:
    """A piece of answer text, streamed before the finished Answer."""

    text: str


def to_messages(history: History | None) -> list[BaseMessage]:
    """History as LangChain messages; tuples are (role, text) with role 'user' or 'assistant'."""
    out: list[BaseMessage] = []
    for item in history or []:
        if isinstance(item, BaseMessage):
            out.append(item)
        else:
            role, text = item
            out.append(HumanMessage(text) if role in ("user", "human") else AIMessage(text))
    return out


def format_history(messages: list[BaseMessage]) -> str:
    lines = []
    for m in messages[-2 * _HISTORY_TURNS :]:
        who = "User" if isinstance(m, HumanMessage) else "Assistant"
        lines.append(f"{who}: {str(m.content).strip()[:600]}")
    return "\n".join(lines)


def format_context(passages: Sequence[SearchResult]) -> str:
    """Passages as numbered lines of data, "[1] text", one passage to a line.

    Line breaks inside a passage become spaces and a bracketed number inside it becomes "(n)",
    so a document cannot start a passage of its own. The model needs only the numbers:
    citations are resolved to files and locations in code. This costs about 4 tokens a passage,
    where XML-like tags cost 13: a CPU-bound model reads ~200 tokens a second before its first.
    """
    lines = []
    for n, p in enumerate(passages, start=1):
        text = _BRACKET_NUMBER.sub(r"(\1)", " ".join(p.text.split()))
        lines.append(f"[{n}] {text}")
    return "\n".join(lines)


def evidence_context(
    extract: Extract,
    passages: Sequence[SearchResult],
    max_chars: int,
    limit: int = LLM_PASSAGES,
) -> list[SearchResult]:
    """The passages the extractive answer drew on, best first, each cut to its chosen units.

    Units fill the budget in order of relevance, so a small budget holds the best sentences
    whole rather than the first words of every passage; the last one may be cut. The results
    keep their source and location (citations still point at the whole passage and are
    checked against it); only the text the model reads is shortened.
    """
    kept: dict[int, list[tuple[int, str]]] = {}
    used = 0
    for s in sorted(extract.chosen, key=lambda s: s.score, reverse=True):
        n = s.unit.passage
        room = max_chars - used
        if room < _MIN_EVIDENCE_PIECE:
            break
        if n not in kept and len(kept) >= limit:
            continue
        text = _cut(s.unit.text, room)
        kept.setdefault(n, []).append((s.unit.position, text))
        used += len(text) + 1
    if not kept:
        count = min(limit, len(passages))
        share = max_chars // max(1, count)
        kept = {n: [(0, _cut(passages[n - 1].text, share))] for n in range(1, count + 1)}
    return [
        replace(passages[n - 1], text=" ".join(text for _, text in sorted(units)))
        for n, units in kept.items()
    ]


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 2].rsplit(" ", 1)[0] + " …"


def looks_like_follow_up(question: str) -> bool:
    """Short questions and ones that point back ('det', 'they', 'what about') need history."""
    return len(question.split()) <= 5 or bool(_FOLLOW_UP.search(question))


def rule_condense(question: str, messages: list[BaseMessage]) -> str:
    """Without a model: a follow-up is prefixed by the previous question, for retrieval."""
    previous = [str(m.content) for m in messages if isinstance(m, HumanMessage)]
    if not previous or not looks_like_follow_up(question):
        return question
    return f"{previous[-1].strip()} {question.strip()}"


def clean_condensed(text: str, fallback: str) -> str:
    """The first sensible line of a model's rewrite; anything odd keeps the rule's version."""
    line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
    line = re.sub(r"^(?:standalone question|selvstendig spørsmål)\s*:\s*", "", line, flags=re.I)
    line = line.strip().strip("\"'«»")
    if not 3 <= len(line) <= 400:
        return fallback
    return line


class AnswerChain:
    """Grounded answers over the services' retriever, with or without a language model."""

    def __init__(
        self,
        settings: Settings,
        retriever: HybridRetriever,
        llm: BaseChatModel | None = None,
        k: int = PASSAGES,
        abstention: AbstentionPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.k = k
        self.abstention = abstention or AbstentionPolicy()
        self.llm = llm
        self.retrieve: Runnable[str, list[SearchResult]] = RunnableLambda(self._search)
        self._unit_vectors: dict[str, Any] = {}

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

    def _search(self, query: str) -> list[SearchResult]:
        return self.retriever.search(query, k=self.k)

    def extractive(self) -> ExtractiveAnswerer:
        # The analyzer is rebuilt whenever the keyword index is, so fetch it per answer.
        return ExtractiveAnswerer(
            self.retriever.index.analyzer,
            self.retriever.index.embeddings if self.settings.answer_unit_embeddings else None,
            vector_cache=self._unit_vectors,
        )

    def verifier(self) -> Verifier:
        return Verifier(
            self.retriever.index.analyzer,
            self.retriever.index.embeddings,
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

    async def acondense(self, question: str, messages: list[BaseMessage]) -> tuple[str, str]:
        """The standalone question, and a notice if the model could not be used for it."""
        fallback = rule_condense(question, messages)
        if not messages or self.llm is None:
            return fallback, ""
        try:
            raw = await asyncio.wait_for(
                self.condense_chain(detect_language(question)).ainvoke(
                    {"history": format_history(messages), "question": question}
                ),
                timeout=self.settings.llm_timeout,
            )
        except Exception as exc:  # any provider failure: the rule still gives a usable query
            logger.warning("Condensing with the model failed: %s", exc)
            return fallback, provider_failure(self.settings.llm, exc)
        return clean_condensed(raw, fallback), ""

    def extract(self, question: str, passages: list[SearchResult]) -> tuple[Extract, Verdict]:
        extract = self.extractive().answer(question, passages)
        return extract, assess(question, passages, extract, self.abstention)

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
            closest=passages[:3],
        )

    def extractive_answer(
        self, question: str, standalone: str, passages: list[SearchResult], extract: Extract
    ) -> Answer:
        text, citations = resolve_citations(extract.text, passages, extract.quotes)
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
        self, question: str, history: History | None = None
    ) -> AsyncIterator[Token | Answer]:
        """Tokens of the answer as they come, then the finished, checked Answer."""
        question = question.strip()
        if not question:
            raise ArenaError("Ask a question: the text was empty")
        messages = to_messages(history)
        standalone, notice = await self.acondense(question, messages)
        passages = await self.retrieve.ainvoke(standalone)
        extract, verdict = await asyncio.to_thread(self.extract, standalone, passages)
        if not verdict.answer:
            answer = self.abstain(question, standalone, verdict, passages)
            answer.notice = notice
            yield Token(answer.text)
            yield answer
            return
        if self.llm is None or notice:
            answer = self.extractive_answer(question, standalone, passages, extract)
            answer.notice = notice
            for piece in re.split(r"(?<=\s)", answer.text):
                yield Token(piece)
            yield answer
            return
        async for item in self._agenerate(question, standalone, passages, extract):
            yield item

    async def _agenerate(
        self, question: str, standalone: str, passages: list[SearchResult], extract: Extract
    ) -> AsyncIterator[Token | Answer]:
        language = detect_language(question)
        # The model sees only the evidence it needs (see LLM_PASSAGES); its numbers point there.
        shown = evidence_context(extract, passages, self.settings.llm_context_chars)
        prompt = self.answer_prompt(language).format(
            context=format_context(shown), question=standalone
        )
        raw = ""
        try:
            async with asyncio.timeout(self.settings.llm_timeout):
                async for chunk in self.llm.astream(prompt):  # type: ignore[union-attr]
                    piece = _chunk_text(chunk)
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
            self.finish, question, standalone, cited, extract, raw, passages
        )

    def finish(
        self,
        question: str,
        standalone: str,
        passages: list[SearchResult],
        extract: Extract,
        raw: str,
        retrieved: list[SearchResult] | None = None,
    ) -> Answer:
        """Check the model's citations, verify every sentence, abstain or fall back as needed.

        `passages` are those the model was shown, in its numbering; `retrieved` are all the
        passages the extractive answer (the fallback) numbers its units by.
        """
        retrieved = retrieved if retrieved is not None else passages
        language = detect_language(question)
        if _NOT_COVERED.search(raw) and len(raw) < 200:
            verdict = Verdict(False, "the model found no answer in the passages", "weak")
            return self.abstain(question, standalone, verdict, passages)
        verification = self.verifier().verify(raw, passages)
        text, citations = resolve_citations(verification.text, passages)
        removed = verification.removed
        if not text.strip() or not citations:
            answer = self.extractive_answer(question, standalone, retrieved, extract)
            answer.removed_sentences = removed
            answer.notice = (
                "The model's answer could not be checked against the documents, so the "
                "extractive answer is shown instead."
                if language == "en"
                else "Modellens svar kunne ikke kontrolleres mot dokumentene, så det ekstraktive "
                "svaret vises i stedet."
            )
            return answer
        if removed:
            text += (
                f"\n\n({len(removed)} unsupported sentence(s) were removed from this answer.)"
                if language == "en"
                else f"\n\n({len(removed)} setning(er) uten støtte i dokumentene ble fjernet fra svaret.)"
            )
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

    async def ainvoke(self, question: str, history: History | None = None) -> Answer:
        final: Answer | None = None
        async for item in self.astream(question, history):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def invoke(self, question: str, history: History | None = None) -> Answer:
        return _run(self.ainvoke(question, history))


def _chunk_text(chunk: Any) -> str:
    content = getattr(chunk, "content", chunk)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", "")) for part in content
        )
    return ""


def provider_failure(provider: str, exc: BaseException) -> str:
    """A one-line, human explanation of why the model was not used."""
    name = type(exc).__name__
    if (
        isinstance(exc, TimeoutError)
        or "timeout" in name.lower()
        or "timed out" in str(exc).lower()
    ):
        why = "it did not answer in time"
    elif "connect" in name.lower() or "connect" in str(exc).lower():
        why = "it could not be reached"
    else:
        why = f"it failed ({name}: {str(exc)[:120]})"
    return f"The {provider} model was not used because {why}; this is the extractive answer."


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
