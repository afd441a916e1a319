"""Follow-up questions made standalone: history as messages, and the rule used without a model.

The history a model reads is data: the assistant's turns quote documents, and a document may
plant instructions. The condense prompts fence it between `HISTORY_OPEN` and `HISTORY_CLOSE`
and say so; `format_history` keeps each turn on one line and strips any fence a turn carries,
so no turn can close the fence or pose as another speaker; `clean_condensed` drops a rewrite
that has turned into an instruction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from assistant.answers.injection import looks_like_instruction

History = Sequence[BaseMessage | tuple[str, str]]

_FOLLOW_UP = re.compile(
    r"^(?:og|men|hva med|hvordan med|what about|and|but|how about)\b|"
    r"\b(?:det|den|dette|denne|disse|dem|deres|de|han|hun|hans|hennes|der|da|"
    r"it|its|they|them|their|that|this|those|these|he|she|his|her|there|then)\b",
    re.IGNORECASE,
)
HISTORY_OPEN, HISTORY_CLOSE = "<conversation>", "</conversation>"
# Any spelling of the fence, opening or closing, whole or cut short.
_FENCE = re.compile(r"<\s*/?\s*conversation\b[^>\n]*>?", re.IGNORECASE)


@dataclass(frozen=True)
class CondenseTuning:
    """How much history the model reads, and what counts as a follow-up or a usable rewrite."""

    # Question-and-answer pairs of history shown to the model: older turns rarely matter.
    history_turns: int = 6
    # Characters of each history message shown: an answer's gist, not all its citations.
    history_chars: int = 600
    # A question of this many words or fewer is taken as a follow-up, pointing words or not.
    follow_up_words: int = 5
    # A model's rewrite shorter or longer than these is odd, and the rule's version is kept.
    min_rewrite_chars: int = 3
    max_rewrite_chars: int = 400


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


def format_history(messages: list[BaseMessage], tuning: CondenseTuning = CondenseTuning()) -> str:
    """The last turns, one line each ('User: ...'), to go between the prompt's fences."""
    lines = []
    for m in messages[-2 * tuning.history_turns :]:
        who = "User" if isinstance(m, HumanMessage) else "Assistant"
        text = " ".join(_FENCE.sub(" ", str(m.content)).split())
        lines.append(f"{who}: {text[: tuning.history_chars]}")
    return "\n".join(lines)


def looks_like_follow_up(question: str, tuning: CondenseTuning = CondenseTuning()) -> bool:
    """Short questions and ones that point back ('det', 'they', 'what about') need history."""
    return len(question.split()) <= tuning.follow_up_words or bool(_FOLLOW_UP.search(question))


def rule_condense(
    question: str, messages: list[BaseMessage], tuning: CondenseTuning = CondenseTuning()
) -> str:
    """Without a model: a follow-up is prefixed by the previous question, for retrieval."""
    previous = [str(m.content) for m in messages if isinstance(m, HumanMessage)]
    if not previous or not looks_like_follow_up(question, tuning):
        return question
    return f"{previous[-1].strip()} {question.strip()}"


def clean_condensed(text: str, fallback: str, tuning: CondenseTuning = CondenseTuning()) -> str:
    """The first sensible line of a model's rewrite; anything odd keeps the rule's version."""
    line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
    line = re.sub(r"^(?:standalone question|selvstendig spørsmål)\s*:\s*", "", line, flags=re.I)
    line = line.strip().strip("\"'«»")
    if not tuning.min_rewrite_chars <= len(line) <= tuning.max_rewrite_chars:
        return fallback
    if looks_like_instruction(line) and not looks_like_instruction(fallback):
        return fallback  # the model obeyed text planted in the history: keep the user's words
    return line
