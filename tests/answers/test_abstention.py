"""Abstention on crafted passages: a question answered or not by what one passage states."""

from __future__ import annotations

import asyncio

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.answers.abstention import (
    KINDS,
    AbstentionPolicy,
    Rule,
    Verdict,
    abstention_message,
    assess,
)
from assistant.answers.answer import Answer
from assistant.answers.extractive import ExtractiveAnswerer
from assistant.index.access import Viewer
from assistant.index.retrieval import SearchResult
from assistant.services import Services
from assistant.text.analysis import NorwegianAnalyzer
from tests.answers.conftest import with_llm

# Context sentences about the project: the sentence that answers (or does not) is one of several
# that share the question's words, so only what it states tells the two apart.
CONTEXT = (
    "Prosjektet Havblikk er et samarbeid mellom Sørlandet sykehus og tre kommuner. "
    "Prosjektet Havblikk skal gi bedre planlegging av operasjoner. "
)


def passage(text: str, dense: float = 0.9) -> SearchResult:
    return SearchResult("c1", text, "havblikk.txt", "Havblikk", "page 1", 1.0, dense_score=dense)


def _assess(question: str, passages: list[SearchResult], policy: AbstentionPolicy | None = None):
    extract = ExtractiveAnswerer(NorwegianAnalyzer()).answer(question, passages)
    return assess(question, passages, extract, policy)


# Each pair: a question, a sentence that only touches its topic, and one that answers it.
PAIRS = [
    (
        "Hvor stort budsjett har prosjektet Havblikk?",
        "Prosjektet Havblikk fikk et budsjett fra styret i fjor.",
        "Prosjektet Havblikk har et budsjett på 12 millioner kroner.",
        "no_amount",
    ),
    (
        "Hvem leder prosjektet Havblikk?",
        "Prosjektet Havblikk ledes fra sykehusets avdeling for planlegging.",
        "Prosjektet Havblikk ledes av overlege Åse Ødegård.",
        "no_person",
    ),
    (
        "Når ble prosjektet Havblikk avsluttet?",
        "Prosjektet Havblikk ble avsluttet etter en evaluering.",
        "Prosjektet Havblikk ble avsluttet i mars 2024.",
        "no_time",
    ),
    (
        "Hvorfor ble prosjektet Havblikk avsluttet?",
        "Prosjektet Havblikk ble avsluttet i mars 2024.",
        "Prosjektet Havblikk ble avsluttet fordi finansieringen tok slutt.",
        "no_reason",
    ),
]


@pytest.mark.parametrize(("question", "silent", "stating", "kind"), PAIRS)
def test_a_passage_that_does_not_state_what_is_asked_abstains_and_one_that_does_answers(
    question: str, silent: str, stating: str, kind: str
) -> None:
    verdict = _assess(question, [passage(CONTEXT + silent)])
    assert (verdict.answer, verdict.kind) == (False, kind)
    assert _assess(question, [passage(CONTEXT + stating)]).answer


def test_a_sum_of_money_needs_a_currency_and_a_share_a_percentage() -> None:
    counts = passage(CONTEXT + "Prosjektet Havblikk har 14 ansatte og 3 leverandører.")
    assert _assess("Hvor mange ansatte har prosjektet Havblikk?", [counts]).answer
    money = _assess("Hvor mye penger har prosjektet Havblikk fått?", [counts])
    assert (money.answer, money.kind) == (False, "no_amount")
    share = _assess("Hvor stor andel av operasjonene planlegger prosjektet Havblikk?", [counts])
    assert not share.answer
    stated = passage(CONTEXT + "Prosjektet Havblikk planlegger 40 prosent av operasjonene.")
    assert _assess(
        "Hvor stor andel av operasjonene planlegger prosjektet Havblikk?", [stated]
    ).answer


def test_an_english_question_over_a_norwegian_passage_matches_its_proper_nouns() -> None:
    text = CONTEXT + "Prosjektet Havblikk ved Sørlandet sykehus ledes av Åse Ødegård."
    answered = _assess("Who leads the Havblikk project at Sørlandet sykehus?", [passage(text)])
    assert answered.answer
    absent = _assess("What did Tromsø municipality decide about Havblikk?", [passage(text)])
    assert (absent.answer, absent.kind, absent.names) == (False, "absent_names", ("Tromsø",))


def test_a_name_the_documents_never_use_is_named_in_the_reason() -> None:
    verdict = _assess("Hvordan samarbeider Havblikk med Helse Vest IKT?", [passage(CONTEXT)])
    assert (verdict.answer, verdict.kind) == (False, "absent_names")
    assert verdict.names == ("Helse Vest IKT",)
    reply = abstention_message(verdict, [passage(CONTEXT)], "no")
    assert "dokumentene nevner ikke Helse Vest IKT" in reply


