"""Sentence splitting: abbreviations and numbers do not end a sentence."""

from __future__ import annotations

from assistant.text.sentences import split_sentences


def test_abbreviations_do_not_end_a_sentence() -> None:
    assert split_sentences("Vi bruker f.eks. Skype i møtene. Det virker.") == [
        "Vi bruker f.eks. Skype i møtene.",
        "Det virker.",
    ]


def test_a_parenthesis_is_never_cut_at_an_abbreviation_or_number_inside_it() -> None:
    text = (
        "Prosjektet ble presentert 5. juni 2025 (kl. 8.30–10.30), med tittelen «Bedre planer». "
        "Møtet hadde fire deler."
    )
    assert split_sentences(text) == [
        "Prosjektet ble presentert 5. juni 2025 (kl. 8.30–10.30), med tittelen «Bedre planer».",
        "Møtet hadde fire deler.",
    ]
    # No abbreviation helps here: only the open parenthesis keeps the sentence whole.
    assert split_sentences("Tallene (se tabell 2. Den har alt) er nye. Neste.") == [
        "Tallene (se tabell 2. Den har alt) er nye.",
        "Neste.",
    ]
    cited = "Ideas come «on the job» (Johnsen and Isaksen, 2009, p. 47). Users matter."
    assert split_sentences(cited) == [
        "Ideas come «on the job» (Johnsen and Isaksen, 2009, p. 47).",
        "Users matter.",
    ]


def test_kl_and_initials_do_not_end_a_sentence_but_a_closing_capital_does() -> None:
    assert split_sentences("Møtet starter kl. 10.00 i salen. Alle er velkomne.") == [
        "Møtet starter kl. 10.00 i salen.",
        "Alle er velkomne.",
    ]
    assert split_sentences("Klaffen ble laget av Henning R. Andersen i 1989. Den ble solgt.") == [
        "Klaffen ble laget av Henning R. Andersen i 1989.",
        "Den ble solgt.",
    ]
    # "kommune B." ends the sentence: the capital follows a lower-case word, not a first name.
    assert split_sentences("Det skjedde i kommune B. Det var stort.") == [
        "Det skjedde i kommune B.",
        "Det var stort.",
    ]


def test_a_parenthesis_left_open_does_not_swallow_the_rest_of_the_text() -> None:
    text = "En ( parentes som aldri lukkes. Neste setning. Og en til."
    assert split_sentences(text) == [
        "En ( parentes som aldri lukkes.",
        "Neste setning.",
        "Og en til.",
    ]
