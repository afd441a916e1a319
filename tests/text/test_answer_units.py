"""The texts ingest embeds ahead: each chunk's units, its list continued, an agenda's rows."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.text.answer_units import (
    agenda_row,
    continue_list,
    documents_unit_texts,
    scored_units,
    unit_texts,
)
from assistant.text.units import UnitTuning

FIRST = "Verdikompasset\nVi samskaper gjennom å:\n• bli kjent på tvers\n• se helheten"
SECOND = "• se helheten\n• dele ressurser\nVi ivaretar kreativitet ved å:\n• eksperimentere"
# An invented programme: each talk's title, then its speaker's names and organisation.
PROGRAMME = (
    "Program\n\nÅpning av dagen\n\nMarte\nKvalheim\n\nFKL\n\n"
    "Visning av planleggingsverktøyet\n\nSindre\nBrekke\n\nNORDA\n"
)


def test_a_list_is_continued_from_the_next_chunk_without_its_overlap() -> None:
    assert continue_list(FIRST, SECOND) == FIRST + "\n• dele ressurser"
    # Nothing to continue: the passage does not end in a list, or no chunk follows.
    assert continue_list("Kort tekst.\n", SECOND) == "Kort tekst.\n"
    assert continue_list(FIRST, None) == FIRST
    assert continue_list(FIRST, SECOND, max_lines=1) == FIRST


def test_agenda_rows_pair_each_talk_with_its_speaker() -> None:
    (agenda,) = [u for u in scored_units(PROGRAMME) if len(u.parts) > 2]
    rows = [agenda_row(agenda, n) for n in range(len(agenda.parts))]
    texts = [r.text for r in rows if r is not None]
    assert texts == [
        "Program: Åpning av dagen – Marte Kvalheim, FKL",
        "Program: Visning av planleggingsverktøyet – Sindre Brekke, NORDA",
    ]


def test_unit_texts_hold_every_unit_continued_lists_and_agenda_rows() -> None:
    texts = unit_texts([FIRST, SECOND, PROGRAMME])
    for chunk in (FIRST, SECOND, PROGRAMME):
        assert {u.text for u in scored_units(chunk)} <= set(texts)
    # The first chunk's list as an answer reads it once the next chunk has given its rest.
    continued = {u.text for u in scored_units(continue_list(FIRST, SECOND))}
    assert continued - {u.text for u in scored_units(FIRST)}, "continuing changed no unit"
    assert continued <= set(texts)
    assert "Program: Visning av planleggingsverktøyet – Sindre Brekke, NORDA" in texts
    assert len(texts) == len(set(texts))


def test_unit_texts_cut_units_by_the_tuning_given() -> None:
    long_list = "Tiltak:\n" + "\n".join(
        f"• tiltak nummer {n} for bedre samarbeid" for n in range(9)
    )
    default = set(unit_texts([long_list]))
    short = set(unit_texts([long_list], UnitTuning(max_unit_chars=80)))
    assert short != default
    assert {u.text for u in scored_units(long_list, 1, UnitTuning(max_unit_chars=80))} <= short


@dataclass
class _Chunk:
    source: str
    ordinal: int
    text: str


def test_each_documents_chunks_are_read_in_their_order() -> None:
    chunks = [
        _Chunk("b.txt", 0, PROGRAMME),
        _Chunk("a.txt", 1, SECOND),
        _Chunk("a.txt", 0, FIRST),
    ]
    texts = documents_unit_texts(chunks)
    assert set(texts) == set(unit_texts([FIRST, SECOND])) | set(unit_texts([PROGRAMME]))
    # Another document's first chunk does not continue a list.
    assert set(documents_unit_texts([_Chunk("a.txt", 0, FIRST), _Chunk("c.txt", 1, SECOND)])) == (
        set(unit_texts([FIRST])) | set(unit_texts([SECOND]))
    )
