"""The one language detector, as retrieval, prompts and the chat all use it."""

import pytest

from assistant.i18n import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hva er verdikompasset?", "no"),
        ("Hvilke universiteter samarbeider NTNU med?", "no"),
        ("Hvordan brukes maskinlæring i Kontrolltårn?", "no"),
        ("Kontrolltårn", "no"),
        ("", "no"),
        ("What is the value compass of the arena?", "en"),
        ("Which universities does NTNU work with?", "en"),
        # A Norwegian proper noun does not make an English question Norwegian.
        ("How did the municipalities in Sørlandet organise their innovation work?", "en"),
        ("Which hospitals abroad did the OUS team learn from for Kontrolltårn?", "en"),
        ("Hva gjorde kommunene på Sørlandet?", "no"),
        # Words broken by extraction hyphens are joined before counting.
        ("Hvor- dan jobber arenaen med dette?", "no"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language
