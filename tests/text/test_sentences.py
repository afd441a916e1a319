"""Sentence splitting: abbreviations and numbers do not end a sentence."""

from __future__ import annotations

from assistant.text.sentences import split_sentences


def test_abbreviations_do_not_end_a_sentence() -> None:
    assert split_sentences("Vi bruker f.eks. Skype i møtene. Det virker.") == [
        "Vi bruker f.eks. Skype i møtene.",
        "Det virker.",
    ]
