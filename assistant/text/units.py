"""Passage segmentation: broken lines joined, slides read as lists, prose split into sentences.

Shared by the answers (which score and cite units) and available to the ingest path (which may
embed units ahead of time), so it depends on nothing above `assistant.text`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from assistant.text.apparatus import is_apparatus
from assistant.text.normalise import GLYPH_BULLETS, PRIVATE_USE_BULLETS, join_broken_lines
from assistant.text.sentences import split_sentences

_BULLET = re.compile(rf"^\s*(?:[{GLYPH_BULLETS}*]|[-–](?=\s))\s*")
_WORD = re.compile(r"[^\W_]+")
# "30%", "2 275", "kr 12 mill.": a figure alone on its line.
_FIGURE_LINE = re.compile(
    r"^(?:kr\.?\s*)?[+-]?\d[\d\s.,]*\s*(?:%|prosent|mill\w*\.?|mrd\.?|kr|x)?$", re.IGNORECASE
)
_TABLE_CAPTION = re.compile(r"(?:tabell|table)\s+\d+\b", re.IGNORECASE)
# "13 Agenda", "4 Sammen skaper ...": slide numbers that the extraction put before a title.
_SLIDE_NUMBER = re.compile(r"^\d{1,3}\s+(?=[«\"A-ZÆØÅ])")
_COLUMN_NUMBERS = re.compile(r"(?:\s+\d{1,2}){2,}\s*$")
_SLIDE_TITLE = re.compile(r"\n(?=\d{1,3} [«\"A-ZÆØÅ][^\n]{0,80}\n)")
# "1. Ideen bak ..." or "2) Demonstrasjon ...": an enumerated item, once a neighbour numbers on.
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=\S)")
# Numbered items further apart than this many lines are section headings, not one list.
_NUMBERED_GAP = 3


@dataclass(frozen=True)
class UnitTuning:
    """How large a unit may grow and how small it may be before it is no answer at all."""

    # A list sentence longer than this is cut into several: one unit stays readable.
    max_unit_chars: int = 420
    # A heading or intro with the items it announces, read as one unit (see `block_units`).
    max_block_chars: int = 800
    # Fewer words than this is a fragment (a page number, a lone label), never a unit.
    min_words: int = 3
    # Bullets this long on average already read as sentences of their own.
    long_item_chars: int = 110


@dataclass
class Unit:
    """A readable piece of one passage: a sentence, or a slide heading with its bullets."""

    text: str
    quote: str
    passage: int
    position: int
    terms: frozenset[str] = frozenset()
    # How many list items or sentences the unit holds; more than two makes it a list, and
    # 0 marks the title of a slide whose content is not in the text (see _empty_slide_titles).
    items: int = 1
    # A list's heading and its items, for answers that show the list as a list, or only the
    # item that answers ("Demonstrasjon av Kontrolltårn; Jørgen; Schreiner; KPMG").
    heading: str = ""
    parts: tuple[str, ...] = ()


def close_sentence(text: str) -> str:
    """The text stripped and ending in a full stop, unless it already ends a sentence."""
    text = text.strip()
    return text if text[-1:] in ".!?:" else text + "."


def _clean_bullet(line: str) -> str:
    return _NUMBERED.sub("", _BULLET.sub("", line)).strip()


def _numbered_as_bullets(text: str) -> str:
    """Enumerations ("1. ...", "2. ...") as bullets, so that they are read as one list.

    Only runs count: a line numbered n with the line numbered n + 1 close below it. A lone
    "3. Method" is a section heading, and "5. juni" a date.
    """
    lines = text.split("\n")
    numbered = [
        (n, int(m.group(1))) for n, line in enumerate(lines) if (m := _NUMBERED.match(line))
    ]
    items: set[int] = set()
    for (line_a, number_a), (line_b, number_b) in itertools.pairwise(numbered):
        if number_b == number_a + 1 and line_b - line_a <= _NUMBERED_GAP:
            items.update((line_a, line_b))
    return "\n".join(f"• {line.strip()}" if n in items else line for n, line in enumerate(lines))


def passage_units(text: str, passage: int = 1, tuning: UnitTuning = UnitTuning()) -> list[Unit]:
    """Repair one passage into readable units.

    Prose lines become sentences. A run of bullets or short label lines (a slide) becomes one
    list sentence, "Heading: a; b; c.", since slide items only make sense together; an item
    broken over two lines is joined again. A lone short line before prose is that prose's
    heading and is kept in front of its first sentence.
    """
    # Before lines are joined: a link line would otherwise continue the item above it.
    text = "\n".join("" if is_apparatus(line.strip()) else line for line in text.split("\n"))
    # PDFs set in Symbol or Wingdings fonts extract their bullets as private-use characters.
    text = re.sub(rf"\s*[{PRIVATE_USE_BULLETS}]\s*", "\n• ", text)
    text = _numbered_as_bullets(text)
    # A numbered slide title starts a new slide: keep it off the previous slide's last line.
    text = _SLIDE_TITLE.sub("\n\n", text)
    empty = _empty_slide_titles(text)
    lines = _attach_figures([line.strip() for line in join_broken_lines(text).split("\n")])
    segments: list[tuple[str, list[str]]] = []
    for line in lines:
        if not line:
            if segments and segments[-1][0] == "prose":
                segments.append(("gap", []))
            continue
        kind = "prose" if _is_prose(line) else "list"
        # A numbered slide title opens a new slide, never continues the previous one.
        if segments and segments[-1][0] == kind and not _is_slide_title(line):
            segments[-1][1].append(line)
        else:
            segments.append((kind, [line]))
    units: list[Unit] = []
    pending_heading: list[str] = []
    for kind, seg_lines in segments:
        if kind == "gap":
            continue
        if kind == "list":
            if len(seg_lines) == 1 and not _BULLET.match(seg_lines[0]):
                pending_heading = seg_lines
                continue
            if pending_heading:
                units.extend(_sentence_units(pending_heading, [], passage, len(units)))
                pending_heading = []
            for block in _split_at_headings(seg_lines):
                units.extend(_list_units(block, passage, len(units), tuning))
        else:
            units.extend(_sentence_units(pending_heading, seg_lines, passage, len(units)))
            pending_heading = []
    if pending_heading:
        units.extend(_sentence_units(pending_heading, [], passage, len(units)))
    for unit in units:
        if unit.quote.strip() in empty:
            unit.items = 0
    return [u for u in units if len(_WORD.findall(u.text)) >= tuning.min_words]


def _attach_figures(lines: list[str]) -> list[str]:
    """Join a figure standing alone on a line to the label above it: "Økt produktivitet 30%".

    Slides set key figures large on their own line under (or over) a short label; apart,
    the figure is a fragment that no question can match and the label says nothing.
    """
    out: list[str] = []
    for line in lines:
        previous = next((n for n in range(len(out) - 1, -1, -1) if out[n]), None)
        if (
            _FIGURE_LINE.match(line)
            and previous is not None
            and not _FIGURE_LINE.match(out[previous])
            and len(out[previous]) <= 60
            and not _is_prose(out[previous])
        ):
            out[previous] = f"{out[previous]} {line}"
            continue
        out.append(line)
    return out


def _is_slide_title(line: str) -> bool:
    """'4 Sammen skaper vi fremtidens helsetjeneste': a short numbered line, not a sentence."""
    return bool(_SLIDE_NUMBER.match(line)) and len(line) <= 90 and not line.endswith(".")


def _empty_slide_titles(text: str) -> set[str]:
    """Slide titles followed at once by the next slide's title: the slide's content is not text.

    Such a slide (logos, a picture, a chart) names a topic without saying anything about it,
    which the abstainer must know: "Health2Bs partnere per mai 2025" lists no partner.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return {
        line
        for line, following in zip(lines, [*lines[1:], ""][: len(lines)], strict=True)
        if _is_slide_title(line) and (not following or _is_slide_title(following))
    }


