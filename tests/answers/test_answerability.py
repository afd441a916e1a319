"""Each piece of answerability evidence on its own: question shape, supply tests, features."""

from __future__ import annotations

import pytest

from assistant.answers.answerability import (
    FEATURES,
    absent_names,
    candidates,
    counts,
    features,
    is_list,
    known_words,
    novel_name,
    states_figure,
    supplies,
)
from assistant.answers.extractive import Extract, ExtractiveAnswerer, ScoredUnit
from assistant.answers.questions import (
    answer_kind,
    asking_clause,
    counted_thing,
    language_neutral,
    mentions,
    question_names,
)
from assistant.index.keyword import KeywordIndex
from assistant.index.retrieval import SearchResult
from assistant.text.analysis import NorwegianAnalyzer
from assistant.text.units import Unit


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hvor mange ansatte deltok på seminaret?", "amount"),
        ("How long did the seminar last?", "amount"),
        ("Hvor mye penger fikk prosjektet?", "money"),
        ("What was the budget of the project?", "other"),
        ("How much funding did the project get?", "money"),
        ("Hvor stor andel av prosjektene blir piloter?", "percent"),
        ("By how many percentage points did it improve?", "percent"),
        ("Når ble rapporten publisert?", "time"),
        ("In which year was the valve approved?", "time"),
        ("Hvorfor ble omleggingen reversert?", "reason"),
        ("What are the main reasons why operations are cancelled?", "reason"),
        ("Hva var det som gjorde den så dyr?", "reason"),
        ("Hvem leder arbeidsgruppen, og hva skal den utrede?", "person"),
        ("Who invented the valve?", "person"),
        ("Hvor ligger kontoret?", "place"),
        ("Hvor vanlig er trinnvis innovasjon?", "degree"),
        ("Hvilket konsulentselskap ble leid inn?", "entity"),
        ("Which universities take part?", "entity"),
        ("Hvordan ble ansvaret fordelt?", "manner"),
        ("Arrangeres det innovasjonscamp i Gjøvik?", "yesno"),
        ("Is there a camp in Ålesund?", "yesno"),
        ("Hva er et verdikompass?", "other"),
        # An interrogative after "om" is the topic; the question itself asks "hva".
        ("Hva sier rapporten om hvor vanlig innovasjon er?", "other"),
        # The preamble sets context; the sentence with the question mark asks.
        ("Kommunen snudde fordi det ble dyrt. Hvem bestemte det?", "person"),
    ],
)
def test_the_kind_of_answer_comes_from_the_interrogative(question: str, kind: str) -> None:
    assert answer_kind(question) == kind


def test_the_asking_clause_is_the_last_sentence_with_a_question_mark() -> None:
    assert asking_clause("Christensen is cited twice. Which concept?") == "Which concept?"
    assert asking_clause("Beskriv de fire stegene.") == "Beskriv de fire stegene."


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Hvem satte ned arbeidsgruppen bak NTNU-rapporten?", ("NTNU",)),
        ("NTNU har campuser i Gjøvik og Ålesund?", ("NTNU", "Gjøvik", "Ålesund")),
        ("How does Helse Vest IKT's strategy compare?", ("Helse Vest IKT",)),
        ("Which unit does NTNU's Faculty of Medicine run?", ("NTNU", "Faculty", "Medicine")),
        ("Hva betyr «Shift left» hos Sykehuspartner?", ("Shift left", "Sykehuspartner")),
        ("What does the term 'bricolage' mean?", ("bricolage",)),
        # A sentence's first word is capitalised anyway: not a name unless it looks like one.
        ("Prosjektet startet i fjor?", ()),
        ("H2B holdt et møte?", ("H2B",)),
    ],
)
def test_names_are_runs_of_capitalised_words_acronyms_and_quotes(
    question: str, names: tuple[str, ...]
) -> None:
    assert question_names(question) == names


def test_a_mention_allows_inflection_but_not_a_word_inside_another() -> None:
    assert mentions("Ved NTNUs campus i Ålesund", "NTNU")
    assert mentions("Sykehuspartners strategi", "Sykehuspartner")
    assert mentions("Helse Vest IKT har en strategi", "Helse Vest IKT")
    assert not mentions("Helse Sør-Øst og IKT-avdelingen", "Helse Vest IKT")
    assert not mentions("STNTNU", "NTNU")


