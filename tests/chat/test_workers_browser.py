"""In Debian's chromium: `arena serve --workers 2` on PostgreSQL and a Chroma server.

Browsers reach the workers by websocket only (`.chainlit/config.toml`), so no proxy needs sticky
sessions. Several partners sign in and ask at once (their sockets land on either worker), each
gets its own cited answer; one reloads the page (a new socket, on any worker), reopens the
conversation from the sidebar and asks a follow-up that needs the history, which comes from
the database, not from a worker's memory.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.answers.conftest import DOCUMENTS
from tests.chat.test_data_layer_server import FOLLOW_UP, PASSWORD, QUESTION
from tests.index.test_chroma_server import chroma_url  # noqa: F401  (the `chroma run` fixture)
from tests.index.test_ingest_while_serving import postgres_urls  # noqa: F401
from tests.servers import REPO, run_arena, running_arena, signed_in_env

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.postgres,
]

ARTIFACTS = REPO / "tests" / "artifacts" / "chat-workers"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]
PARTNERS = 3


@pytest.fixture
def two_worker_env(
    tmp_path: Path,
    chroma_url: str,  # noqa: F811
    postgres_urls: tuple[str, str],  # noqa: F811
) -> Iterator[dict[str, str]]:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    for name, text in DOCUMENTS.items():
        (knowledge / name).write_text(text, encoding="utf-8")
    env = signed_in_env(
        tmp_path / "data",
        ARENA_KNOWLEDGE_DB_URL=postgres_urls[0],
        ARENA_DATABASE_URL=postgres_urls[1],
        ARENA_CHROMA_URL=chroma_url,
    )
    run_arena(env, "ingest", str(knowledge))
    for n in range(PARTNERS):
        run_arena(env, "users", "add", "--password-stdin", f"p{n}@ous.no", "--name", f"P{n}",
                  stdin=PASSWORD)  # fmt: skip
    yield env
    assert not (tmp_path / "data" / "chroma").exists()  # every process used the server


def _answers(page: Any) -> Any:
    return page.locator(".step[data-step-type=assistant_message]")


def test_two_workers_on_postgres_and_a_chroma_server_serve_the_chat_in_a_browser(
    two_worker_env: dict[str, str],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make test does)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (
        running_arena("serve", two_worker_env, args=("--workers", "2"), timeout=240) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pages = []
        for n in range(PARTNERS):
            page = browser.new_context(locale="nb-NO").new_page()
            page.set_default_timeout(60_000)
            page.goto(url)
            page.fill("#email", f"p{n}@ous.no")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            expect(page.locator("#chat-input")).to_be_visible(timeout=30_000)
            pages.append(page)
        time.sleep(2)  # each socket connects after its page shows
        for page in pages:  # all three ask before any answer is awaited
            page.fill("#chat-input", QUESTION)
            page.click("#chat-submit")
        for n, page in enumerate(pages):
            answer = _answers(page).filter(has_text="Kontrolltårn er et prosjekt").last
            expect(answer).to_be_visible(timeout=90_000)
            expect(answer.locator(".arena-sources")).to_have_count(1)
            page.screenshot(path=ARTIFACTS / f"0{n + 1}-partner-{n}-answered.png")

        page = pages[0]
        time.sleep(1)  # Chainlit writes steps in tasks of their own
        page.reload()  # a new socket, on either worker
        listed = page.locator("#thread-history a[href*='/thread/']").filter(has_text=QUESTION)
        expect(listed).to_have_count(1, timeout=30_000)
        listed.click()
        expect(_answers(page).first).to_contain_text("Kontrolltårn er et prosjekt")
        page.fill("#chat-input", FOLLOW_UP)
        page.click("#chat-submit")
        # Answered from the history: without it, this question is not covered.
        expect(_answers(page)).to_have_count(2, timeout=90_000)
        expect(_answers(page).last).to_contain_text("Kontrolltårn", timeout=90_000)
        expect(_answers(page).last).not_to_contain_text("Ikke dekket")
        page.screenshot(path=ARTIFACTS / "04-follow-up-after-reload.png")
        browser.close()