def _split_at_headings(lines: list[str]) -> list[list[str]]:
    """Cut a run of slide lines where a new heading starts.

    A slide's title is an unbulleted line followed by bullets, and an item ending in ":" (such
    as "Eksperimenteringsarbeid:") announces the items after it. Each starts its own block,
    so that the list answering a question is not glued to the previous slide's lines.
    """
    blocks: list[list[str]] = [[]]
    for n, line in enumerate(lines):
        following = lines[n + 1] if n + 1 < len(lines) else ""
        heading = (
            not _BULLET.match(line) and bool(_BULLET.match(following))
        ) or line.rstrip().endswith(":")
        if heading and blocks[-1]:
            blocks.append([])
        blocks[-1].append(line)
    return [b for b in blocks if b]


def block_units(units: list[Unit], tuning: UnitTuning = UnitTuning()) -> list[Unit]:
    """Extra units: an intro ending in ':', or a table's caption, with the units that follow.

    "Generative mekanismer:" is only an answer together with the mechanisms after it, and a
    table's rows ("C 260 3 500") only mean something under its caption and column names, so
    the intro and its following units of the same passage are offered as one more candidate.
    The pieces stay candidates too; duplicates are filtered when the answer is chosen.
    """
    extra: list[Unit] = []
    for n, unit in enumerate(units):
        if not (unit.text.rstrip().endswith(":") or _TABLE_CAPTION.match(unit.text)):
            continue
        texts, quotes = [unit.text.rstrip()], [unit.quote]
        for follower in units[n + 1 :]:
            if follower.passage != unit.passage:
                break
            if len(" ".join(texts)) + len(follower.text) > tuning.max_block_chars:
                break
            texts.append(close_sentence(follower.text).rstrip("."))
            quotes.append(follower.quote)
        if len(texts) > 1:
            body = texts[0] + " " + "; ".join(texts[1:])
            extra.append(
                Unit(
                    body,
                    " ".join(quotes),
                    unit.passage,
                    unit.position,
                    items=len(texts) - 1,
                    heading=texts[0].rstrip(":"),
                    parts=tuple(texts[1:]),
                )
            )
    return units + extra


