"""Follow-up questions made standalone: history as messages, and the rule used without a model.

The history a model reads is data: the assistant's turns quote documents, and a document may
plant instructions. The condense prompts fence it between `HISTORY_OPEN` and `HISTORY_CLOSE`
and say so; `format_history` keeps each turn on one line and strips any fence a turn carries,
so no turn can close the fence or pose as another speaker; `clean_condensed` drops a rewrite
that has turned into an instruction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from assistant.answers.injection import looks_like_instruction
from assistant.answers.question_parts import mentions
from assistant.text.stopwords import NORWEGIAN_STOP_WORDS, QUESTION_WORDS

History = Sequence[BaseMessage | tuple[str, str]]

# A question that opens like this continues the previous one: "Og hvor mange strykes?".
_ELLIPSIS = re.compile(
    r"^\s*(?:og|men|enn|eller|hva med|hvordan med|hva så med|and|but|or|what about|how about)\b",
    re.IGNORECASE,
)
# Words that point back to something said before: pronouns and demonstratives.
_POINTING = re.compile(
    r"\b(?:det|den|dette|denne|disse|dem|deres|de|han|hun|hans|hennes|ham|henne|der|da|"
    r"it|its|they|them|their|that|this|those|these|he|she|his|her|him|there|then)\b",
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
    # A question pointing back ("hva kostet det?") stands alone with this many words of its
    # own that the documents use, or with a name they use ("Hva er Kontrolltårn?").
    standalone_terms: int = 2
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


class Vocabulary(Protocol):
    """What the follow-up test needs of an analyzer: a question's terms, the documents' words."""

    vocabulary: Mapping[str, int]

    def terms(self, text: str, query: bool = False, split: bool | None = None) -> list[str]: ...


def looks_like_follow_up(
    question: str,
    tuning: CondenseTuning = CondenseTuning(),
    analyzer: Vocabulary | None = None,
) -> bool:
    """Whether a question needs the conversation to be understood, decided by its words.

    A follow-up opens with an ellipsis ("Og hvor mange strykes?", "What about ..."), has no
    word of its own to search by ("Hvorfor?"), or points back ("Hva kostet det?", "When did
    they start?") without words of its own that the documents use. A question that names
    what it asks about ("Hva er Kontrolltårn?") stands alone, however short; length says
    nothing. Without an analyzer every word counts as one the documents use.
    """
    if _ELLIPSIS.search(question):
        return True
    if analyzer is None:
        own = [w for w in re.findall(r"[^\W\d_]{2,}", question.lower()) if not _framing(w)]
        return not own or (bool(_POINTING.search(question)) and len(own) < tuning.standalone_terms)
    own = set(analyzer.terms(question, query=True, split=False))
    if not own:
        return True
    if not _POINTING.search(question):
        return False
    known = {t for t in own if analyzer.vocabulary.get(t, 0)}
    names = {
        t
        for name in mentions(question)
        for t in analyzer.terms(name, query=True, split=False)
        if analyzer.vocabulary.get(t, 0)
    }
    return not names and len(known) < tuning.standalone_terms


def _framing(word: str) -> bool:
    return word in NORWEGIAN_STOP_WORDS or word in QUESTION_WORDS


def rule_condense(
    question: str,
    messages: list[BaseMessage],
    tuning: CondenseTuning = CondenseTuning(),
    analyzer: Vocabulary | None = None,
) -> str:
    """Without a model: a follow-up is prefixed by the previous question, for retrieval.

    Only a real follow-up: a new question ("Hva er Kontrolltårn?" after one about the value
    compass) is searched as asked, so the earlier topic does not leak into its answer.
    """
    previous = [str(m.content) for m in messages if isinstance(m, HumanMessage)]
    if not previous or not looks_like_follow_up(question, tuning, analyzer):
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