def test_language_neutral_words_are_acronyms_digits_and_norwegian_letters() -> None:
    assert all(map(language_neutral, ["NTNU", "H2B", "Tromsø", "Ålesund"]))
    assert not any(map(language_neutral, ["Faculty", "Health", "PhD"]))


def test_figures_are_quantities_not_numbering_citations_or_names() -> None:
    assert states_figure("Omtrent 50 ansatte deltok.")
    assert states_figure("Seminaret varte i tre dager.")
    assert not states_figure("Agenda 1 2 3 4: Ideen bak Kontrolltårn")
    assert not states_figure("Ideas rarely come from research (Droege et al., 2009).")
    assert not states_figure("Les mer på health2b.no om H2B.")
    assert not states_figure("Team topology og veiledning 29Vi tar gjerne innspill")


def test_a_new_name_is_one_the_question_does_not_use_and_not_a_sentence_start() -> None:
    question = "Hvem leder prosjektet Havblikk?"
    assert novel_name("Prosjektet Havblikk ledes av Åse Ødegård.", question)
    assert not novel_name("Prosjektet Havblikk ledes fra Havblikk.", question)
    assert not novel_name("Prosjektet ledes fra avdelingen.", question)


def test_a_list_is_several_items_or_an_enumeration() -> None:
    assert is_list("Tema", items=3)
    assert is_list("Kaotiske, usikre, sirkulære og interaktive prosesser")
    assert not is_list("Prosjektet startet, men stoppet.")


@pytest.mark.parametrize(
    ("kind", "yes", "no"),
    [
        ("amount", "Omtrent 50 ansatte deltok.", "Mange ansatte deltok."),
        ("money", "Prosjektet fikk 12 millioner kroner.", "Prosjektet fikk 12 nye ansatte."),
        ("percent", "Utnyttelsen er under 70 prosent.", "Utnyttelsen er lav."),
        ("time", "Rapporten kom i mars 2024.", "Rapporten kom etter evalueringen."),
        ("reason", "Den ble dyr fordi byggene måtte rives.", "Den ble dyr og kommunen snudde."),
        ("person", "Ideen ble introdusert av rådmannen.", "Ideen ble introdusert i kommunen."),
        ("place", "Møtet holdes i Tromsø.", "Møtet holdes i andre etasje."),
        ("entity", "De samarbeider med Karolinska.", "De samarbeider med et senter."),
    ],
)
def test_each_kind_is_supplied_by_what_it_needs(kind: str, yes: str, no: str) -> None:
    question = "Hvem, hva og hvor om møtet?"
    assert supplies(kind, yes, question)
    assert not supplies(kind, no, question)


def test_kinds_without_a_test_are_always_supplied() -> None:
    for kind in ("manner", "degree", "yesno", "other"):
        assert supplies(kind, "Noe helt annet.")


def test_absent_names_use_the_corpus_vocabulary_and_spare_translations() -> None:
    corpus = {"ntnu", "helse", "vest", "ikt", "sykehuspartner"}

    def known(word: str) -> bool:
        return word.lower() in corpus

    passages = "NTNU og Sykehuspartner. Helse Sør-Øst og IKT."
    norwegian = "Samarbeider NTNU med Bergen og Helse Vest IKT?"
    names = question_names(norwegian)
    assert absent_names(norwegian, names, passages, known) == ["Bergen", "Helse Vest IKT"]
    english = "Does NTNU's Faculty of Medicine work with Tromsø and Bergen?"
    # "Faculty", "Medicine" and "Bergen" may be translations; "Tromsø" is spelled alike.
    assert absent_names(english, question_names(english), passages, known) == ["Tromsø"]
    # Without a vocabulary, a name the passages do not mention is absent.
    assert absent_names(norwegian, names, passages) == ["Bergen", "Helse Vest IKT"]


def test_known_words_come_from_the_keyword_index() -> None:
    index = KeywordIndex(None)
    index.build([("c1", "a.txt", "Helse Vest IKT og Sykehuspartner samarbeider.")], revision=1)
    known = known_words(index)
    assert all(map(known, ["Sykehuspartner", "IKT", "og"]))
    assert not any(map(known, ["Bergen", "OUS"]))


