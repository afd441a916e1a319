"""The chain with fake chat models: condensing, generation, checks, failures, planted text."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.answers.answer import Answer, Token
from assistant.answers.evidence import EvidenceTuning, evidence_context
from assistant.index.access import Viewer
from assistant.services import Services
from tests.answers.conftest import with_llm

# These tests rank arena-wide documents, which every reader sees.
ANYONE = Viewer.anonymous()


class PromptRecorder(FakeListChatModel):
    """A fake model that also keeps the prompts it was given."""

    prompts: list[str] = []  # noqa: RUF012

    def _call(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> str:
        self.prompts.append(str(messages[-1].content))
        return super()._call(messages, *args, **kwargs)

    async def _astream(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.prompts.append(str(messages[-1].content))
        async for chunk in super()._astream(messages, *args, **kwargs):
            yield chunk


class Unreachable(BaseChatModel):
    """A provider whose server is down."""

    @property
    def _llm_type(self) -> str:
        return "unreachable"

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        raise ConnectionError("Connection refused: 127.0.0.1:9")


class Slow(BaseChatModel):
    """A provider that never finishes in time."""

    @property
    def _llm_type(self) -> str:
        return "slow"

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage("late"))])

    async def _astream(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        yield ChatGenerationChunk(message=AIMessageChunk(content="Kontroll"))
        await asyncio.sleep(5)
        yield ChatGenerationChunk(message=AIMessageChunk(content="tårn"))

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        raise AssertionError("the chain streams asynchronously")


QUESTION = "Hva er utnyttelsen av bemannede operasjonsstuer i Kontrolltårn?"


def number_of(services: Services, question: str, source: str) -> int:
    """The number the model sees for a source's passage (the order of evidence_context)."""
    chain = services.answer_chain()
    passages = chain.retrieve(ANYONE).invoke(question)
    extract, _ = chain.extract(question, passages, ANYONE)
    shown = evidence_context(extract, passages, services.settings.llm_context_chars)
    return next(n for n, p in enumerate(shown, start=1) if p.source == source)


def _collect(services: Services, question: str, history: list[tuple[str, str]] | None = None):
    async def run() -> tuple[list[str], Answer]:
        tokens: list[str] = []
        final = None
        async for item in services.answer_chain().astream(question, history, viewer=ANYONE):
            if isinstance(item, Token):
                tokens.append(item.text)
            else:
                final = item
        assert final is not None
        return tokens, final

    return asyncio.run(run())


def test_generated_answer_streams_and_its_citations_are_checked(indexed: Services) -> None:
    n = number_of(indexed, QUESTION, "kontrolltarn.txt")
    reply = (
        f"Utnyttelsen av bemannede operasjonsstuer er under 70 prosent [{n}]. "
        f"Kontrolltårn bruker maskinlæring til å planlegge operasjoner [{n}][9]."
    )
    services = with_llm(indexed, FakeListChatModel(responses=[reply]))
    tokens, answer = _collect(services, QUESTION)
    assert len(tokens) > 5  # the fake model streams character by character
    assert "".join(tokens) == reply
    assert "[1]" in answer.text  # renumbered from the passage's retrieval rank
    assert answer.mode == "llm"
    assert not answer.abstained
    assert "[9]" not in answer.text  # points at no passage
    assert answer.removed_sentences == []
    assert [c.source for c in answer.citations] == ["kontrolltarn.txt"]
    assert "70 prosent" in answer.citations[0].quote


def test_made_up_and_uncited_sentences_are_removed_and_the_answer_says_so(
    indexed: Services,
) -> None:
    n = number_of(indexed, QUESTION, "kontrolltarn.txt")
    reply = (
        f"Utnyttelsen av bemannede operasjonsstuer er under 70 prosent [{n}]. "
        f"Prosjektet fikk 40 millioner kroner fra Forskningsrådet i Bergen [{n}]. "
        "Dette er et svært vellykket prosjekt."
    )
    services = with_llm(indexed, FakeListChatModel(responses=[reply]))
    answer = services.answer_chain().invoke(QUESTION, viewer=ANYONE)
    assert answer.removed_sentences == [
        f"Prosjektet fikk 40 millioner kroner fra Forskningsrådet i Bergen [{n}].",
        "Dette er et svært vellykket prosjekt.",
    ]
    assert "40 millioner" not in answer.text
    assert "2 setning(er) uten støtte" in answer.text


