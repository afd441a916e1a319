"""Abstention thresholds and replies, on hand-made passages and scores."""

from __future__ import annotations

from assistant.answers.abstention import AbstentionPolicy, Verdict, abstention_message, assess
from assistant.answers.extractive import ExtractiveAnswerer
from assistant.index.retrieval import SearchResult
from assistant.text.analysis import NorwegianAnalyzer

PASSAGE = SearchResult(
    "c1",
    "Seminaret varte i tre dager. Omtrent 50 ansatte deltok, og seminaret endte med ni forslag.",
    "agder.txt",
    "Agder",
    "page 12",
    1.0,
    dense_score=0.9,
)


def _assess(question: str, passages: list[SearchResult], policy: AbstentionPolicy | None = None):
    extract = ExtractiveAnswerer(NorwegianAnalyzer()).answer(question, passages)
    return assess(question, passages, extract, policy)


def test_nothing_retrieved_abstains_with_that_reason() -> None:
    verdict = _assess("Hva er budsjettet?", [])
    assert not verdict.answer
    assert verdict.kind == "nothing"


def test_weak_evidence_abstains_and_good_evidence_answers() -> None:
    assert _assess("Hvor lenge varte seminaret, og hvor mange forslag kom?", [PASSAGE]).answer
    weak = _assess("Hvilke leverandører vant anbudet om journalsystem?", [PASSAGE])
    assert not weak.answer
    assert weak.kind == "weak"


def test_a_question_for_a_figure_the_passages_do_not_state_abstains() -> None:
    verdict = _assess("Hvor mye penger kostet seminaret?", [PASSAGE])
    assert not verdict.answer
    assert verdict.kind == "no_figure"
    assert _assess("Hvor mange ansatte deltok på seminaret?", [PASSAGE]).answer


def test_the_dense_threshold_carries_cross_language_questions() -> None:
    question = "How long was the seminar?"
    assert _assess(question, [PASSAGE]).answer
    strict = AbstentionPolicy(min_dense=0.95)
    assert not _assess(question, [PASSAGE], strict).answer


def test_a_figure_question_is_judged_by_the_kind_of_figure_it_asks_for() -> None:
    sizes = SearchResult(
        "c2",
        "Den største kommunen har om lag 44 000 innbyggere og 2 275 ansatte i helse og omsorg. "
        "Den minste kommunen har 3 500 innbyggere.",
        "agder.txt",
        "Agder",
        "page 3",
        1.0,
        dense_score=0.9,
    )
    # Any number answers "how big"; the words after "hvor store" need not be the unit counted.
    question = "Hvor store er den største og den minste kommunen, målt i innbyggere og ansatte?"
    assert _assess(question, [sizes]).answer
    # Money needs a currency, a change in percent needs a percentage: counts are not enough.
    money = _assess("Hvor mye penger fikk den største kommunen tildelt?", [sizes])
    assert (money.answer, money.kind) == (False, "no_figure")
    percent = _assess("Med hvor mange prosentpoeng økte innbyggertallet i kommunen?", [sizes])
    assert (percent.answer, percent.kind) == (False, "no_figure")
    budget = SearchResult(
        "c3",
        sizes.text + " Budsjettet er 12 millioner kroner.",
        "agder.txt",
        "A",
        "p. 3",
        1.0,
        dense_score=0.9,
    )
    assert _assess("Hvor mye penger fikk den største kommunen tildelt?", [budget]).answer


def test_a_slide_that_only_names_the_topic_abstains() -> None:
    slides = SearchResult(
        "c4",
        "2 En arena for åpen innovasjon\n• Partnerne møtes jevnlig i arenaen\n"
        "3 Arenaens partnere per mai 2025\n4 Sammen skaper vi fremtidens helsetjeneste\n"
        "• Økt bærekraft\n• En sterkere helsenæring\n",
        "h2b.txt",
        "H2B",
        "slides 2-4",
        1.0,
        dense_score=0.9,
    )
    verdict = _assess("Hvilke virksomheter var arenaens partnere per mai 2025?", [slides])
    assert (verdict.answer, verdict.kind) == (False, "no_content")
    assert _assess("Hva skaper partnerne sammen for fremtidens helsetjeneste?", [slides]).answer


def test_the_reply_says_why_names_the_closest_documents_and_whom_to_ask() -> None:
    verdict = Verdict(False, "only weakly related passages were found", "weak")
    assert abstention_message(verdict, [PASSAGE, PASSAGE], "no") == (
        "Kunnskapsbasen dekker ikke dette spørsmålet: jeg fant bare avsnitt som er svakt "
        "knyttet til spørsmålet.\n\n"
        "Nærmeste dokumenter: Agder (agder.txt).\n\n"
        "Spør gjerne en koordinator i arenaen, eller partneren som eier temaet, om svaret."
    )
    assert abstention_message(verdict, [PASSAGE], "en") == (
        "The knowledge base does not cover this question: I found only passages that are "
        "weakly related to the question.\n\n"
        "Closest documents: Agder (agder.txt).\n\n"
        "A coordinator in the arena, or the partner who owns the topic, may know the answer."
    )


def test_a_reply_without_documents_or_a_known_kind_uses_the_verdicts_reason() -> None:
    verdict = Verdict(False, "the model found no answer in the passages", "")
    assert abstention_message(verdict, [], "en") == (
        "The knowledge base does not cover this question: the model found no answer in the "
        "passages.\n\n"
        "A coordinator in the arena, or the partner who owns the topic, may know the answer."
    )
    for kind in ("nothing", "weak", "no_figure", "no_content"):
        reply = abstention_message(Verdict(False, "x", kind), [], "no")
        assert reply.startswith("Kunnskapsbasen dekker ikke dette spørsmålet: ")
        assert ": x." not in reply
