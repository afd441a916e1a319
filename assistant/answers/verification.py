"""Sentence-level verification of generated answers against the passages they cite.

Each sentence must cite a retrieved passage that supports it. Support is measured twice: the
share of the sentence's content words found in the cited passage (lexical) and the cosine
similarity of sentence and passage embeddings. A sentence passes when lexical support is high
on its own, or moderate and backed by the embedding. The cut-offs are set by hand for now;
TODO: tune them on dev.jsonl's reference answers against their own evidence (should pass)
and against other items' evidence (should fail).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.answers.citations import cited_numbers, split_answer, strip_citations
from assistant.answers.injection import looks_like_instruction
from assistant.index.retrieval import SearchResult
from assistant.text.analysis import NorwegianAnalyzer

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VerificationPolicy:
    """Cut-offs for calling a sentence supported by the passage it cites."""

    lexical_alone: float = 0.6
    lexical_with_embedding: float = 0.3
    embedding: float = 0.82


@dataclass
class SentenceCheck:
    """One answer sentence and the evidence for or against it."""

    sentence: str
    citations: list[int]
    lexical: float = 0.0
    embedding: float = 0.0
    supported: bool = False
    why: str = ""


@dataclass
class Verification:
    """The answer with unsupported sentences removed, and what was removed."""

    text: str
    checks: list[SentenceCheck] = field(default_factory=list)

    @property
    def removed(self) -> list[str]:
        return [c.sentence for c in self.checks if not c.supported]

    @property
    def kept(self) -> list[str]:
        return [c.sentence for c in self.checks if c.supported]


class Verifier:
    """Checks every sentence of an answer against the passages it cites."""

    def __init__(
        self,
        analyzer: NorwegianAnalyzer,
        embeddings: Embeddings | None = None,
        policy: VerificationPolicy | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.embeddings = embeddings
        self.policy = policy or VerificationPolicy()

    def lexical_support(self, sentence: str, passage: str) -> float:
        """Share of the sentence's content terms that the passage also contains."""
        terms = set(self.analyzer.terms(strip_citations(sentence)))
        if not terms:
            return 0.0
        return len(terms & set(self.analyzer.terms(passage))) / len(terms)

    def embedding_support(self, sentences: list[str], passages: list[str]) -> np.ndarray:
        """Cosine similarity of each sentence with each passage (zeros without a model)."""
        if self.embeddings is None or not sentences or not passages:
            return np.zeros((len(sentences), len(passages)))
        left = np.asarray(self.embeddings.embed_documents([strip_citations(s) for s in sentences]))
        right = np.asarray(self.embeddings.embed_documents(passages))
        left /= np.linalg.norm(left, axis=1, keepdims=True) + 1e-9
        right /= np.linalg.norm(right, axis=1, keepdims=True) + 1e-9
        return left @ right.T

    def supported(self, lexical: float, embedding: float) -> bool:
        p = self.policy
        return lexical >= p.lexical_alone or (
            lexical >= p.lexical_with_embedding and embedding >= p.embedding
        )

    def verify(self, text: str, passages: Sequence[SearchResult]) -> Verification:
        """Keep the sentences a cited passage supports; the rest are removed."""
        checks = [SentenceCheck(s, cited_numbers(s)) for s in split_answer(text)]
        cited = sorted({n for c in checks for n in c.citations if 1 <= n <= len(passages)})
        similarity = self.embedding_support(
            [c.sentence for c in checks], [passages[n - 1].text for n in cited]
        )
        column = {n: i for i, n in enumerate(cited)}
        for row, check in enumerate(checks):
            valid = [n for n in check.citations if n in column]
            if looks_like_instruction(check.sentence):
                check.why = "repeats an instruction found in a document"
                continue
            if not valid:
                check.why = "cites no retrieved passage"
                continue
            for n in valid:
                lexical = self.lexical_support(check.sentence, passages[n - 1].text)
                embedding = float(similarity[row, column[n]]) if similarity.size else 0.0
                if (lexical, embedding) > (check.lexical, check.embedding):
                    check.lexical, check.embedding = lexical, embedding
                if self.supported(lexical, embedding):
                    check.supported = True
            if not check.supported:
                check.why = "the cited passage does not support it"
        kept = " ".join(c.sentence for c in checks if c.supported)
        for c in checks:
            if not c.supported:
                logger.info("Removed unsupported sentence (%s): %s", c.why, c.sentence)
        return Verification(kept, checks)