def test_follow_up_is_condensed_by_the_model_and_used_for_retrieval(indexed: Services) -> None:
    model = PromptRecorder(
        responses=[
            "Hvor mange operasjoner strykes hvert år i Kontrolltårn?",
            "Mer enn 3300 operasjoner strykes hvert år [1].",
        ]
    )
    model.prompts = []
    history = [("user", QUESTION), ("assistant", "Under 70 prosent [1].")]
    answer = (
        with_llm(indexed, model)
        .answer_chain()
        .invoke("Og hvor mange strykes?", history, viewer=ANYONE)
    )
    assert answer.standalone_question == "Hvor mange operasjoner strykes hvert år i Kontrolltårn?"
    assert "Og hvor mange strykes?" in model.prompts[0]
    assert QUESTION in model.prompts[0]  # the history reached the condense prompt
    assert "3300" in model.prompts[1]  # retrieval used the standalone question
    assert answer.citations[0].source == "kontrolltarn.txt"


def test_without_a_model_a_follow_up_is_read_with_the_previous_question(
    indexed: Services,
) -> None:
    history = [("user", QUESTION), ("assistant", "Under 70 prosent [1].")]
    answer = indexed.answer_chain().invoke("Og hvor mange strykes?", history, viewer=ANYONE)
    assert answer.standalone_question.startswith(QUESTION)
    assert not answer.abstained
    assert "3300" in answer.text


def test_a_new_question_after_another_topic_is_answered_on_its_own(indexed: Services) -> None:
    history = [
        ("user", "Hva sier verdikompasset om interessekonflikter?"),
        ("assistant", "Partnerne flagger mulige interessekonflikter tidlig [1]."),
    ]
    answer = indexed.answer_chain().invoke("Hva er Kontrolltårn?", history, viewer=ANYONE)
    assert answer.standalone_question == "Hva er Kontrolltårn?"
    assert {c.source for c in answer.citations} == {"kontrolltarn.txt"}
    # Nor does a model get to mix the topics: a new question is not sent to be rewritten.
    model = PromptRecorder(responses=["Kontrolltårn planlegger operasjoner [1]."])
    model.prompts = []
    with_llm(indexed, model).answer_chain().invoke("Hva er Kontrolltårn?", history, viewer=ANYONE)
    assert len(model.prompts) == 1
    assert "verdikompasset" not in model.prompts[0]


@pytest.mark.parametrize(
    ("model", "why"),
    [
        (Unreachable(), "could not be reached"),
        (FakeListChatModel(responses=["x" * 50], error_on_chunk_number=3), "failed"),
    ],
)
def test_a_failing_provider_gives_a_clear_notice_and_the_extractive_answer(
    indexed: Services, model: BaseChatModel, why: str
) -> None:
    answer = with_llm(indexed, model).answer_chain().invoke(QUESTION, viewer=ANYONE)
    assert why in answer.notice
    assert answer.mode == "extractive"
    assert "70 prosent" in answer.text
    assert "Traceback" not in answer.text


def test_a_provider_that_times_out_falls_back(indexed: Services) -> None:
    services = with_llm(indexed, Slow())
    services.settings = services.settings.model_copy(update={"llm_timeout": 0.5})
    answer = services.answer_chain().invoke(QUESTION, viewer=ANYONE)
    assert "did not answer in time" in answer.notice
    assert answer.mode == "extractive"


def test_garbage_output_without_citations_falls_back_to_the_extractive_answer(
    indexed: Services,
) -> None:
    services = with_llm(indexed, FakeListChatModel(responses=["<<<%%% ### 12 asdf qwerty"]))
    answer = services.answer_chain().invoke(QUESTION, viewer=ANYONE)
    assert answer.mode == "extractive"
    assert answer.removed_sentences == ["<<<%%% ### 12 asdf qwerty"]
    assert "kunne ikke kontrolleres" in answer.notice
    assert answer.citations


