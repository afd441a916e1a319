"""The web app in a real browser (Debian's chromium): sign-in, roles, answers and their sources.

`arena serve` starts on an empty registry, so it makes the first coordinator and prints the
password once; the test signs in with what it printed. Screenshots of each step are kept in
SHOTS for a person to look at.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.answers.conftest import DOCUMENTS
from tests.servers import running_arena

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
ARENA = Path(sys.executable).with_name("arena")
CHROMIUM = "/usr/bin/chromium"
SHOTS = Path("/tmp/shots-chat-roles")
PASSWORD = "partner-pass-1"
QUESTION = "Hva er utnyttelsen av bemannede operasjonsstuer?"
SECOND = "Hva beskriver verdikompasset?"
ANSWERS = ".step[data-step-type=assistant_message]"


@dataclass
class App:
    url: str
    admin_email: str
    admin_password: str


def _arena(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [str(ARENA), *args], env=env, cwd=REPO, input=stdin, text=True, check=True, timeout=300
    )


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """`arena serve` on a fresh data folder with a little knowledge, then two more users."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    root = tmp_path_factory.mktemp("browser")
    knowledge = root / "knowledge"
    knowledge.mkdir()
    for name, text in DOCUMENTS.items():
        (knowledge / name).write_text(text, encoding="utf-8")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ARENA_", "CHAINLIT_AUTH"))},
        "ARENA_DATA_DIR": str(root / "data"),
        "ARENA_LLM": "extractive",
        "CHAINLIT_TELEMETRY": "false",
        "HF_HUB_OFFLINE": "1",
    }
    _arena(env, "ingest", str(knowledge))
    printed = root / "serve.out"
    with running_arena("serve", env, stdout=printed) as url:
        match = re.search(
            r"coordinator (\S+)\.\n.*shown only now:\n\n    (\S+)\n", printed.read_text()
        )
        assert match, printed.read_text()
        add = ("users", "add", "--password-stdin")
        _arena(env, "registry", "organisations", "add", "Oslo universitetssykehus HF", "--alias",
               "OUS")  # fmt: skip
        _arena(env, *add, "kari@ous.no", "--name", "Kari Partner", "--org", "OUS", stdin=PASSWORD)
        _arena(env, *add, "frida@arena.no", "--name", "Frida F", "--role", "facilitator",
               stdin=PASSWORD)  # fmt: skip
        _arena(env, "registry", "declare", "kari@ous.no", "--category", "board_or_leading_position",
               "--org", "OUS", "--position", "styremedlem", "--topic", "sensorer", "--public")  # fmt: skip
        yield App(url, match.group(1), match.group(2))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )  # fmt: skip
        yield browser
        browser.close()


def _page(browser: Any, locale: str) -> Any:
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


def _shot(page: Any, name: str) -> None:
    page.wait_for_timeout(400)  # panels and the landing animate in
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _sign_in(page: Any, app: App, email: str, password: str) -> None:
    page.goto(app.url)
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")


def _no_chainlit_branding(page: Any) -> None:
    text = page.inner_text("body").lower()
    assert "chainlit" not in text
    assert "built with" not in text
    assert page.title() == "Arena Assistant"


def _profiles(page: Any) -> list[str]:
    page.click("#chat-profiles")
    names = page.eval_on_selector_all("[role=option]", "els => els.map(e => e.innerText.trim())")
    page.keyboard.press("Escape")
    return names  # type: ignore[no-any-return]


def _choose_profile(page: Any, name: str) -> list[str]:
    """Pick a profile; returns the starters' labels it shows."""
    if page.get_attribute("#chat-profiles", "data-state") != "open":
        page.click("#chat-profiles")
    page.get_by_role("option", name=name).click()
    page.wait_for_timeout(500)
    if page.locator("#confirm").count():  # leaving a conversation asks first
        page.click("#confirm")
    page.wait_for_selector("#starters")
    page.wait_for_timeout(1000)
    labels = page.eval_on_selector_all("#starters button", "els => els.map(e => e.innerText)")
    return labels  # type: ignore[no-any-return]


def _send(page: Any, text: str) -> None:
    page.fill("#chat-input", text)
    page.click("#chat-submit")  # not Enter: on a lone "/word" Enter picks from the menu


def test_a_wrong_password_is_one_translated_sentence(app: App, browser: Any) -> None:
    page = _page(browser, "nb-NO")
    page.goto(app.url)
    page.wait_for_selector("#email")
    _shot(page, "01-login")
    _no_chainlit_branding(page)
    assert "/logo?theme=light" in page.get_attribute("img.logo", "src")  # public/logo_light.svg
    _sign_in(page, app, app.admin_email, "not-the-password")
    page.wait_for_selector("text=Feil e-post eller passord.")
    page.wait_for_timeout(1000)  # a toast would have shown by now
    _shot(page, "02-wrong-password")
    body = page.inner_text("body")
    assert "credentialssignin" not in body.lower()
    assert "Unauthorized" not in body
    page.context.close()

    english = _page(browser, "en-US")
    _sign_in(english, app, "kari@ous.no", "not-the-password")
    english.wait_for_selector("text=Wrong e-mail or password.")
    english.context.close()


