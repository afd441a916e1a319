"""Sentence verification and abstention thresholds, on hand-made passages and scores."""

from __future__ import annotations

from assistant.answers.abstention import AbstentionPolicy, assess
from assistant.answers.extractive import ExtractiveAnswerer
from assistant.answers.verification import VerificationPolicy, Verifier
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


def test_supported_sentences_stay_and_invented_or_uncited_ones_go() -> None:
    verifier = Verifier(NorwegianAnalyzer())
    result = verifier.verify(
        "Seminaret varte i tre dager [1]. Omtrent 50 ansatte deltok [1]. "
        "Seminaret ble holdt i Paris med statsministeren [1]. Det var nyttig.",
        [PASSAGE],
    )
    assert result.kept == ["Seminaret varte i tre dager [1].", "Omtrent 50 ansatte deltok [1]."]
    assert result.removed == [
        "Seminaret ble holdt i Paris med statsministeren [1].",
        "Det var nyttig.",
    ]
    whys = {c.sentence: c.why for c in result.checks}
    assert whys["Det var nyttig."] == "cites no retrieved passage"


def test_moderate_word_overlap_needs_embedding_support() -> None:
    verifier = Verifier(NorwegianAnalyzer(), policy=VerificationPolicy())
    assert verifier.supported(0.7, 0.0)
    assert not verifier.supported(0.4, 0.5)
    assert verifier.supported(0.4, 0.9)


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