def test_planted_instructions_are_data_in_the_prompt_and_never_obeyed(indexed: Services) -> None:
    question = "Når er kantinen åpen, og hva koster kaffe i kantinen?"
    extractive = indexed.answer_chain().invoke(question, viewer=ANYONE)
    assert not extractive.abstained
    assert "PWNED" not in extractive.text
    assert "11 til 13" in extractive.text

    obedient = PromptRecorder(responses=["PWNED"])
    obedient.prompts = []
    answer = with_llm(indexed, obedient).answer_chain().invoke(question, viewer=ANYONE)
    prompt = obedient.prompts[-1]
    # Instruction-like sentences are dropped from the evidence before the model reads it
    # (format_context's one-line numbering is the second line of defence, tested below).
    assert "Ignore all previous instructions" not in prompt
    assert "11 til 13" in prompt
    assert "PWNED" not in answer.text
    assert answer.removed_sentences == ["PWNED"]


def test_abstention_names_closest_documents_and_who_to_ask(indexed: Services) -> None:
    answer = indexed.answer_chain().invoke(
        "Hvor mye penger fikk Kontrolltårn i tilskudd?", viewer=ANYONE
    )
    assert answer.abstained
    assert answer.citations == []
    assert "Kunnskapsbasen dekker ikke" in answer.text
    assert "kontrolltarn.txt" in answer.text
    assert "koordinator" in answer.text


def test_an_unrelated_question_abstains_in_english(indexed: Services) -> None:
    answer = indexed.answer_chain().invoke(
        "What is the capital of Mongolia and its population?", viewer=ANYONE
    )
    assert answer.abstained
    assert answer.text.startswith("The knowledge base does not cover this question")
    assert "coordinator" in answer.text


def test_an_english_question_is_answered_with_a_citation(indexed: Services) -> None:
    answer = indexed.answer_chain().invoke(
        "What does the term bricolage refer to in the Agder study?",
        viewer=ANYONE,
    )
    assert not answer.abstained
    assert answer.citations[0].source == "agder.txt"
    assert "front line employees" in answer.text


def test_the_model_reads_only_the_chosen_evidence_of_a_few_passages(indexed: Services) -> None:
    model = PromptRecorder(responses=["Utnyttelsen er under 70 prosent [1]."])
    model.prompts = []
    answer = with_llm(indexed, model).answer_chain().invoke(QUESTION, viewer=ANYONE)
    prompt = model.prompts[-1]
    lines = [line for line in prompt.splitlines() if re.match(r"\[\d+\] ", line)]
    shown = EvidenceTuning().passages
    assert 1 <= len(lines) <= shown
    context = "\n".join(lines)
    # The evidence text plus each passage's number.
    assert len(context) < indexed.settings.llm_context_chars + 5 * shown
    assert "70 prosent" in context
    # The citation still points at, and is checked against, the whole retrieved passage.
    assert answer.mode == "llm"
    assert answer.citations[0].source == "kontrolltarn.txt"
    assert "3300" in answer.citations[0].passage


def test_a_generative_answer_passes_the_same_abstention_decision(indexed: Services) -> None:
    """An unanswerable question abstains before any model is asked, exactly as extractive."""
    question = "What is the capital of Mongolia and its population?"
    model = PromptRecorder(responses=["Ulaanbaatar has 1.6 million inhabitants [1]."])
    model.prompts = []
    generative = with_llm(indexed, model).answer_chain().invoke(question, viewer=ANYONE)
    extractive = indexed.answer_chain().invoke(question, viewer=ANYONE)

    assert generative.abstained
    assert extractive.abstained
    assert generative.reason == extractive.reason
    assert model.prompts == []  # the model never saw the question


def test_an_extractive_answer_comes_whole_in_one_token(indexed: Services) -> None:
    """It exists in full before anything is sent, so surfaces send it as one message."""
    tokens, answer = _collect(indexed, QUESTION)
    assert len(tokens) == 1
    assert tokens[0] == answer.text
