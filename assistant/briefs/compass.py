"""The value-compass check: every commitment in knowledge/verdikompass.md against a brief.

The commitments are read from the file's front matter (principles[].commitments[]), never
copied into code, so the arena edits its compass without a release. A commitment naming
`brief_signals` is judged by those structural signals (signals.py); one without is judged by
its keywords found in the facilitator's own words. Every commitment yields exactly one result.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.briefs.model import Brief, BriefFacts, CompassResult, CompassStatus
from assistant.briefs.signals import SIGNALS, SignalResult
from assistant.briefs.wording import brief_text, keyword_hits
from assistant.errors import CorruptFileError
from assistant.i18n import Language, say
from ingest.loaders import split_front_matter

# The compass's file name in the knowledge folder.
COMPASS_FILE = "verdikompass.md"
_RANK: dict[CompassStatus, int] = {"met": 0, "warning": 1, "missing": 2}


@dataclass(frozen=True)
class Commitment:
    """One commitment of a principle, as the compass's front matter states it."""

    id: str
    text: str
    text_en: str
    keywords: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()
    brief_signals: tuple[str, ...] = ()

    def text_in(self, language: Language) -> str:
        return self.text_en if language == "en" and self.text_en else self.text


@dataclass(frozen=True)
class Principle:
    """A principle of the compass (trust, equality, ...) and its commitments."""

    id: str
    name: str
    name_en: str
    commitments: tuple[Commitment, ...]

    def name_in(self, language: Language) -> str:
        return self.name_en if language == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Compass:
    """The value compass as read from its file."""

    source: str
    principles: tuple[Principle, ...]

    def commitments(self) -> Iterator[tuple[Principle, Commitment]]:
        for principle in self.principles:
            for commitment in principle.commitments:
                yield principle, commitment


def load_compass(path: Path) -> Compass:
    """The compass in `path`, read again only when the file changes (see `read_compass`)."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise CorruptFileError(f"{path.name}: cannot read the value compass ({exc})") from exc
    return _cached_compass(path, stamp)


@lru_cache(maxsize=8)
def _cached_compass(path: Path, stamp: int) -> Compass:
    # Parsing the front matter's YAML costs a third of a second; a brief is drafted in seconds.
    return read_compass(path)


def read_compass(path: Path) -> Compass:
    """Read the compass's principles and commitments from a Markdown file's front matter.

    Raises CorruptFileError, naming the file and what is wrong, when the file cannot be read,
    has no principles, lacks a commitment's id or text, repeats an id or names an unknown signal.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorruptFileError(f"{path.name}: cannot read the value compass ({exc})") from exc
    try:
        metadata, _ = split_front_matter(text)
    except CorruptFileError as exc:
        raise CorruptFileError(f"{path.name}: {exc}") from exc
    raw = metadata.get("principles")
    if not isinstance(raw, list) or not raw:
        raise CorruptFileError(f"{path.name}: the front matter lists no principles")
    principles = tuple(_principle(item, path.name) for item in raw)
    ids = [c.id for p in principles for c in p.commitments]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise CorruptFileError(f"{path.name}: commitment ids repeated: {', '.join(repeated)}")
    return Compass(source=path.name, principles=principles)


def _principle(item: Any, source: str) -> Principle:
    if not isinstance(item, dict) or not _text(item.get("id")) or not _text(item.get("name")):
        raise CorruptFileError(f"{source}: a principle needs an id and a name")
    commitments = item.get("commitments") or []
    if not isinstance(commitments, list):
        raise CorruptFileError(f"{source}: principle '{item['id']}': commitments must be a list")
    return Principle(
        id=_text(item["id"]),
        name=_text(item["name"]),
        name_en=_text(item.get("name_en")),
        commitments=tuple(
            _commitment(c, f"{source}: principle '{item['id']}'") for c in commitments
        ),
    )


def _commitment(item: Any, where: str) -> Commitment:
    if not isinstance(item, dict) or not _text(item.get("id")) or not _text(item.get("text")):
        raise CorruptFileError(f"{where}: a commitment needs an id and a text")
    signals = _words(item.get("brief_signals"))
    unknown = [s for s in signals if s not in SIGNALS]
    if unknown:
        raise CorruptFileError(
            f"{where}: commitment '{item['id']}' names unknown brief signals "
            f"{', '.join(unknown)} (known: {', '.join(SIGNALS)})"
        )
    return Commitment(
        id=_text(item["id"]),
        text=_text(item["text"]),
        text_en=_text(item.get("text_en")),
        keywords=_words(item.get("keywords")),
        keywords_en=_words(item.get("keywords_en")),
        brief_signals=signals,
    )


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _words(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(dict.fromkeys(str(v).strip() for v in items if str(v).strip()))


def check_compass(brief: Brief, facts: BriefFacts, compass: Compass) -> list[CompassResult]:
    """One result per commitment, in the compass's order, in the brief's language."""
    language = brief.language
    own_words = brief_text(brief, facts)
    results = []
    for principle, commitment in compass.commitments():
        if commitment.brief_signals:
            found = [SIGNALS[name](brief, facts) for name in commitment.brief_signals]
            status, reason = combine(found)
        else:
            status, reason = _by_keywords(commitment, own_words, language)
        results.append(
            CompassResult(
                principle=principle.id,
                principle_name=principle.name_in(language),
                commitment=commitment.id,
                text=commitment.text_in(language),
                status=status,
                reason=reason,
            )
        )
    return results


def combine(found: list[SignalResult]) -> tuple[CompassStatus, str]:
    """The worst status of a commitment's signals, with the reasons that explain it.

    All met: every signal's reason. Otherwise only the reasons of signals not met, worst first.
    """
    status = max((r.status for r in found), key=_RANK.__getitem__)
    shown = found if status == "met" else [r for r in found if r.status != "met"]
    shown = sorted(shown, key=lambda r: -_RANK[r.status])
    return status, " ".join(dict.fromkeys(r.reason for r in shown))


def _by_keywords(
    commitment: Commitment, text: str, language: Language
) -> tuple[CompassStatus, str]:
    """A commitment with no signals: met when the brief's own words speak to it, else a warning."""
    hits = keyword_hits([*commitment.keywords, *commitment.keywords_en], text)
    if hits:
        return "met", say("brief_compass.keywords.met", language, words=", ".join(hits))
    return "warning", say("brief_compass.keywords.warning", language)