def _is_prose(line: str) -> bool:
    if _BULLET.match(line):
        return False
    return len(line) > 90 or bool(re.search(r"[.!?]\s*[»”\"')]?$", line))


def _sentence_units(
    heading: list[str], lines: list[str], passage: int, position: int
) -> list[Unit]:
    sentences = split_sentences(" ".join(lines)) if lines else []
    if heading:
        title = _SLIDE_NUMBER.sub("", heading[0]).rstrip(":")
        if sentences:
            first = sentences[0]
            sentences[0] = f"{title}: {first}"
            quotes = [f"{heading[0]} {first}", *sentences[1:]]
        else:
            sentences, quotes = [title], [heading[0]]
    else:
        quotes = list(sentences)
    return [
        Unit(text, quote, passage, position + n)
        for n, (text, quote) in enumerate(zip(sentences, quotes, strict=True))
    ]


def _list_units(lines: list[str], passage: int, position: int, tuning: UnitTuning) -> list[Unit]:
    """Read a run of bullets and labels as list sentences under the run's heading."""
    # The run's first line heads it, unless it is an item; a bulleted item ending in a colon
    # ("• Mobiliseringsarbeid:") announces the items after it and heads them too.
    first = lines[0]
    announces = len(lines) > 1 and first.rstrip().endswith(":")
    heading = "" if (_BULLET.match(first) and not announces) or len(lines) == 1 else first
    heading = _SLIDE_NUMBER.sub("", _clean_bullet(heading))
    # "Agenda 1 2 3 4": a table's column numbers are no part of its title.
    heading = _COLUMN_NUMBERS.sub("", heading)
    body = lines[1:] if heading else lines
    items: list[str] = []
    raws: list[str] = []
    for line in body:
        item = _clean_bullet(line).rstrip(";,")
        if not item:
            continue
        # "Nyttiggjøring av helse- og" + "styringsdata": one item broken over two lines.
        if items and not _BULLET.match(line) and (item[0].islower() or items[-1].endswith("-")):
            items[-1] = f"{items[-1]} {item}"
            raws[-1] = f"{raws[-1]} {line}"
            continue
        items.append(item)
        raws.append(line)
    if not items:
        return _sentence_units([heading], [], passage, position) if heading else []
    # Long bullets already read as sentences of their own.
    if sum(len(item) for item in items) / len(items) > tuning.long_item_chars:
        lead = _sentence_units([heading], [], passage, position) if heading else []
        return lead + [
            Unit(close_sentence(item), raw, passage, position + n + 1)
            for n, (item, raw) in enumerate(zip(items, raws, strict=True))
        ]
    units: list[Unit] = []
    run: list[str] = []
    run_raw: list[str] = [heading] if heading else []
    for item, raw in zip(items, raws, strict=True):
        if run and len(_list_text(heading, [*run, item])) > tuning.max_unit_chars:
            units.append(_list_unit(heading, run, run_raw, passage, position))
            position += 1
            run, run_raw = [], [heading] if heading else []
        run.append(item.rstrip("."))
        run_raw.append(raw)
    units.append(_list_unit(heading, run, run_raw, passage, position))
    return units


