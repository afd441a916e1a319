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


def test_every_string_has_both_languages_with_the_same_placeholders() -> None:
    import string

    from assistant.i18n import string_tables

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    keys: list[str] = []
    for table in string_tables():
        for key, versions in table.items():
            assert set(versions) == {"no", "en"}, key
            assert fields(versions["no"]) == fields(versions["en"]), key
            keys.append(key)
    assert len(keys) == len(set(keys)), "a key is defined in two tables"


def test_an_unknown_string_is_a_key_error() -> None:
    from assistant.i18n import say

    with pytest.raises(KeyError, match="nope"):
        say("nope", "no")


def test_a_stored_location_reads_in_the_users_language() -> None:
    from assistant.i18n.knowledge import location_label

    assert location_label("parts 8–9", "no") == "delene 8–9"
    assert location_label("page 3", "no") == "side 3"
    assert (
        location_label("sections 1–2: Bakgrunn; Tiltak", "no") == "avsnittene 1–2: Bakgrunn; Tiltak"
    )
    assert location_label("slide 5: Verdikompasset", "no") == "lysark 5: Verdikompasset"
    assert location_label("parts 8–9", "en") == "parts 8–9"
    # Only the leading noun before a number is a location word: a heading stays as written.
    assert location_label("section 2: page layout", "no") == "avsnitt 2: page layout"
    assert location_label("Pages of notes", "no") == "Pages of notes"
