"""The brief as Markdown: its headings in order, open sections, tables, sources, and inert text.

The HTML checks use a CommonMark renderer that passes raw HTML through, so only our escaping
keeps a planted tag, image or link out.
"""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from assistant.briefs.layout import label
from assistant.briefs.markdown import render_markdown
from assistant.briefs.model import FindingChange, SectionId
from assistant.i18n import Language
from tests.briefs.render_builders import foreign_labels, make_brief, make_record, mentions

LANGUAGES: list[Language] = ["no", "en"]
PLANTED = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [klikk](javascript:alert(3)) "
    "[her](https://evil.example/) ![p](https://evil.example/p.png) | a | b\n# Falsk\n- punkt"
)


def html_of(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def part(markdown: str, heading: str) -> str:
    """The Markdown under the H2 `heading`, up to the next H2."""
    start = markdown.index(f"\n## {heading}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end != -1 else None]


def expected_h2(language: Language) -> list[str]:
    brief = make_brief(language)
    return [
        *(s.title for s in brief.sections if s.id != SectionId.summary),
        label("compass", language),
        label("findings", language),
        label("changes", language),
        label("sources", language),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_title_then_every_section_in_order_then_the_checks_and_sources(language: Language) -> None:
    markdown = render_markdown(make_record(language))
    assert re.findall(r"^# (.+)$", markdown, re.M) == [make_brief(language).title]
    assert re.findall(r"^## (.+)$", markdown, re.M) == expected_h2(language)
    assert re.findall(r"^### (.+)$", markdown, re.M) == [
        label("changes_added", language),
        label("changes_resolved", language),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_head_shows_owners_kind_date_version_mode_and_the_how_might_we_line(
    language: Language,
) -> None:
    record = make_record(language)
    head = render_markdown(record).split("\n## ")[0]
    assert f"**{label('owners', language)}:** Agder kommune, Sørlandet sykehus HF" in head
    assert f"**{label('kind', language)}:** {label('kind_co-creation', language)}" in head
    assert f"**{label('date', language)}:** 2025-03-12" in head
    assert f"**{label('version', language)}:** 2, " in head
    assert record.author in head
    assert label("mode_extractive", language) in head
    assert f"\n> **{record.brief.how_might_we}**\n" in head
    # The summary section is the head: its line is not repeated under a heading of its own.
    assert head.count(record.brief.how_might_we) == 1


def test_a_draft_not_saved_yet_has_no_version_and_an_llm_draft_names_its_model() -> None:
    brief = make_brief("en").model_copy(update={"mode": "llm", "model": "qwen2.5-3b"})
    head = render_markdown(brief).split("\n## ")[0]
    assert "Version" not in head
    assert "**Mode:** written by qwen2.5-3b (every sentence is checked" in head


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_open_section_says_it_is_open_and_why(language: Language) -> None:
    record = make_record(language)
    markdown = render_markdown(record)
    open_word = label("open", language)
    for section in record.brief.sections:
        if section.id == SectionId.summary:
            continue
        body = part(markdown, section.title)
        if section.status == "open":
            assert f"> **{open_word}:** {section.open_reason}" in body
        else:
            assert f"**{open_word}:**" not in body


def test_items_are_bullets_and_prose_stays_paragraphs() -> None:
    record = make_record("no")
    markdown = render_markdown(record)
    stakeholders = part(markdown, record.brief.section(SectionId.stakeholders).title)
    assert (
        "\n- Pasienter over 75 år og deres pårørende\n- Hjemmetjenesten i kommunen" in stakeholders
    )
    # Evidence with its citation reads as prose, also beside a short item.
    need = part(markdown, record.brief.section(SectionId.need).title)
    assert "\n\nPårørende forteller at de savner ett sted å spørre [2]." in need
    assert "\n- " not in need


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compass_is_a_table_with_a_row_per_commitment_and_status_words(
    language: Language,
) -> None:
    record = make_record(language)
    table = part(render_markdown(record), label("compass", language))
    html = html_of(table)
    assert html.count("<tr>") == 1 + len(record.brief.compass)
    assert html.count("<th>") == 4
    statuses = re.findall(r"^\|[^|]+\|[^|]+\| (\w+) \|", table, re.M)[1:]
    assert statuses == [label(f"status_{c.status}", language) for c in record.brief.compass]
    for result in record.brief.compass:
        assert f"| {result.principle_name} | {result.text} |" in table


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_conflict_check_is_a_table_in_the_declarations_section(language: Language) -> None:
    record = make_record(language)
    declarations = part(render_markdown(record), record.brief.section("declarations").title)
    assert html_of(declarations).count("<tr>") == 1 + len(record.brief.conflicts)
    per = record.brief.conflicts[1]
    assert (
        f"| Per Hansen | Medtek AS | {label('declaration_none', language)} "
        f"| {label('conflict_severity_direct', language)} | {per.recommended_action} |"
    ) in declarations
    assert f"| Ola Utenfor |  | {label('not_registered', language)} |" in declarations


@pytest.mark.parametrize("language", LANGUAGES)
def test_findings_and_their_changes_are_lists_with_severity(language: Language) -> None:
    record = make_record(language)
    markdown = render_markdown(record)
    findings = part(markdown, label("findings", language))
    for finding in record.brief.findings:
        severity = label(f"severity_{finding.severity}", language).capitalize()
        assert f"- **{severity}:** {finding.message}" in findings
    changes = part(markdown, label("changes", language))
    assert changes.index(label("changes_added", language)) < changes.index("Per Hansen")
    assert "Acme Pad" in changes.split(label("changes_resolved", language))[1]


def test_without_changes_there_is_no_changes_section_and_unchanged_findings_say_so() -> None:
    assert "Changes in the findings" not in render_markdown(make_record("en", changes=False))
    record = make_record("en").model_copy(update={"changes": FindingChange()})
    assert "The findings are the same as in the previous version." in render_markdown(record)


@pytest.mark.parametrize("language", LANGUAGES)
def test_markers_in_the_text_match_the_numbered_source_list(language: Language) -> None:
    record = make_record(language)
    markdown = render_markdown(record)
    sources = part(markdown, label("sources", language))
    body = markdown.split(f"\n## {label('sources', language)}\n")[0]
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    listed = {int(n) for n in re.findall(r"^(\d+)\. ", sources, re.M)}
    assert markers == listed == {c.n for c in record.brief.citations}
    for c in record.brief.citations:
        assert f"\n{c.n}. {c.source}, {c.location}, «{c.quote}»" in sources
    assert html_of(sources).count("<li>") == len(record.brief.citations)


def test_sources_numbered_from_elsewhere_than_one_keep_their_numbers() -> None:
    brief = make_brief("en")
    brief.citations = brief.citations[1:]  # numbers 2 and 3: a Markdown list would say 1, 2
    html = html_of(render_markdown(brief))
    assert "<p>2. case-tjenesteinnovasjon-brobyggere.md, Relatives" in html
    assert "<p>3. slik-fungerer-arenaen.md, page 3" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_brief_speaks_one_language(language: Language) -> None:
    markdown = render_markdown(make_record(language))
    mixed = sorted(word for word in foreign_labels(language) if mentions(markdown, word))
    assert mixed == []
    for key in ("owners", "compass", "findings", "sources", "open", "status_missing"):
        assert mentions(markdown, label(key, language)), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_planted_markup_in_any_user_text_stays_text(language: Language) -> None:
    record = make_record(language, planted=PLANTED)
    markdown = render_markdown(record)
    html = html_of(markdown)
    lowered = html.lower()
    for tag in ("<script", "<img", "<a ", "<h3>falsk", "<h1>falsk"):
        assert tag not in lowered, tag
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[klikk](javascript:alert(3))" in html
    # The structure is the same as without the planted text: headings, tables, rows, cells.
    assert re.findall(r"^## (.+)$", markdown, re.M) == expected_h2(language)
    assert html.count("<h1>") == 1
    assert html.count("<table>") == 2
    assert html.count("<tr>") == 2 + len(record.brief.compass) + len(record.brief.conflicts)
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        columns = table.count("<th>")
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            assert row.count("<td>") == columns
