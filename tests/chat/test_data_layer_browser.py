"""In Debian's chromium: a rating given in the chat is stored, and after a server restart the
conversation is in the sidebar, reopens with its rating and sources, and takes a follow-up."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.chat.test_data_layer_server import (  # arena_env: the server's fixture
    FOLLOW_UP,
    PASSWORD,
    QUESTION,
    arena_env,  # noqa: F401
)
from tests.servers import ARENA, REPO, free_port

ARTIFACTS = REPO / "tests" / "artifacts" / "chat-data"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]


@contextmanager
def _serving(env: dict[str, str], port: int) -> Iterator[str]:
    """`arena serve` on `port`: the browser's page keeps its address across the restart."""
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(ARENA), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()[-2000:])  # type: ignore[union-attr]
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise TimeoutError("arena serve did not answer within 120 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_rated_conversation_is_kept_across_a_restart_in_the_browser(
    arena_env: dict[str, str],  # noqa: F811
) -> None:
    from playwright.sync_api import expect, sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make test does)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="en-US")

        def shot(name: str) -> None:
            page.screenshot(path=ARTIFACTS / f"{name}.png")

        with _serving(arena_env, port) as url:
            page.goto(url)
            page.fill("input#email", "kari@ous.no")
            page.fill("input#password", PASSWORD)
            page.click("button[type=submit]")
            expect(page.locator("#chat-input")).to_be_visible(timeout=30_000)
            time.sleep(2)  # the socket connects after the page shows
            page.fill("#chat-input", QUESTION)
            page.keyboard.press("Enter")
            answer = _answers(page).filter(has_text="Kontrolltårn er et prosjekt").last
            expect(answer).to_be_visible(timeout=60_000)
            shot("01-answered")
            answer.locator("button.negative-feedback-off").click()
            page.locator("div[role=dialog] textarea").fill("For kort")
            page.get_by_role("button", name="Submit feedback").click()
            expect(page.locator("div[role=dialog]")).to_have_count(0)
            shot("02-rated")
            time.sleep(1)  # Chainlit writes steps in tasks of their own

        with _serving(arena_env, port) as url:  # a new process: nothing in memory
            page.goto(url)
            listed = page.locator("#thread-history a[href*='/thread/']").filter(has_text=QUESTION)
            expect(listed).to_have_count(1, timeout=30_000)
            shot("03-listed-after-restart")
            listed.click()
            answer = _answers(page).filter(has_text="Kontrolltårn er et prosjekt").first
            expect(answer).to_be_visible(timeout=30_000)
            # The rating came back with the thread: the thumb down is the one lit.
            expect(answer.locator("button.negative-feedback-on")).to_have_count(1, timeout=10_000)
            # The answer's own sources element came back with it; its passage opens.
            answer.locator(".arena-sources .arena-source").first.click()
            expect(page.locator(".arena-passage")).to_contain_text(
                "kontrolltarn.txt", timeout=10_000
            )
            shot("04-resumed-with-rating-and-source")
            page.keyboard.press("Escape")  # the passage drawer holds the focus while open
            expect(page.locator(".arena-passage")).to_have_count(0)
            page.fill("#chat-input", FOLLOW_UP)
            page.keyboard.press("Enter")
            # Answered from the history: without it, this question is not covered.
            expect(_answers(page)).to_have_count(2, timeout=60_000)
            expect(_answers(page).last).to_contain_text("Kontrolltårn", timeout=60_000)
            expect(_answers(page).last).not_to_contain_text("Ikke dekket")
            shot("05-follow-up-after-restart")
        browser.close()


def _answers(page: Any) -> Any:
    return page.locator(".step[data-step-type=assistant_message]")
