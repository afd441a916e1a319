"""In Debian's chromium: a facilitator signs in, uploads a document for her organisation and
gets an answer from it, then drafts a brief step by step and downloads it as Word.

Screenshots of each step go to /tmp/shots-chat-briefs/ (ARENA_SHOTS overrides) to be looked at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servers import run_arena, running_arena, signed_in_env

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("ARENA_SHOTS", "/tmp/shots-chat-briefs"))
PASSWORD = "pw-for-fia-2026"
OUS = "Oslo universitetssykehus HF"
TITLE = "Bedre søvn på sengepost"
NEED = (
    "Pasienter på sengepostene sover dårlig fordi korridorene er opplyst hele natten, "
    "og de blir liggende lenger."
)
PLAN = """# Nattlysplan for sengepostene

Nattlysprosjektet gir sengepostene dempet nattlys i korridorene fra januar.

Nattlyset skal gi pasientene bedre søvn og færre fall om natten.
"""
SECONDS = 1000  # Playwright counts milliseconds


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`arena serve` with sign-in, one organisation and a facilitator in it."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    root = tmp_path_factory.mktemp("chat-flows")
    env = signed_in_env(root / "data")
    run_arena(env, "registry", "organisations", "add", OUS, "--number", "993467049",
           "--kind", "hospital_trust", "--alias", "OUS")  # fmt: skip
    run_arena(env, "users", "add", "fia@ous.no", "--name", "Fia Fasilitator", "--role",
           "facilitator", "--org", "OUS", "--password-stdin", stdin=PASSWORD)  # fmt: skip
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
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(
            locale="nb-NO", viewport={"width": 1280, "height": 1000}, accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(60 * SECONDS)
        yield page
        browser.close()


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _sign_in(page: Any, url: str) -> None:
    page.goto(url)
    page.fill("#email", "fia@ous.no")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#chat-input")


def _say(page: Any, text: str) -> None:
    page.locator("#chat-input").fill(text)
    page.keyboard.press("Enter")


def _wait_for(page: Any, text: str, timeout: float = 60) -> None:
    try:
        page.get_by_text(text, exact=False).last.wait_for(timeout=timeout * SECONDS)
    except Exception:
        _shot(page, "failed-waiting")  # what was on the screen instead
        raise


def _press(page: Any, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).last.click()


def test_a_facilitator_uploads_a_document_then_drafts_a_brief_and_downloads_it_as_word(
    page: Any, app_url: str, tmp_path: Path
) -> None:
    import docx

    _sign_in(page, app_url)
    _shot(page, "01-signed-in")

    upload = tmp_path / "nattlysplan.md"
    upload.write_text(PLAN, encoding="utf-8")
    page.set_input_files("#upload-button-input", str(upload))
    page.get_by_text("nattlysplan.md").first.wait_for()
    _shot(page, "02-file-attached")
    page.locator("#chat-submit").click()
    _wait_for(page, "Hvem skal få se dokumentene")
    _shot(page, "03-who-may-see")
    _press(page, f"Bare {OUS}")
    _wait_for(page, "ligger nå i kunnskapsbasen", timeout=240)
    _shot(page, "04-upload-summary")
    _wait_for(page, f"Synlig for medlemmer av {OUS}")

    _say(page, "Hva gir nattlysprosjektet sengepostene?")
    _wait_for(page, "dempet nattlys i korridorene", timeout=120)
    _shot(page, "05-answer-from-upload")

    _say(page, "/brief")  # picks the composer's command ...
    page.keyboard.press("Enter")  # ... and sends it
    _wait_for(page, "hva heter utfordringen")
    _shot(page, "06-asked-title")
    _say(page, TITLE)
    _wait_for(page, "hvem strever med hva i dag")
    _say(page, NEED)
    _wait_for(page, "Organisasjoner")
    _say(page, "OUS, Ukjent Helse")
    _wait_for(page, "Organisation 'Ukjent Helse' in the brief")
    _shot(page, "07-unknown-organisation")
    _say(page, "OUS")
    _wait_for(page, "hvem som skal delta")
    _press(page, "Hopp over")
    _wait_for(page, "hva skal briefen sette i gang")
    _shot(page, "08-kind-buttons")
    _press(page, "samskaping")
    _wait_for(page, "Er datoen for aktiviteten bestemt")
    _press(page, "Sett dato")
    _wait_for(page, "ÅÅÅÅ-MM-DD (for eksempel")
    _say(page, "2027-02-30")
    _wait_for(page, "«2027-02-30» er ikke en dato")
    _say(page, "2027-03-01")
    _wait_for(page, "Vet du mer allerede")
    _press(page, "Resultater")
    _wait_for(page, "hvordan måles det")
    _say(page, "Andelen pasienter som sover godt skal opp fra 40 til 70 prosent innen 2027.")
    _wait_for(page, "Vet du mer allerede")
    _shot(page, "09-extras")
    _press(page, "Lag utkastet nå")

    _wait_for(page, "Brief 1, versjon 1", timeout=180)
    page.get_by_role("heading", name="Verdikompass").wait_for()
    page.get_by_role("heading", name=TITLE).scroll_into_view_if_needed()
    _shot(page, "10-brief-preview")
    page.get_by_role("heading", name="Funn").scroll_into_view_if_needed()
    _shot(page, "11-brief-findings")

    _press(page, "Last ned Word")
    _wait_for(page, "Her er brief-1-v1.docx")
    page.get_by_text("brief-1-v1.docx", exact=True).last.scroll_into_view_if_needed()
    _shot(page, "12-word-file")
    with page.expect_download() as download:
        page.get_by_text("brief-1-v1.docx", exact=True).last.click()
    saved = tmp_path / "brief.docx"
    download.value.save_as(saved)
    document = docx.Document(str(saved))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert TITLE in [p.text for p in document.paragraphs][:3]
    assert "Verdikompass" in headings
    assert document.tables

    _press(page, "Revider")
    _wait_for(page, "Hva vil du endre i brief 1")
    _shot(page, "13-revise-pick-field")
    _press(page, "Avgrensning")
    _wait_for(page, "hva er prøvd før")
    _say(page, "Med: nattlys i korridorene. Ikke med: lys på pasientrommene. Prøvd før: ingenting.")
    _wait_for(page, "Versjon 2 er sjekket på nytt", timeout=180)
    _wait_for(page, "Brief 1, versjon 2")
    page.get_by_text("Versjon 2 er sjekket på nytt").last.scroll_into_view_if_needed()
    _shot(page, "14-revised-changes")
    assert page.get_by_text("missing-section:scope").count() >= 1  # resolved by the revision

    _press(page, "Mine briefer")  # enabled: the revision's questions left the chat ready
    _wait_for(page, "Briefer du kan åpne (1)")
    page.get_by_text("Briefer du kan åpne (1)").last.scroll_into_view_if_needed()
    _shot(page, "15-my-briefs")