def test_the_coordinator_signs_in_with_the_printed_password_and_asks(
    app: App, browser: Any
) -> None:
    page = _page(browser, "nb-NO")
    _sign_in(page, app, app.admin_email, app.admin_password)
    page.wait_for_selector("#starters")
    page.wait_for_selector("text=Velkommen til Arena Assistant")
    page.wait_for_timeout(1000)  # the landing fades in
    _shot(page, "03-coordinator-landing")
    _no_chainlit_branding(page)
    assert _profiles(page) == ["Kunnskapsbasen", "Interesseregisteret", "Utfordringsnotater"]
    starters = _choose_profile(page, "Interesseregisteret")
    assert starters == [
        "Gjennomgangskøen",
        "Brukere og organisasjoner",
        "Planlegg en aktivitet",
        "Aktiviteter og konfliktsjekk",
        "Kontroller revisjonsloggen",
        "Andres offentlige interesser",
        "Erklær interesser",
    ]
    page.get_by_role("button", name="Brukere og organisasjoner").click()
    page.wait_for_selector("text=kari@ous.no")
    _shot(page, "04-coordinator-users")

    _choose_profile(page, "Kunnskapsbasen")
    _send(page, QUESTION)
    page.wait_for_selector(".arena-sources")
    first = page.locator(ANSWERS).filter(has=page.locator(".arena-sources")).last
    assert "70 prosent" in first.inner_text()
    assert "Ekstraktivt svar" in first.inner_text()
    assert page.locator("[role=dialog]").count() == 0  # no panel opened by itself
    _shot(page, "05-answer")
    page.locator(".arena-sources").first.locator(".arena-source").first.click()
    panel = page.locator(".arena-passage")
    panel.wait_for()
    assert "kontrolltarn.txt" in panel.inner_text()
    assert panel.locator("blockquote").inner_text()  # the words [1] rests on
    _shot(page, "06-first-passage")
    page.keyboard.press("Escape")
    panel.wait_for(state="detached")

    _send(page, SECOND)
    page.wait_for_function("document.querySelectorAll('.arena-sources').length === 2")
    assert page.locator("[role=dialog]").count() == 0
    page.locator(".arena-sources").nth(1).locator(".arena-source").first.click()
    panel.wait_for()
    assert "verdikompass.txt" in panel.inner_text()  # that answer's source, not the first's
    assert "kontrolltarn" not in panel.inner_text()
    _shot(page, "07-second-passage")
    page.keyboard.press("Escape")
    panel.wait_for(state="detached")
    page.locator(".arena-sources").first.locator(".arena-source").first.click()
    panel.wait_for()
    assert "kontrolltarn.txt" in panel.inner_text()  # the first answer still shows its own
    page.context.close()


def test_a_partner_sees_partner_starters_only_and_is_refused_coordinator_commands(
    app: App, browser: Any
) -> None:
    page = _page(browser, "nb-NO")
    _sign_in(page, app, "kari@ous.no", PASSWORD)
    page.wait_for_selector("#starters")
    assert _profiles(page) == ["Kunnskapsbasen", "Interesseregisteret"]
    starters = _choose_profile(page, "Interesseregisteret")
    assert starters == ["Erklær interesser", "Mine erklæringer", "Andres offentlige interesser", "Hva kan jeg gjøre i registeret?"]  # fmt: skip
    _shot(page, "08-partner-registry")
    page.get_by_role("button", name="Mine erklæringer").click()
    page.wait_for_selector("text=Interesser i erklæring 1 (utkast)")
    # On a phone the nine-column tables become cards instead of running off the edge.
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(500)
    cut = page.eval_on_selector_all(
        ".message-content table",
        "els => els.filter(t => t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)"
        ".length",
    )
    assert cut == 0
    _shot(page, "08b-partner-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    for command in ("/brukere", "/gjennomgå 1"):
        _send(page, command)
    page.wait_for_function(
        "document.body.innerText.split('Beklager, det har du ikke tilgang til som partner.')"
        ".length === 3"
    )
    assert "kari@ous.no" not in page.locator(ANSWERS).last.inner_text()
    _shot(page, "09-partner-refused")
    page.context.close()


def test_a_facilitator_sees_the_brief_starter_in_english(app: App, browser: Any) -> None:
    page = _page(browser, "en-US")
    _sign_in(page, app, "frida@arena.no", PASSWORD)
    page.wait_for_selector("text=Welcome to Arena Assistant")
    assert _profiles(page) == ["Knowledge base", "Interest registry", "Challenge briefs"]
    assert _choose_profile(page, "Challenge briefs") == ["New challenge brief"]
    _shot(page, "10-facilitator-briefs")
    starters = _choose_profile(page, "Interest registry")
    assert "My activities" in starters
    assert "Users and organisations" not in starters
    _no_chainlit_branding(page)
    page.context.close()