def _unit(text: str, position: int, lexical: float, dense: float, items: int = 1) -> ScoredUnit:
    unit = Unit(text=text, quote=text, passage=1, position=position, items=items)
    return ScoredUnit(unit, score=lexical, lexical=lexical, dense=dense)


def test_candidates_are_near_the_best_coverage_and_the_closest_in_meaning() -> None:
    units = [
        _unit("best", 0, 1.0, 0.2),
        _unit("near", 1, 0.85, 0.1),
        _unit("far", 2, 0.5, 0.3),
        _unit("meaning", 3, 0.1, 1.0),
    ]
    assert [s.unit.text for s in candidates(Extract([], units))] == ["best", "near", "meaning"]
    flat = [_unit(s.unit.text, s.unit.position, s.lexical, 0.0) for s in units]
    # Without unit embeddings there is no closest in meaning.
    assert [s.unit.text for s in candidates(Extract([], flat))] == ["best", "near"]


def test_features_measure_coverage_support_names_isolation_and_titles() -> None:
    passage = SearchResult(
        "c1",
        "Prosjektet Havblikk fikk et budsjett. Prosjektet Havblikk startet i Arendal.",
        "h.txt",
        "H",
        "p. 1",
        1.0,
        dense_score=0.87,
    )
    question = "Hvor stort budsjett har prosjektet Havblikk i Bergen?"
    extract = ExtractiveAnswerer(NorwegianAnalyzer()).answer(question, [passage])
    evidence = features(question, [passage], extract)
    assert set(evidence.values) == set(FEATURES)
    assert evidence.kind == "money"
    assert evidence["dense"] == pytest.approx(0.87)
    assert evidence["coverage"] == pytest.approx(max(s.lexical for s in extract.scored))
    assert evidence["supplied"] == 0.0
    assert (evidence["names_absent"], evidence.absent) == (1.0, ["Bergen"])
    assert evidence["title_lead"] == 0.0
    titled = Extract(
        [], [_unit("Partnere per mai", 0, 0.7, 0.0, items=0), _unit("Vi møtes", 1, 0.2, 0.0)]
    )
    assert features("Hvilke partnere?", [passage], titled)["title_lead"] == pytest.approx(0.5)


def test_a_how_many_question_names_the_thing_it_counts() -> None:
    assert counted_thing("Hvor mange kommuner deltar?") == ("kommuner",)
    assert counted_thing("Hvor mange senge- og omsorgsplasser trengs?") == (
        "senge",
        "omsorgsplasser",
    )
    assert counted_thing("How many members sit on the group?") == ("members",)
    # A verb, a function word or people in general name nothing to look for.
    assert counted_thing("Hvor mange ble med?") == ()
    assert counted_thing("How many of them came?") == ()
    assert counted_thing("How many people took part?") == ()
    assert counted_thing("Hvor mye kostet det?") == ()


def test_a_count_is_a_figure_standing_by_a_word_for_the_thing_counted() -> None:
    things = ("kommuner",)
    assert counts("Samarbeidet består av sju kommuner.", things)
    assert counts("Case-kommunene er 3 i alt.", things)
    # A table row names its column a few cells before the figure.
    assert counts("Antall kommuner; Antall innbyggere; Region A 12 44 000", things)
    assert not counts("Kommunene møtes hver måned i byen, og 40 ansatte deltar.", things)
    assert not counts("Samarbeidet har ingen fast størrelse.", things)
    question = "Hvor mange kommuner deltar?"
    assert supplies("amount", "Sju kommuner deltar.", question)
    assert not supplies(
        "amount", "Kommunene deltar i arbeidet hver uke sammen med 40 ansatte.", question
    )
    # Across languages the counted word cannot be found, so any figure must do.
    assert supplies("amount", "Sju kommuner deltar.", "How many municipalities take part?")


def test_a_verb_after_how_many_counts_nothing_named() -> None:
    for question in ("Og hvor mange strykes?", "Hvor mange deltok?", "How many attended it?"):
        assert counted_thing(question) == ()
