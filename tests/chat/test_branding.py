"""The product's own name, logo, welcome and translations, kept in the repository."""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path

import pytest

from assistant.chat.profiles import BRIEF, ICONS, PROFILE_ICONS, QUESTIONS, REGISTRY_STARTERS

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / ".chainlit" / "translations"
LANGUAGES = ("nb-NO", "en-US")


def _keys(tree: dict[str, object], prefix: str = "") -> set[str]:
    keys = set()
    for key, value in tree.items():
        keys.add(prefix + key)
        if isinstance(value, dict):
            keys |= _keys(value, f"{prefix}{key}.")
    return keys


def _chainlit_english() -> dict[str, object]:
    import chainlit

    path = Path(chainlit.__file__).parent / "translations" / "en-US.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("language", LANGUAGES)
def test_our_translations_cover_every_key_chainlit_has(language: str) -> None:
    ours = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    assert _keys(_chainlit_english()) <= _keys(ours)


def test_a_wrong_password_reads_as_a_sentence_in_both_languages() -> None:
    """Chainlit's /login answers 401 "credentialssignin"; public/arena.js hands that word to the
    sign-in form, which looks it up under auth.login.errors."""
    norwegian = json.loads((TRANSLATIONS / "nb-NO.json").read_text(encoding="utf-8"))
    english = json.loads((TRANSLATIONS / "en-US.json").read_text(encoding="utf-8"))
    assert norwegian["auth"]["login"]["errors"]["credentialssignin"].startswith(
        "Feil e-post eller passord."
    )
    assert english["auth"]["login"]["errors"]["credentialssignin"].startswith(
        "Wrong e-mail or password."
    )
    script = (REPO / "public" / "arena.js").read_text(encoding="utf-8")
    assert 'new Error("credentialssignin")' in script
    assert 'endsWith("/login")' in script


def test_the_config_names_the_product_and_loads_our_files() -> None:
    config = tomllib.loads((REPO / ".chainlit" / "config.toml").read_text(encoding="utf-8"))
    ui = config["UI"]
    assert ui["name"] == "Arena Assistant"
    for key in ("custom_css", "custom_js", "login_page_image", "custom_meta_image_url"):
        path = REPO / ui[key].removeprefix("/")
        assert path.is_file(), key
    for name in ("logo_light.svg", "logo_dark.svg", "favicon.svg", "avatars/arena_assistant.svg"):
        text = (REPO / "public" / name).read_text(encoding="utf-8")
        assert "chainlit" not in text.lower(), name
    assert "Arena Assistant" in (REPO / "public" / "logo_light.svg").read_text(encoding="utf-8")


def test_the_welcome_exists_per_language_and_promises_no_chainlit() -> None:
    for name in ("chainlit.md", "chainlit_nb-NO.md", "chainlit_en-US.md"):
        text = (REPO / name).read_text(encoding="utf-8")
        assert text.startswith("# Arena Assistant"), name
        assert "chainlit" not in text.lower(), name
    assert "Spør kunnskapsbasen" in (REPO / "chainlit_nb-NO.md").read_text(encoding="utf-8")
    assert "Ask the knowledge base" in (REPO / "chainlit_en-US.md").read_text(encoding="utf-8")


def test_every_icon_the_profiles_name_exists() -> None:
    specs = [*QUESTIONS, BRIEF, *(s for starters in REGISTRY_STARTERS.values() for s in starters)]
    names = {s.icon for s in specs} | set(PROFILE_ICONS.values())
    for name in names:
        assert (REPO / ICONS.removeprefix("/") / f"{name}.svg").is_file(), name


def test_the_translations_are_kept_and_chainlits_copies_are_not() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *(f".chainlit/translations/{n}.json" for n in
         ("nb-NO", "en-US", "de-DE"))],
        cwd=REPO, capture_output=True, text=True, check=False,
    ).stdout.split()  # fmt: skip
    assert ignored == [".chainlit/translations/de-DE.json"]
