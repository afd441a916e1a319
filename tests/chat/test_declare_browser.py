"""In Debian's chromium: a partner declares an interest through the chat's flow and submits
it; a coordinator then finds it in the review queue and approves it with the review buttons;
the partner changes its role afterwards, and the declaration needs review again.

Screenshots of each step go to tests/artifacts/declare/ (git-ignored) to be looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servers import REPO, run_arena, running_arena, signed_in_env

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "tests" / "artifacts" / "declare"
PASSWORD = "pw-for-declaring-2026"
SECONDS = 1000  # Playwright counts milliseconds


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`arena serve` with sign-in, two organisations, a partner and a coordinator."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    root = tmp_path_factory.mktemp("chat-declare")
    env = signed_in_env(root / "data")
    run_arena(env, "registry", "organisations", "add", "Oslo universitetssykehus HF",
           "--number", "993467049", "--kind", "hospital_trust", "--alias", "OUS")  # fmt: skip
    run_arena(env, "registry", "organisations", "add", "Medtek AS", "--kind", "company")
    run_arena(env, "users", "add", "kari@ous.no", "--name", "Kari Partner", "--org", "OUS",
           "--password-stdin", stdin=PASSWORD)  # fmt: skip
    run_arena(env, "users", "add", "ola@arena.no", "--name", "Ola Koordinator", "--role",
           "coordinator", "--password-stdin", stdin=PASSWORD)  # fmt: skip
    with running_arena("serve", env, timeout=180) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )  # fmt: skip
        yield browser
        browser.close()


def _signed_in(browser: Any, url: str, email: str) -> Any:
    """A fresh browser context (its own cookies) signed in as `email`, ready to type."""
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60 * SECONDS)
    page.goto(url)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#chat-input")
    page.wait_for_timeout(3 * SECONDS)  # the socket and the profiles settle
    page.keyboard.press("Escape")  # a side drawer open on arrival would take the keys
    return page


def _shot(page: Any, name: str) -> None:
    page.wait_for_timeout(400)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _send(page: Any, text: str) -> None:
    page.fill("#chat-input", text)
    page.click("#chat-submit")  # not Enter: on a lone "/word" Enter picks from the menu


def _wait_for(page: Any, text: str, timeout: float = 60) -> None:
    try:
        page.get_by_text(text, exact=False).last.wait_for(timeout=timeout * SECONDS)
    except Exception:
        _shot(page, "failed-waiting")  # what was on the screen instead
        raise


def _press(page: Any, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).last.click()


def _open_registry_starter(page: Any, starter: str) -> None:
    page.click("#chat-profiles")
    page.get_by_role("option", name="Interesseregisteret").click()
    page.wait_for_timeout(500)
    if page.locator("#confirm").count():  # leaving a conversation asks first
        page.click("#confirm")
    page.wait_for_selector("#starters")
    page.wait_for_timeout(1 * SECONDS)
    page.get_by_role("button", name=starter).click()


def test_a_partner_declares_and_submits_and_a_coordinator_approves_it(
    browser: Any, app_url: str
) -> None:
    page = _signed_in(browser, app_url, "kari@ous.no")
    _open_registry_starter(page, "Erklær interesser")
    _wait_for(page, "Du har ingen åpen erklæring")
    _shot(page, "01-partner-flow-opened")

    _press(page, "Legg til en interesse")
    _wait_for(page, "Hva slags interesse er det?")
    _shot(page, "02-kinds-as-buttons")
    _press(page, "styreverv eller lederstilling")
    _wait_for(page, "Hvem sin interesse er det?")
    _press(page, "egen")
    _wait_for(page, "Hvilken organisasjon gjelder det?")
    _send(page, "Ukjent Helse AS")
    _wait_for(page, "Registeret kjenner ingen organisasjon «Ukjent Helse AS»")
    _shot(page, "03-unknown-organisation-asked-again")
    _send(page, "Medtek AS")
    _wait_for(page, "Hvilken rolle har du der")
    _send(page, "styremedlem")
    _wait_for(page, "Hvilke fagområder eller emner")
    _send(page, "sensorer, KI")
    _wait_for(page, "Hvor mye er interessen verdt i året?")
    _press(page, "10 000–100 000 kr")
    _wait_for(page, "Kan andre partnere se et sammendrag")
    _press(page, "Ja, vis sammendraget")
    _wait_for(page, "Vil du legge til mer om interessen")
    _press(page, "Lagre interessen")
    _wait_for(page, "Interessen er lagt til.")
    _wait_for(page, "utkast (versjon 1)")
    _shot(page, "04-draft-with-interest")

    _press(page, "Send til gjennomgang")
    _wait_for(page, "Erklæring 1 er sendt til gjennomgang")
    _wait_for(page, "sendt inn (versjon 2)")
    _shot(page, "05-submitted")
    _send(page, "/erklæringer")  # the composer is free at once
    _wait_for(page, "Interesser i erklæring 1 (sendt inn)")
    _shot(page, "06-partner-lists-own")
    page.context.close()

    page = _signed_in(browser, app_url, "ola@arena.no")
    _send(page, "/erklæringer")
    _wait_for(page, "Erklæringer som venter på gjennomgang")
    queue = page.locator(".message-content table").last.inner_text()
    assert "Kari Partner" in queue
    assert "sendt inn" in queue
    _shot(page, "07-review-queue")
    _send(page, "/gjennomgå 1")
    _wait_for(page, "Medtek AS")
    _shot(page, "08-review-buttons")
    _press(page, "Godkjenn: opplyses om, kan delta")
    _wait_for(page, "Begrunnelse for erklæring 1")
    _send(page, "Styrevervet er opplyst; Medtek deltar ikke i arenaens anskaffelser nå.")
    _wait_for(page, "vurdering 1: Godkjenn: opplyses om, kan delta")
    _shot(page, "09-approved")
    _send(page, "/erklæringer")  # ready again after the review's question
    _wait_for(page, "Ingen erklæringer venter på gjennomgang.")
    _shot(page, "10-queue-empty")
    page.context.close()

    # The approved interest changed afterwards: one field, and the declaration needs review again.
    page = _signed_in(browser, app_url, "kari@ous.no")
    _send(page, "/erklær")
    _wait_for(page, "godkjent (versjon 3)")
    _press(page, "Endre en interesse")
    _wait_for(page, "Hvilken interesse vil du endre?")
    _press(page, "1. styreverv eller lederstilling hos Medtek AS")
    _wait_for(page, "Hva vil du endre ved interessen?")
    _shot(page, "11-change-which-field")
    _press(page, "Rolle")
    _wait_for(page, "Hvilken rolle har du der")
    _send(page, "x" * 201)
    _wait_for(page, "Rolle: høyst 200 tegn.")
    _send(page, "styreleder")
    _wait_for(page, "Interessen er endret.")
    _wait_for(page, "må oppdateres (versjon 4)")
    _shot(page, "12-changed-needs-review-again")
    page.context.close()
