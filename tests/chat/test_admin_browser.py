"""In Debian's chromium: a coordinator signs in, adds an organisation and a person, plans an
activity with two participants and reads its conflict check, then checks the audit log.

Screenshots of each step go to tests/artifacts/admin/ (ARENA_SHOTS overrides) to be looked at.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servers import run_arena, running_arena, signed_in_env

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
ARENA = Path(sys.executable).with_name("arena")
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("ARENA_SHOTS", REPO / "tests" / "artifacts" / "admin"))
PASSWORD = "pw-for-ola-2026"
SECONDS = 1000  # Playwright counts milliseconds


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("chat-admin") / "data"


@pytest.fixture(scope="module")
def app_url(data_dir: Path) -> Iterator[str]:
    """`arena serve` with sign-in and one coordinator: nothing else is in the registry."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    env = signed_in_env(data_dir)
    run_arena(env, "users", "add", "ola@arena.no", "--name", "Ola Koordinator",
              "--role", "coordinator", "--password-stdin", stdin=PASSWORD)  # fmt: skip
    with running_arena("serve", env, timeout=180) as url:
        yield url


@pytest.fixture
def page(app_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
            ],
        )
        context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(60 * SECONDS)
        yield page
        browser.close()


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _say(page: Any, text: str) -> None:
    page.locator("#chat-input").fill(text)
    page.keyboard.press("Enter")


def _command(page: Any, word: str) -> None:
    """Type a command: the first Enter picks it in the composer's menu, the second sends it."""
    _say(page, f"/{word}")
    page.keyboard.press("Enter")


def _wait_for(page: Any, text: str, timeout: float = 60) -> None:
    try:
        page.get_by_text(text, exact=False).last.wait_for(timeout=timeout * SECONDS)
    except Exception:
        _shot(page, "failed-waiting")  # what was on the screen instead
        raise


def _press(page: Any, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).last.click()


def test_a_coordinator_adds_an_organisation_and_a_person_and_plans_an_activity(
    page: Any, app_url: str, data_dir: Path
) -> None:
    page.goto(app_url)
    page.fill("#email", "ola@arena.no")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#chat-input")
    page.wait_for_timeout(3 * SECONDS)  # the socket, the profiles and the `/` menu arrive
    page.keyboard.press("Escape")  # a side drawer open on a narrow screen takes the keys
    _shot(page, "01-signed-in")

    # An organisation, from the button under the user list
    _command(page, "brukere")
    _wait_for(page, "Legg til en bruker med /nybruker")
    _shot(page, "02-users-with-buttons")
    _press(page, "Legg til organisasjon")
    _wait_for(page, "Hva er organisasjonens registrerte navn?")
    _say(page, "M")
    _wait_for(page, "«M» kan ikke brukes som navn")
    _shot(page, "03-name-refused")
    _say(page, "Medtek AS")
    _wait_for(page, "Hva slags organisasjon er det?")
    _press(page, "bedrift")
    _wait_for(page, "Kjenner du organisasjonsnummeret?")
    _press(page, "Hopp over")
    _wait_for(page, "Har organisasjonen andre navn")
    _shot(page, "04-organisation-buttons")
    _press(page, "Hopp over")
    _wait_for(page, "(bedrift) er registrert.")
    _shot(page, "05-organisation-added")

    # A person, by the typed command: the chat was ready again at once
    _command(page, "nybruker")
    _wait_for(page, "Hva heter personen?")
    _say(page, "Kari Partner")
    _wait_for(page, "Hvilken e-postadresse")
    _say(page, "ola@arena.no")
    _wait_for(page, "Det finnes allerede en bruker med e-post «ola@arena.no»")
    _say(page, "kari@medtek.no")
    _wait_for(page, "Hvilken organisasjon hører personen til?")
    _press(page, "Medtek AS")
    _wait_for(page, "Hvilken rolle skal personen ha?")
    _shot(page, "06-role-buttons")
    _press(page, "partner")
    _wait_for(page, "Passord for kari@medtek.no")
    _shot(page, "07-person-added-password-once")

    # An activity with both as participants, and its conflict check
    _command(page, "planlegg")
    _wait_for(page, "Hva heter aktiviteten?")
    _say(page, "Innkjøp av sensorer")
    _wait_for(page, "Hvilken dag er aktiviteten?")
    _say(page, "2027-02-30")
    _wait_for(page, "«2027-02-30» er ikke en dato")
    _say(page, "2027-03-01")
    _wait_for(page, "Hva slags aktivitet er det?")
    _press(page, "anskaffelse")
    _wait_for(page, "Hvilke organisasjoner er involvert?")
    _press(page, "Medtek AS")  # the only one: nothing is left to pick, so on to the next
    _wait_for(page, "Hvem deltar?")
    _press(page, "Kari Partner (Medtek AS)")
    _wait_for(page, "Valgt: Kari Partner (Medtek AS)")
    _shot(page, "08-participants-picked")
    _press(page, "Ola Koordinator (koordinator)")  # the last one: the plan is saved
    _wait_for(page, "Aktivitet 1 er lagret")
    table = page.locator("table").last
    table.wait_for()
    table.scroll_into_view_if_needed()
    _shot(page, "09-conflict-check")
    headers = [h.strip() for h in table.locator("th").all_inner_texts()]
    assert headers == ["Person (rolle)", "Erklæring", "Interessekonflikt", "Anbefalt handling"]
    rows = table.locator("tbody tr").all_inner_texts()
    assert len(rows) == 2
    assert all("ingen erklæring: kan observere" in row for row in rows)

    # The chat is free at once: the audit log, by its command
    _command(page, "logg")
    _wait_for(page, "Revisjonsloggen er hel")
    _shot(page, "10-audit-log-whole")

    # The conversation is kept, but the password shown once is not in it.
    with sqlite3.connect(data_dir / "registry.sqlite3") as db:
        kept = [row[0] for row in db.execute("SELECT output FROM steps")]
    assert any("er lagt til som partner" in text for text in kept)
    assert not any("Passord for" in text for text in kept)
