"""CSV a spreadsheet opens as data: a cell it would run as a formula gets a leading quote."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

# Excel, LibreOffice and Google Sheets read a cell starting with one of these as a formula
# (=HYPERLINK(...) sends data away, =cmd|... once ran programs); tab and CR hide one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value`, with a single quote in front when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(stream: TextIO, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Every CSV export's writer: a header, then the rows with each cell made safe."""
    writer = csv.DictWriter(stream, fieldnames=list(columns))
    writer.writeheader()
    writer.writerows({column: safe_cell(row.get(column)) for column in columns} for row in rows)
