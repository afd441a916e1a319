"""Figure questions and sentences that state a figure of the kind asked for."""

from __future__ import annotations


def test_figure_kinds_of_questions() -> None:
    from assistant.text.figures import figure_kind, states_figure

    assert figure_kind("What quantified targets does the strategy set?") == "count"
    assert figure_kind("Hvor mye kostet prosjektet?") == "money"
    assert figure_kind("How large a share of the staff took part?") == "percent"
    assert figure_kind("Hva er verdikompasset?") == ""
    assert states_figure("Økt produktivitet 30%", "percent")
    assert not states_figure("12 Agenda for møtet", "count")
