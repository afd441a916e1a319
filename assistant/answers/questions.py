"""What a question asks for: the kind of answer, from its interrogative words, and its names.

Norwegian and English grammar only: interrogatives, auxiliaries and a few function words are
closed classes, so listing them fits no question in particular. Nothing here names a topic of
the documents. Used by `assistant.answers.answerability` to judge the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The kinds of answer a question can ask for. A sentence is tested for the first six (see
# answerability.supplies); the others ask for descriptions any sentence may give.
KINDS = (
    "amount", "money", "percent", "time", "reason", "person", "place", "entity", "degree",
    "yesno", "manner", "other",
)  # fmt: skip

_I = re.IGNORECASE
_AUX = (
    r"is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|"
    r"er|var|blir|ble|har|hadde|kan|skal|vil|må"
)
# A measure: "hvor mange", "how long", "hvor stor andel", "what percentage".
_AMOUNT = re.compile(
    r"\bhvor\s+(?:mange|mye|stor[te]?|høy[te]?|lang[te]?|langt|ofte|gammel|gamle)\b|"
    r"\bhow\s+(?:many|much|large|big|high|long|often|old|far)\b|"
    r"\b(?:hvilken|hvilket|hvor\s+stor|what|which)\s+(?:andel|prosent\w*|beløp|sum|antall|"
    r"share|percentage|proportion|amount|number)\b",
    _I,
)
_TIME = re.compile(
    r"\bnår\b|\bwhen\b|\b(?:hvilket|hvilken|what|which)\s+(?:år|dato|tidspunkt|year|date)\b",
    _I,
)
_REASON = re.compile(
    r"\bhvorfor\b|\bkvifor\b|\bwhy\b|\bhow\s+come\b|"
    r"\b(?:grunn(?:en|ene)?|årsak(?:en|ene)?|reasons?|causes?)\b|"
    r"\bhva\s+(?:var\s+det\s+som\s+)?(?:gjorde|førte\s+til)\b|\bwhat\s+(?:made|caused|led\s+to)\b",
    _I,
)
_PERSON = re.compile(r"\bhvem\b|\bkven\b|\bwho(?:m|se)?\b", _I)
# "Hvor" with a word and a verb after it ("hvor vanlig er") asks how much, else where.
_DEGREE = re.compile(rf"\bhvor\s+\w+\s+(?:{_AUX})\b", _I)
_PLACE = re.compile(rf"\bhvor\b(?!\s+\w+\s+(?:{_AUX})\b)|\bwhere\b", _I)
# "Which X", "hvilke X" ask for a named thing or several; "what is" asks for a description.
_ENTITY = re.compile(
    rf"\b(?:hvilke[nt]?|which|what)\s+(?!(?:{_AUX}|the|a|an)\b)\w[\w-]*",
    _I,
)
_MANNER = re.compile(r"\bhvordan\b|\bkorleis\b|\bhow\b", _I)
# What an amount is measured in: money needs a currency in the answer, a share a percentage.
_MONEY = re.compile(
    r"\b(?:penger|kroner|beløp\w*|budsjett\w*|kostnad\w*|kostet|pris\w*|"
    r"money|amount\s+of\s+money|budget\w*|costs?|price\w*|funding)\b",
    _I,
)
_PERCENT = re.compile(r"\b(?:andel\w*|prosent\w*|share|percent\w*|proportion)\b", _I)
# An interrogative after "om"/"about" is part of the topic: "Hva sier den om hvor vanlig ...".
_EMBEDDED = re.compile(r"\b(?:om|about|on|of)\s+$", _I)
# A question opening with a finite verb asks yes or no: "Arrangeres det ...?", "Is there ...?".
_YES_NO = re.compile(rf"^(?:{_AUX})\b|^\w+(?:es|er|et|te|de)\s+(?:det|de|den|du|vi|man)\b", _I)
_KIND_PATTERNS = (
    ("amount", _AMOUNT),
    ("time", _TIME),
    ("reason", _REASON),
    ("person", _PERSON),
    ("place", _PLACE),
    ("degree", _DEGREE),
    ("entity", _ENTITY),
    ("manner", _MANNER),
)

# A capitalised word, or one with a capital or digit inside it (NTNU, H2B, Health2B).
NAME = re.compile(r"\b[A-ZÆØÅ][\w-]*[A-ZÆØÅ0-9][\w-]*\b|\b[A-ZÆØÅ][a-zæøå][\w-]+\b")
INNER_CAPITAL = re.compile(r"^.+[A-ZÆØÅ0-9]")
_QUOTED = re.compile(r"«([^»]{2,60})»|“([^”]{2,60})”|\"([^\"]{2,60})\"|(?<!\w)'([^']{2,60})'(?!\w)")
_TOKEN = re.compile(r"[^\s,;:()?!.«»\"“”]+")
_POSSESSIVE = re.compile(r"(?:'s|’s)$")
WORD = re.compile(r"[^\W_]+")
# Function words that open questions and clauses with a capital: never names.
_NOT_NAMES_TEXT = """
hva hvem hvilke hvilken hvilket hvordan hvorfor hvor når er var har kan skal vil
i på om og med for til fra det den de en et som
the a an in on of and or to from what which who whom whose how why where when
is are was were do does did has have according apart both
"""
NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())


@dataclass(frozen=True)
class QuestionShape:
    """What a question asks for, and the names it asks about."""

    kind: str
    names: tuple[str, ...]
    # The sentence that asks (the last ending in "?"); a preamble before it only sets context.
    asking: str
    # The part of it that asks for `kind`: "Når er kantinen åpen" of "..., og hva koster kaffe?"
    part: str


def asking_clause(question: str) -> str:
    """The sentence that asks: "X is cited in both. Which ...?" asks in its second sentence."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", question.strip()) if s.strip()]
    asking = [s for s in sentences if s.endswith("?")]
    return asking[-1] if asking else question.strip()


