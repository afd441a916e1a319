"""Reading a question: a list, a person, or two named things in two documents."""

from __future__ import annotations

from assistant.answers.question_parts import (
    asks_for_person,
    mentions,
    name_words,
    read_question,
)


def test_names_are_found_by_their_form_also_with_norwegian_letters() -> None:
    assert mentions("Hva presenterte Øyvind Skraastad om Kontrolltårn?") == [
        "Øyvind Skraastad",
        "Kontrolltårn",
    ]
    # A sentence's first word is a name only by its form; question words never are.
    assert mentions("Både NTNU-rapporten og Ålesund kommune nevner det.") == [
        "NTNU-rapporten",
        "Ålesund",
    ]
    assert mentions("Hvordan håndterte de den?") == []
    # Of a hyphenated name the head names the thing; "-rapporten" says which kind.
    assert name_words("Hva sier NTNU-rapporten om Sykehuspartners strategi?") == [
        "NTNU",
        "Sykehuspartners",
    ]


def test_a_coordination_of_two_names_is_cross_document_and_split_into_two_searches() -> None:
    shape = read_question(
        "Hvilken utredning brukes både i NTNU-rapporten og i Kontrolltårn-presentasjonen "
        "for å begrunne omstilling, og hva er kjernebudskapet?"
    )
    assert shape.cross_document
    assert shape.alternatives == ("NTNU-rapporten", "Kontrolltårn-presentasjonen")
    assert shape.sub_questions == (
        "Hvilken utredning brukes i NTNU-rapporten for å begrunne omstilling",
        "Hvilken utredning brukes i Kontrolltårn-presentasjonen for å begrunne omstilling",
    )


def test_a_comparison_or_two_clauses_naming_two_things_is_cross_document() -> None:
    compared = read_question(
        "How does the Agder study's finding compare with the Tromsø report's position?"
    )
    assert compared.alternatives == ("Agder", "Tromsø")
    clauses = read_question(
        "Hva sier Agder-rapporten om inkrementell innovasjon, og hvilket eksempel bruker "
        "BI-forelesningen?"
    )
    assert clauses.alternatives == ("Agder-rapporten", "BI-forelesningen")
    assert "BI-forelesningen" not in clauses.sub_questions[0]
    assert "Agder-rapporten" not in clauses.sub_questions[1]


def test_coordinated_words_that_name_nothing_are_one_question() -> None:
    shape = read_question(
        "Data omtales både som en stor mulighet og en stor utfordring. Hvilke par nevnes?"
    )
    assert not shape.cross_document
    assert shape.wants_list
    # Two mentions of one thing are not two things.
    assert not read_question("Hva er NTNU STO, og hvilken enhet i NTNU speiler den?").cross_document


def test_who_questions_ask_for_a_person() -> None:
    assert asks_for_person("Hvem presenterte demonstrasjonen?")
    assert asks_for_person("Whose concept of psychological safety is cited?")
    assert not asks_for_person("Hva er Kontrolltårn?")
