"""Evidence for a brief: only sentences about the need, each said once, numbered once."""

from __future__ import annotations

from assistant.answers.answer import Answer
from assistant.answers.citations import Citation
from assistant.briefs.evidence import SourceList, on_topic
from assistant.index.access import Viewer
from assistant.services import Services

ANYONE = Viewer.anonymous()
ABOUT = "Færre strykninger. Mer enn 3300 operasjoner strykes hvert år på sykehuset."


def answer(text: str, *numbers: int) -> Answer:
    return Answer(
        question="q",
        text=text,
        abstained=False,
        mode="extractive",
        model="extractive",
        citations=[
            Citation(n=n, source=f"doc{n}.txt", location="part 1", quote=f"q{n}", chunk_id=f"c{n}")
            for n in numbers
        ],
    )


def test_sentences_off_the_need_are_dropped_with_their_citations(
    brief_services: Services,
) -> None:
    chain = brief_services.answer_chain()
    given = answer(
        "Mer enn 3300 operasjoner strykes hvert år [1]. Kaffe i kantinen koster 20 kroner [2].",
        1,
        2,
    )
    kept = on_topic(chain, given, ABOUT, ANYONE)
    assert kept.text == "Mer enn 3300 operasjoner strykes hvert år [1]."
    assert [c.n for c in kept.citations] == [1]


def test_nothing_about_the_need_is_an_abstention(brief_services: Services) -> None:
    chain = brief_services.answer_chain()
    kept = on_topic(chain, answer("Kaffe i kantinen koster 20 kroner [1].", 1), ABOUT, ANYONE)
    assert kept.abstained
    assert kept.text == ""


def test_a_sentence_already_shown_is_not_repeated(brief_services: Services) -> None:
    chain = brief_services.answer_chain()
    first = answer("Mer enn 3300 operasjoner strykes hvert år [1].", 1)
    second = answer(
        "Mer enn 3300 operasjoner strykes hvert år [1]. Strykninger av operasjoner på "
        "sykehuset gir lengre ventetid [2].",
        1,
        2,
    )
    kept = on_topic(chain, second, ABOUT, ANYONE, shown=first)
    assert kept.text.startswith("Strykninger av operasjoner")
    assert [c.n for c in kept.citations] == [2]


def test_sources_are_numbered_once_across_paragraphs() -> None:
    sources = SourceList()
    one = sources.adopt(answer("A om strykninger [1]. B om operasjoner [2].", 1, 2))
    second = answer("C om operasjoner [1]. A igjen [2].")
    second.citations = [
        Citation(n=1, source="doc2.txt", location="part 1", quote="q2", chunk_id="c2"),
        Citation(n=2, source="doc1.txt", location="part 1", quote="q1", chunk_id="c1"),
    ]
    two = sources.adopt(second)
    assert one.text == "A om strykninger [1]. B om operasjoner [2]."
    # The second answer's [1] is the first's [2] (same chunk and quote): one number, reused.
    assert [c.chunk_id for c in sources.citations] == ["c1", "c2"]
    assert two.text == "C om operasjoner [2]. A igjen [1]."
    assert two.citations == [2, 1]