def answer_kind(question: str) -> str:
    """The kind of answer a question asks for (see KINDS).

    The first interrogative of the asking sentence decides: "Hvem ..., og hva ...?" asks first
    of all for a person. Without one, a sentence opening with a verb asks yes or no. An amount
    of money or a share is told apart by the words for what it is measured in.
    """
    clause = asking_clause(question)
    found: list[tuple[int, int, str]] = []
    # Where two match at the same word ("which year"), the more specific kind comes first.
    for priority, (kind, pattern) in enumerate(_KIND_PATTERNS):
        for match in pattern.finditer(clause):
            if not _EMBEDDED.search(clause[: match.start()]):
                found.append((match.start(), priority, kind))
                break
    if not found:
        return "yesno" if _YES_NO.match(clause) else "other"
    kind = min(found)[2]
    if kind == "amount" and _MONEY.search(clause):
        return "money"
    if kind == "amount" and _PERCENT.search(clause):
        return "percent"
    return kind


def question_names(question: str) -> tuple[str, ...]:
    """Names the question is about: quoted names, and runs of capitalised words or acronyms.

    A sentence's first word is a name only if it looks like one anyway (NTNU, H2B). A run of
    names ends at a possessive ("NTNU's Faculty") and a hyphenated compound keeps its
    capitalised part ("NTNU-rapporten" is about NTNU).
    """
    names: list[str] = ["".join(groups).strip() for groups in _QUOTED.findall(question)]
    for sentence in re.split(r"(?<=[.!?:])\s+", question):
        run: list[str] = []
        for n, raw in enumerate(_TOKEN.findall(sentence)):
            possessive = bool(_POSSESSIVE.search(raw))
            pieces = _POSSESSIVE.sub("", raw.strip("'’")).split("-")
            head = pieces[0]
            is_name = (
                bool(NAME.fullmatch(head))
                and head.lower() not in NOT_NAMES
                and (n > 0 or bool(INNER_CAPITAL.search(head)))
            )
            if is_name:
                run.append(head)
            if not is_name or len(pieces) > 1 or possessive:
                if run:
                    names.append(" ".join(run))
                run = []
        if run:
            names.append(" ".join(run))
    unique = list(dict.fromkeys(n for n in names if n))
    # A word of a longer name ("Shift" of "Shift left") is not a name of its own.
    return tuple(
        n
        for n in unique
        if not any(n != m and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", m) for m in unique)
    )


_NEXT_QUESTION = re.compile(
    r",?\s+(?:og|and|samt|eller|or)\s+(?=(?:hva|hvem|hvor|hvilke[nt]?|når|hvorfor|hvordan|"
    r"what|who|where|which|when|why|how)\b)|,\s+(?=(?:hva|hvem|hvilke[nt]?|hvorfor|hvordan|"
    r"what|who|which|why|how)\b)",
    _I,
)


def first_part(question: str) -> str:
    """The first of the questions one sentence asks: "Hvem ledet den, og hva kom ut av det?"."""
    clause = asking_clause(question)
    return _NEXT_QUESTION.split(clause, maxsplit=1)[0].strip()


# "Hvor mange kommuner", "how many members", "hvor mange senge- og omsorgsplasser": the thing
# counted, whose number the answer must state.
_COUNTED = re.compile(
    r"\b(?:hvor\s+mange|how\s+many)\s+((?:[^\W\d_]+-\s+(?:og|eller|and|or)\s+)?[^\W\d_][\w-]*)", _I
)


# Passive and past-tense endings (strykes, ble, deltok, gikk; attended): plural nouns end in
# -er, -ene or -s instead (kommuner, plassene, members).
_VERB_ENDING = re.compile(r"(?:es|et|ok|ikk|ed)$", _I)
_NOT_COUNTED = NOT_NAMES | {"av", "of", "ble", "gikk", "fikk", "got", "people", "personer"}


def counted_thing(question: str) -> tuple[str, ...]:
    """The words naming what a "how many" question counts ("senge-", "omsorgsplasser")."""
    match = _COUNTED.search(asking_clause(question))
    if not match:
        return ()
    words = [w.strip("-") for w in re.split(r"\s+(?:og|eller|and|or)\s+|\s+", match.group(1))]
    # "Hvor mange ble med?", "how many of them": a verb or function word counts nothing named.
    if any(re.fullmatch(_AUX, w, _I) or w.lower() in _NOT_COUNTED for w in words):
        return ()
    # A verb right after "hvor mange" asks how many did something: "hvor mange strykes?",
    # "hvor mange deltok?", "how many attended?". It ends the clause or has a verb's ending.
    rest = asking_clause(question)[match.end() :].strip()
    if not re.match(r"\w", rest) or _VERB_ENDING.search(words[-1]):
        return ()
    return tuple(w for w in words if len(w) > 2)


def question_shape(question: str) -> QuestionShape:
    return QuestionShape(
        answer_kind(question), question_names(question), asking_clause(question),
        first_part(question),
    )  # fmt: skip


def mentions(text: str, name: str) -> bool:
    """True when the text names `name`: case-insensitive, at a word start, inflected or not.

    "NTNUs" and "Sykehuspartner's" match "NTNU" and "Sykehuspartner"; the words of a name of
    several words must follow each other.
    """
    words = [_base_form(w) for w in WORD.findall(name)]
    if not words:
        return False
    pattern = r"\W+".join(re.escape(w) for w in words)
    return re.search(rf"(?<!\w){pattern}", text.lower()) is not None


def _base_form(word: str) -> str:
    word = word.lower()
    return re.sub(r"s$", "", word) if len(word) > 4 else word


def language_neutral(word: str) -> bool:
    """Acronyms and words with digits or Norwegian letters: spelled alike in either language."""
    return bool(re.fullmatch(r"[A-ZÆØÅ0-9-]{2,}", word) or re.search(r"[0-9æøåÆØÅ]", word))