def test_nothing_retrieved_and_unrelated_passages_abstain_with_their_own_reasons() -> None:
    assert _assess("Hva er budsjettet?", []).kind == "nothing"
    unrelated = _assess("Hvilke leverandører vant anbudet om journalsystem?", [passage(CONTEXT)])
    assert (unrelated.answer, unrelated.kind) == (False, "weak")
    # An English question may lean on meaning where words fail, but not below the floor.
    english = "Which suppliers won the tender for the records system?"
    assert _assess(english, [passage(CONTEXT, dense=0.7)]).kind == "weak"


def test_one_sentence_that_answers_in_full_is_an_answer_not_a_passing_mention() -> None:
    # A lone sentence covering the whole question, and nothing else close: this is what the
    # left-out "isolation" feature abstained on (see answerability.FEATURES).
    lone = passage(
        "Verdikompasset ber partnerne flagge interessekonflikter tidlig. Kantinen holder åpent "
        "til 13. Møtene holdes i andre etasje."
    )
    assert _assess("Hva sier verdikompasset om interessekonflikter?", [lone]).answer


def test_a_slide_that_only_names_the_topic_abstains() -> None:
    slides = passage(
        "2 En arena for åpen innovasjon\n• Partnerne møtes jevnlig i arenaen\n"
        "3 Arenaens partnere per mai 2025\n4 Sammen skaper vi fremtidens helsetjeneste\n"
        "• Økt bærekraft\n• En sterkere helsenæring\n"
    )
    verdict = _assess("Hvilke virksomheter var arenaens partnere per mai 2025?", [slides])
    assert (verdict.answer, verdict.kind) == (False, "no_content")
    assert _assess("Hva skaper partnerne sammen for fremtidens helsetjeneste?", [slides]).answer


def test_the_rules_are_the_policys_own_and_can_be_replaced() -> None:
    question, silent, _, _ = PAIRS[0]
    text = passage(CONTEXT + silent)
    assert not _assess(question, [text]).answer
    assert _assess(question, [text], AbstentionPolicy(rules=())).answer
    always = AbstentionPolicy(rules=(Rule("coverage", above=True, threshold=0.0),))
    assert not _assess("Hvor stort budsjett har prosjektet Havblikk?", [text], always).answer


def test_the_reply_says_why_names_the_closest_documents_and_whom_to_ask() -> None:
    verdict = Verdict(False, "only weakly related passages were found", "weak")
    closest = [passage(CONTEXT), passage(CONTEXT)]
    assert abstention_message(verdict, closest, "no") == (
        "Kunnskapsbasen dekker ikke dette spørsmålet: jeg fant bare avsnitt som er svakt "
        "knyttet til spørsmålet.\n\n"
        "Nærmeste dokumenter: Havblikk (havblikk.txt).\n\n"
        "Spør gjerne en koordinator i arenaen, eller partneren som eier temaet, om svaret."
    )
    amount = Verdict(False, "x", "no_amount")
    assert abstention_message(amount, closest, "en").startswith(
        "The knowledge base does not cover this question: I found related passages, but none "
        "of them states the number or amount you ask for."
    )


def test_every_verdict_kind_has_a_reply_in_both_languages() -> None:
    for kind in KINDS:
        for language in ("no", "en"):
            reply = abstention_message(Verdict(False, "x", kind, ("X",)), [], language)
            assert ": x." not in reply, kind  # the kind's own words, not the raw reason
    fallback = Verdict(False, "the model found no answer in the passages", "")
    assert abstention_message(fallback, [], "en").startswith(
        "The knowledge base does not cover this question: the model found no answer in the "
        "passages."
    )


def test_the_generative_path_abstains_by_the_same_decision_before_the_model_runs(
    indexed: Services,
) -> None:
    model = FakeListChatModel(responses=["Kontrolltårn fikk 40 millioner kroner [1]."])
    services = with_llm(indexed, model)
    question = "Hvor mye penger fikk Kontrolltårn i tilskudd?"
    chain = services.answer_chain()

    async def run() -> Answer:
        return await chain.ainvoke(question, viewer=Viewer.anonymous())

    answer = asyncio.run(run())
    assert answer.abstained
    assert answer.mode == "llm"
    assert model.i == 0  # the model was never asked
    assert "kontrolltarn.txt" in answer.text
    assert [p.source for p in answer.closest][:1] == ["kontrolltarn.txt"]


def test_a_count_must_be_of_the_thing_asked_about_not_any_number_nearby() -> None:
    question = "Hvor mange kommuner deltar i prosjektet Havblikk?"
    silent = (
        "Kommunene i prosjektet Havblikk møtes hver måned i Kristiansand, og 40 ansatte fra "
        "sykehuset deltar i arbeidet."
    )
    stating = "Prosjektet Havblikk samler sju kommuner på Sørlandet og sykehuset."
    verdict = _assess(question, [passage(silent)])
    assert (verdict.answer, verdict.kind) == (False, "no_amount")
    assert _assess(question, [passage(stating)]).answer
