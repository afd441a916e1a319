"""What the chain gives a surface: the checked Answer, and the Tokens streamed before it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.answers.citations import Citation
from assistant.index.retrieval import SearchResult

Mode = Literal["extractive", "llm"]


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
            "reason": self.reason,
            "closest": [
                {"source": p.source, "title": p.title, "location": p.location} for p in self.closest
            ],
        }


@dataclass
class Token:
    """A piece of answer text, streamed before the finished Answer.

    `complete` marks the whole answer at once (extractive answers and abstentions exist in full
    before anything is sent): a surface sends it as one message instead of a stream.
    """

    text: str
    complete: bool = False
