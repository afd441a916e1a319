"""Inert Markdown for documents: one line of text, no link, image, HTML or block of its own.

`inert_markdown` itself is tested where the chat uses it (tests/chat/test_markdown_safety.py).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from assistant.text.markdown import inert_cell, inert_line

# Text as users and PDFs write it, with Markdown's special characters made likely.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("#>-+*_=`~|[]()!<>\\:.123 \n\tabcæøå")),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=60,
)


def html_of(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("Utnyttelsen er under 70 prosent [1].", "Utnyttelsen er under 70 prosent [1]."),
        ("Se kildene [1, 3] og [2].", "Se kildene [1, 3] og [2]."),
        ("[x](javascript:alert(1))", "\\[x](javascript:alert(1))"),
        ("[2](https://evil.example/)", "\\[2](https://evil.example/)"),
        ("[1]: https://evil.example/", "\\[1]: https://evil.example/"),
        ("![p](https://e.example/p.png)", "\\!\\[p](https://e.example/p.png)"),
        ("<script>x</script>", "\\<script>x\\</script>"),
        ("# Falsk overskrift", "\\# Falsk overskrift"),
        ("- punkt", "\\- punkt"),
        ("2024. var året", "2024\\. var året"),
        ("```", "\\```"),
        ("a\n\n# b\n- c", "a # b - c"),
        ("C:\\mappe", "C:\\\\mappe"),
    ],
)
def test_a_line_is_escaped_where_markdown_would_act_on_it(text: str, markdown: str) -> None:
    assert inert_line(text) == markdown


def test_a_cell_keeps_its_pipes_and_line_breaks_inside() -> None:
    assert inert_cell("a | b\nc") == "a \\| b c"
    table = "| x | y |\n|---|---|\n| " + inert_cell("1 | 2\n| 3") + " | ok |"
    html = html_of(table)
    assert html.count("<td>") == 2
    assert "<td>1 | 2 | 3</td>" in html


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_is_one_paragraph_of_inline_text(text: str) -> None:
    line = inert_line(text)
    html = html_of(line)
    tags = set(re.findall(r"</?([a-z0-9]+)", html))
    assert tags <= {"p", "em", "strong", "code"}, html
    assert html.count("<p>") == (1 if line else 0), html
    assert "\n" not in line


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, min_size=3, max_size=3))
def test_any_text_in_a_cell_keeps_the_table_whole(cells: list[str]) -> None:
    row = "| " + " | ".join(inert_cell(c) for c in cells) + " |"
    html = html_of(f"| a | b | c |\n|---|---|---|\n{row}\n")
    tags = set(re.findall(r"</?([a-z0-9]+)", html))
    assert tags <= {"table", "thead", "tbody", "tr", "th", "td", "em", "strong", "code"}, html
    assert html.count("<td>") == 3, html