def _list_unit(heading: str, run: list[str], raws: list[str], passage: int, position: int) -> Unit:
    return Unit(
        _list_text(heading, run),
        " ".join(raws),
        passage,
        position,
        items=len(run),
        heading=heading.rstrip(":"),
        parts=tuple(run),
    )


def _list_text(heading: str, items: list[str]) -> str:
    body = "; ".join(items)
    if not heading:
        return body
    return f"{heading.rstrip(':')}: {body}"


# "Jørgen Schreiner", "Odd Arild Lehne": two or more capitalised words in a row.
_PERSON = re.compile(r"\b[A-ZÆØÅ][a-zæøåéèüö]+(?:[ -][A-ZÆØÅ][a-zæøåéèüö]+)+\b")
# After "v/" a name follows: "Demonstrasjon v/ Kari" (a full name is found by _PERSON).
_BY_NAME = re.compile(r"\bv/\s*[A-ZÆØÅ]")


def names_person(text: str) -> bool:
    """True when a text names a person: two capitalised words past its first word, or 'v/ X'.

    A sentence's first word is capitalised anyway, so "Helse Sør-Øst" opening a line does
    not count; "Demonstrasjon av løsningen – Jørgen Schreiner, KPMG" does.
    """
    if _BY_NAME.search(text):
        return True
    return any(m.start() > 0 for m in _PERSON.finditer(text))


def _name_like(item: str) -> bool:
    """An item that is a name ("Odd Arild", "Lehne") or an organisation ("KPMG").

    One to three capitalised words; all capitals only as one word, an acronym ("HVA GJØR VI"
    is a shouted title).
    """
    words = item.split()
    if len(words) > 1 and any(w.isupper() and len(w) > 1 for w in words):
        return False
    return 0 < len(words) <= 3 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def names_after(parts: tuple[str, ...], index: int) -> list[str]:
    """The name-like items right after a list item: a row's speaker and organisation."""
    names: list[str] = []
    for part in parts[index + 1 : index + 5]:
        if not _name_like(part.strip(" ;,.")):
            break
        names.append(part)
    return names


def item_with_names(parts: tuple[str, ...], index: int) -> str:
    """A list item with the names listed right after it, as one line.

    A slide's agenda flattened to text gives a row as separate items: "Demonstrasjon av
    Kontrolltårn; Jørgen; Schreiner; KPMG". The item and the name-like items after it (up to
    the next title) are one row: "Demonstrasjon av Kontrolltårn – Jørgen Schreiner, KPMG".
    Parts of a name stand on one line each; an all-capitals item is an organisation.
    """
    item = parts[index].strip(" ;,.")
    names: list[str] = []
    for part in (p.strip(" ;,.") for p in names_after(parts, index)):
        acronym = part.replace(" ", "").isupper()
        if names and not acronym and not names[-1].replace(" ", "").isupper():
            names[-1] = f"{names[-1]} {part}"
        else:
            names.append(part)
    if not names:
        return item
    return f"{item} – {', '.join(names)}"


def list_rows(parts: tuple[str, ...]) -> list[str]:
    """A list's items with each title's names joined to it, as an agenda's rows.

    An item that is itself a name (a value, a hospital) stays as it is; a title followed by
    names ("Demonstrasjon av Kontrolltårn", "Jørgen", "Schreiner", "KPMG") becomes one row.
    """
    rows: list[str] = []
    n = 0
    while n < len(parts):
        names = [] if _name_like(parts[n].strip(" ;,.")) else names_after(parts, n)
        rows.append(item_with_names(parts, n) if names else parts[n])
        n += 1 + len(names)
    return rows
