"""The knowledge restates its sources in its own words: no run of 12 words is copied (issue 15)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tests.knowledge_files.conftest import KNOWLEDGE_FILES

RUN = 12
# A hyphen before these words marks a shared ending ("helse- og omsorg"), not a broken word.
_ELISION = r"(?:og|eller|til|samt|and|or|to)\b"
_BROKEN_WORD = re.compile(rf"(\w)-[ \t]*\n\s*(?!{_ELISION})(?=\w)")
_INNER_HYPHEN = re.compile(r"(?<=\w)[-‐‑](?=\w)")
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The text's words: case, accents, punctuation and spacing ignored, broken words joined."""
    text = unicodedata.normalize("NFKD", text.replace("\u00ad", ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _BROKEN_WORD.sub(r"\1", text)
    text = _INNER_HYPHEN.sub("", text)  # "offentlig-privat" and "offentlig-\nprivat" alike
    return _WORD.findall(text)


def runs(tokens: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def test_words_normalise_like_the_corpus_is_broken() -> None:
    assert words("Offentlig-\nprivat SAM-\n  handling, «helse- og omsorg»!") == [
        "offentligprivat",
        "samhandling",
        "helse",
        "og",
        "omsorg",
    ]
    assert words("idéer og ideer") == ["ideer", "og", "ideer"]


def test_a_copied_run_is_found() -> None:
    slide = "Vi bygger tillit gjennom å operere åpent og inkluderende, og ta ut-\ngangspunkt i"
    source = runs(words(slide))
    copied = (
        "Kort sagt: vi bygger tillit gjennom å operere åpent og inkluderende og ta utgangspunkt"
    )
    assert runs(words(copied)) & source


@pytest.fixture(scope="module")
def corpus_runs(corpus_texts: dict[str, str]) -> dict[tuple[str, ...], str]:
    found: dict[tuple[str, ...], str] = {}
    for name, text in corpus_texts.items():
        for run in runs(words(text)):
            found.setdefault(run, name)
    return found


@pytest.mark.parametrize("path", KNOWLEDGE_FILES, ids=lambda p: p.name)
def test_no_run_of_twelve_words_is_copied_from_the_corpus(
    path: Path, corpus_runs: dict[tuple[str, ...], str]
) -> None:
    copied = sorted(
        f"{corpus_runs[run]}: {' '.join(run)}"
        for run in runs(words(path.read_text(encoding="utf-8")))
        if run in corpus_runs
    )
    assert not copied, f"{path.name} copies from the corpus:\n" + "\n".join(copied)
