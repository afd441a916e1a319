"""In Debian's chromium: a partner's unanswered question shows in a coordinator's knowledge
gaps, whose link opens the partner's conversation read-only and whose button downloads it."""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.chat.test_data_layer_browser import CHROMIUM, CHROMIUM_ARGS, _answers, _serving
from tests.chat.test_data_layer_server import PASSWORD, arena_env  # noqa: F401  (a fixture)
from tests.servers import ARENA, REPO, free_port

ARTIFACTS = REPO / "tests" / "artifacts" / "chat-gaps"
UNCOVERED = "Hvem vant fotball-VM i 1994?"

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]


def _sign_in(page: object, url: str, email: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)  # type: ignore[attr-defined]
    page.fill("input#email", email)  # type: ignore[attr-defined]
    page.fill("input#password", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    expect(page.locator("#chat-input")).to_be_visible(timeout=30_000)  # type: ignore[attr-defined]
    time.sleep(3)  # the socket connects after the page shows


def test_a_coordinator_opens_a_partners_unanswered_question_from_the_gaps(
    arena_env: dict[str, str],  # noqa: F811
) -> None:
    from playwright.sync_api import expect, sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make test does)")
    add = [str(ARENA), "users", "add", "--password-stdin", "ola@arena.no", "--name", "Ola"]
    subprocess.run([*add, "--role", "coordinator"], input=PASSWORD, env=arena_env, cwd=REPO,
                   check=True, timeout=300, text=True)  # fmt: skip
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        with _serving(arena_env, free_port()) as url:
            partner = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            _sign_in(partner, url, "kari@ous.no")
            partner.fill("#chat-input", UNCOVERED)
            partner.keyboard.press("Enter")
            expect(_answers(partner).last).to_contain_text("Ikke dekket", timeout=60_000)
            partner.screenshot(path=ARTIFACTS / "01-partner-not-covered.png")
            time.sleep(1)  # Chainlit writes steps in tasks of their own

            page = browser.new_context(
                viewport={"width": 1400, "height": 900}, locale="nb-NO"
            ).new_page()
            _sign_in(page, url, "ola@arena.no")
            page.fill("#chat-input", "/hull")
            page.keyboard.press("Enter")  # picks the composer's command ...
            page.keyboard.press("Enter")  # ... and sends it
            listed = _answers(page).filter(has_text="Kunnskapshull etter emne")
            try:
                expect(listed).to_be_visible(timeout=30_000)
            finally:
                page.screenshot(path=ARTIFACTS / "02-coordinator-gaps.png")
            link = listed.locator("a", has_text=UNCOVERED)
            expect(link).to_have_count(1)

            listed.get_by_role("button", name="⬇ Samtale 1").click()
            files = _answers(page).filter(has_text="som JSON og Markdown")
            expect(files).to_be_visible(timeout=30_000)
            expect(files).to_contain_text(".json")
            expect(files).to_contain_text(".md")
            page.screenshot(path=ARTIFACTS / "03-coordinator-download.png")

            href = link.get_attribute("href")
            assert href is not None
            assert href.startswith("/share/")
            page.goto(url + href)
            expect(page.get_by_text(UNCOVERED).first).to_be_visible(timeout=30_000)
            expect(_answers(page).first).to_contain_text("Ikke dekket", timeout=30_000)
            page.screenshot(path=ARTIFACTS / "04-coordinator-reads-the-conversation.png")

            # The partner's own gaps are not theirs to see, and the list is refused.
            partner.fill("#chat-input", "/hull")
            partner.keyboard.press("Enter")
            expect(_answers(partner).last).to_contain_text("du har ikke tilgang", timeout=30_000)
            partner.screenshot(path=ARTIFACTS / "05-partner-refused.png")
        browser.close()
