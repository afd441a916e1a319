"""The answer unit: a list whole, a unit from each document, the row naming who, and the layout."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answers.citations import quote_in_passage
from assistant.answers.extractive import ExtractiveAnswerer, ExtractiveTuning
from assistant.answers.passages import ChunkOrder, continue_lists
from assistant.index.access import Viewer
from assistant.index.retrieval import SearchResult
from assistant.text.analysis import NorwegianAnalyzer
from assistant.text.units import UnitTuning

ANYONE = Viewer.anonymous()


def _passage(
    text: str, n: int = 1, score: float = 1.0, source: str = "", location: str = ""
) -> SearchResult:
    return SearchResult(
        f"c{n}", text, source or f"doc{n}.txt", f"Doc {n}", location or f"part {n}", score
    )


def test_a_list_question_gets_the_whole_list_as_markdown_bullets() -> None:
    text = (
        "Vi samskaper gjennom å:\n"
        "• sette av tid til å bli kjent og jobbe sammen på tvers\n"
        "• ha et helhetlig blikk på utfordringer og muligheter\n"
        "• sikre aktiv deltakelse og deling av relevant informasjon\n"
        "• forplikte oss til å dedikere ressurser for å sikre avtalt fremdrift\n"
    )
    # Units of at most 120 characters cut the list in two; the answer still holds it all.
    tuning = ExtractiveTuning(units=UnitTuning(max_unit_chars=120))
    answerer = ExtractiveAnswerer(NorwegianAnalyzer(), tuning=tuning)
    extract = answerer.answer("Hvilke forpliktelser gir samskaping?", [_passage(text)])
    assert extract.text.splitlines() == [
        "Vi samskaper gjennom å: [1]",
        "- Sette av tid til å bli kjent og jobbe sammen på tvers",
        "- Ha et helhetlig blikk på utfordringer og muligheter",
        "- Sikre aktiv deltakelse og deling av relevant informasjon",
        "- Forplikte oss til å dedikere ressurser for å sikre avtalt fremdrift",
    ]


@dataclass
class _Chunk:
    id: str
    source: str
    ordinal: int
    text: str
    metadata: dict[str, str | int] = field(default_factory=lambda: {"visibility": "arena"})


@dataclass
class _Store:
    chunks: list[_Chunk]

    def revision(self) -> int:
        return 1

    def iter_chunks(self) -> list[_Chunk]:
        return self.chunks


def test_a_list_cut_at_the_end_of_a_chunk_is_followed_into_the_next() -> None:
    first = "Verdikompasset\nVi samskaper gjennom å:\n• bli kjent på tvers\n• se helheten"
    second = "• se helheten\n• dele ressurser\nVi ivaretar kreativitet ved å:\n• eksperimentere"
    store = _Store(
        [
            _Chunk("a", "h2b.txt", 0, first),
            _Chunk("b", "h2b.txt", 1, second),
            _Chunk("z", "other.txt", 2, "• fremmed punkt"),
        ]
    )
    passage = _passage(first, source="h2b.txt")
    passage.chunk_id = "a"
    (continued,) = continue_lists([passage], ChunkOrder(store), ANYONE)
    # The overlap ("se helheten") is not repeated, and the next slide's list is not taken.
    assert continued.text == first + "\n• dele ressurser"
    private = _Store([_Chunk("a", "h2b.txt", 0, first), _Chunk("b", "h2b.txt", 1, second)])
    private.chunks[1].metadata = {"visibility": "org:other"}
    (kept,) = continue_lists([passage], ChunkOrder(private), ANYONE)
    assert kept.text == first


@dataclass
class _CountingStore(_Store):
    reads: int = 0

    def revision(self) -> int:
        self.reads += 1
        return 1


def test_an_answer_asks_the_store_for_its_revision_once_at_most() -> None:
    first = "Verdikompasset\nVi samskaper gjennom å:\n• bli kjent på tvers\n• se helheten"
    second = "• dele ressurser\n• eksperimentere"
    store = _CountingStore([_Chunk("a", "h2b.txt", 0, first), _Chunk("b", "h2b.txt", 1, second)])
    lists = [_passage(first, source="h2b.txt") for _ in range(3)]
    for passage in lists:
        passage.chunk_id = "a"
    order = ChunkOrder(store)

    continued = continue_lists(lists, order, ANYONE)
    assert store.reads == 1
    assert all(p.text.endswith("• eksperimentere") for p in continued)
    continue_lists([_passage("Bare prosa her.", source="h2b.txt")], order, ANYONE)
    assert store.reads == 1


def test_a_cross_document_question_gets_a_unit_from_each_document() -> None:
    ntnu = (
        "NTNU-rapporten begrunner behovet for omstilling med en offentlig utredning. "
        "NTNU-rapporten sier at omstilling i helse krever en offentlig satsing. "
        "NTNU-rapporten drøfter behovet for omstilling i hele sektoren."
    )
    tower = "Kontrolltårn-presentasjonen viser til NOU 2023: 4 om mangel på personell."
    passages = [
        _passage(ntnu, 1, 1.0, "ntnu.txt"),
        _passage(tower, 2, 0.4, "kontrolltarn.txt"),
    ]
    question = (
        "Hvilken offentlig utredning brukes både i NTNU-rapporten og i "
        "Kontrolltårn-presentasjonen for å begrunne behovet for omstilling?"
    )
    tuning = ExtractiveTuning(max_sentences=2, min_sentences=2, relative_floor=0.0)
    extract = ExtractiveAnswerer(NorwegianAnalyzer(), tuning=tuning).answer(question, passages)
    assert {s.unit.passage for s in extract.chosen} == {1, 2}
    assert "NOU 2023: 4" in extract.text
    # The same question about one document alone stays with the best-matching sentences.
    alone = ExtractiveAnswerer(NorwegianAnalyzer(), tuning=tuning).answer(
        "Hvilken offentlig utredning brukes i NTNU-rapporten for å begrunne omstilling?",
        passages,
    )
    assert {s.unit.passage for s in alone.chosen} == {1}


AGENDA = (
    "6 Agenda\n\n1 2 3 4\n\nIdeen bak\nKontrolltårn\n\nØyvind\nSkraastad\n\nOUS\n\n"
    "Demonstrasjon av Kontrolltårn\n\nJørgen\nSchreiner\n\nKPMG\n\n"
    "Hvordan ta i bruk Kontrolltårn\n\nOdd Arild\nLehne\nOUS\n"
)


def test_who_presented_gets_the_agenda_row_pairing_the_talk_with_its_speaker() -> None:
    passages = [
        _passage(AGENDA, 1),
        _passage("Til slutt presenterte ledelsen sine perspektiver for framtidens helse.", 2),
    ]
    extract = ExtractiveAnswerer(NorwegianAnalyzer()).answer(
        "Hvem presenterte demonstrasjonen?", passages
    )
    assert extract.text == "Agenda: Demonstrasjon av Kontrolltårn – Jørgen Schreiner, KPMG. [1]"
    assert quote_in_passage(extract.chosen[0].unit.quote, AGENDA)
    # The abstainer still sees the passages' own units, the whole agenda among them.
    assert any("Øyvind" in s.unit.text and "KPMG" in s.unit.text for s in extract.scored)


def test_an_english_question_reaches_a_norwegian_passage_by_a_name_with_norwegian_letters() -> None:
    passages = [
        _passage("Kantinen er åpen fra elleve til ett alle hverdager i uken.", 1),
        _passage("Bjørg Ødegård leder prosjektet Sjøkanten i Tromsø sammen med kommunen.", 2),
    ]
    answerer = ExtractiveAnswerer(
        NorwegianAnalyzer(), tuning=ExtractiveTuning(max_sentences=1, min_sentences=1)
    )
    extract = answerer.answer("Which project does Bjørg Ødegård lead in Tromsø?", passages)
    assert extract.text == (
        "Bjørg Ødegård leder prosjektet Sjøkanten i Tromsø sammen med kommunen. [2]"
    )


def test_the_answer_reads_in_document_order_as_sentences_said_once() -> None:
    later = "Mer enn 3300 operasjoner strykes hvert år.\n• utnyttelsen av stuene er lav"
    earlier = (
        "Kontrolltårn planlegger operasjoner med maskinlæring. "
        "Mer enn 3300 operasjoner strykes hvert år."
    )
    passages = [
        _passage(later, 1, 1.0, "kontrolltarn.txt", "part 9"),
        _passage(earlier, 2, 0.9, "kontrolltarn.txt", "part 2"),
    ]
    answerer = ExtractiveAnswerer(NorwegianAnalyzer(), tuning=ExtractiveTuning(relative_floor=0.0))
    text = answerer.answer(
        "Hvordan planlegger Kontrolltårn operasjoner som strykes?", passages
    ).text
    # Part 2 comes before part 9; the repeated sentence is said once; every sentence opens
    # with a capital and closes with a full stop before its citation.
    assert text.index("Kontrolltårn planlegger") < text.index("Utnyttelsen av stuene er lav.")
    assert text.count("3300") == 1
    assert "Utnyttelsen av stuene er lav. [1]" in text
