"""What a question asks for in its parts: a list, a person, or things in two documents (answer units).

Only closed-class words are listed here (interrogatives, quantifiers, conjunctions); the
things a question names are found by their form (capitals, digits, hyphenated names such as
"NTNU-rapporten"), never from a list of the documents' topics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.i18n import Language, detect_language
from assistant.text.stopwords import NORWEGIAN_STOP_WORDS, QUESTION_WORDS

# Questions that ask for several things ("hvilke", "which", "de fire stegene") are answered
# by a whole list.
_ASKS_FOR_LIST = {
    "no": re.compile(
        r"\b(?:hvilke|hva (?:er|var) de|nevn|beskriv|list|to|tre|fire|fem|seks|sju|syv)\b",
        re.IGNORECASE,
    ),
    # Without the Norwegian numerals: English "to" is a preposition, not "two".
    "en": re.compile(
        r"\b(?:which|what are|name the|list|describe|two|three|four|five|six|seven)\b",
        re.IGNORECASE,
    ),
}
_ASKS_FOR_PERSON = re.compile(r"\b(?:hvem|kven|who|whom|whose)\b", re.IGNORECASE)
# "både A og B", "both A and B": the two things a cross-document question is about.
_BOTH = re.compile(r"\b(?:både|both)\s+(.+?)\s+(?:og|and)\s+(.+?)(?=[,.;:?!]|$)", re.IGNORECASE)
_COMPARE = re.compile(
    r"\b(?:compar\w*|sammenlign\w*|sammenlikn\w*|versus|vs\.?|i begge|in both|in each|"
    r"each case|hver av|begge)\b",
    re.IGNORECASE,
)
# A question is cut into clauses at a comma or a sentence end before a conjunction or a new
# question: "Hva sier A om x, og hvilket eksempel bruker B ...?"
_CLAUSE = re.compile(r"[,;]\s+(?:og|and|men|but)\s+|[.?!]\s+|[,;]\s+(?=\w+\s)", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_][\w'’]*(?:[-–][^\W_][\w'’]*)*")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass(frozen=True)
class QuestionShape:
    """What kind of answer a question wants, and the named things it is about."""

    language: Language
    wants_list: bool = False
    wants_person: bool = False
    # The named things a cross-document question asks about, one per document wanted.
    alternatives: tuple[str, ...] = ()
    # The question once for each alternative, with the other alternatives left out.
    sub_questions: tuple[str, ...] = ()

    @property
    def cross_document(self) -> bool:
        return len(self.sub_questions) >= 2


def asks_for_list(question: str) -> bool:
    """True for questions that ask for several things: which, list, 'de fire stegene'."""
    return bool(_ASKS_FOR_LIST[detect_language(question)].search(question))


def asks_for_person(question: str) -> bool:
    """True for questions asking who: 'Hvem presenterte ...', 'Whose concept ...'."""
    return bool(_ASKS_FOR_PERSON.search(question))


def read_question(question: str) -> QuestionShape:
    """The question's shape: list, person, and the alternatives of a cross-document question."""
    alternatives = compared_things(question)
    return QuestionShape(
        language=detect_language(question),
        wants_list=asks_for_list(question),
        wants_person=asks_for_person(question),
        alternatives=tuple(alternatives),
        sub_questions=tuple(sub_question(question, a, alternatives) for a in alternatives),
    )


def mentions(text: str) -> list[str]:
    """The named things in a text: runs of capitalised, all-caps or hyphenated-name tokens.

    A sentence's first word counts only when it is a name by its form ("NTNU-rapporten",
    "H2B") or a longer name starts there ("Clayton Christensen"); question and function words
    never count ("Både", "How").
    """
    found: list[str] = []
    for sentence in re.split(r"(?<=[.?!])\s+", text.strip()):
        tokens = list(_TOKEN.finditer(sentence))
        run: list[str] = []
        for n, match in enumerate(tokens):
            token = match.group(0)
            named = _is_name(token) and (
                n > 0 or _name_by_form(token) or (n + 1 < len(tokens) and _is_name(tokens[1][0]))
            )
            if named:
                run.append(token)
                continue
            if run:
                found.append(" ".join(run))
            run = []
        if run:
            found.append(" ".join(run))
    # One mention per name: "Sykehuspartners" and "Sykehuspartner" are the same thing.
    unique: list[str] = []
    for mention in found:
        if not any(_key(mention) == _key(u) for u in unique):
            unique.append(mention)
    return unique


def name_words(question: str) -> list[str]:
    """The words by which a question names things: "Sykehuspartners", the "NTNU" of "NTNU-rapporten".

    Of a hyphenated name only the head names the thing; "-rapporten" says which kind.
    """
    out: list[str] = []
    for mention in mentions(question):
        for token in mention.split():
            out.append(re.split(r"[-–]", _POSSESSIVE.sub("", token))[0])
    return out


def compared_things(question: str) -> list[str]:
    """The two named things a question asks about in different documents, if any.

    A question is cross-document when it coordinates two names ("både A og B", "both A and
    B"), compares two names ("compare A with B"), or asks about different names in different
    clauses ("Hva sier A om x, og hvilket eksempel bruker B?").
    """
    both = _BOTH.search(question)
    if both:
        first, second = mentions(both.group(1)), mentions(both.group(2))
        if first and second and not _same(first[0], second[0]):
            return [first[0], second[0]]
    named = mentions(question)
    if len(named) >= 2 and _COMPARE.search(question):
        return named[:2]
    by_clause: list[str] = []
    for clause in _CLAUSE.split(question):
        own = [m for m in mentions(clause) if not any(_same(m, b) for b in by_clause)]
        if own:
            by_clause.append(own[0])
    return by_clause[:2] if len(by_clause) >= 2 else []


def sub_question(question: str, keep: str, alternatives: list[str]) -> str:
    """The part of the question about one alternative, to search for it on its own.

    The clauses that name it, with the other alternative cut out of a coordination ("både
    A og B" keeps "A") or a comparison ("A compared with B" keeps "A"). Clauses that name
    no name ("og hva er kjernebudskapet?") are left out: on their own they pull in passages
    about neither thing; clauses naming a shared thing ("Which Christensen concept ...") stay.
    """
    others = [a for a in alternatives if not _same(a, keep)]
    kept: list[str] = []
    for clause in _CLAUSE.split(question):
        names = mentions(clause)
        if not names or (
            any(_same(m, o) for m in names for o in others)
            and not any(_same(m, keep) for m in names)
        ):
            continue
        if any(_same(m, o) for m in names for o in others):
            clause = _without_other(clause, keep)
        kept.append(clause.strip(" ,;"))
    return " ".join(" ".join(kept).split()) or question


def _without_other(clause: str, keep: str) -> str:
    """A clause naming both alternatives, cut down to the one kept."""
    both = _BOTH.search(clause)
    if both:
        first, second = both.group(1), both.group(2)
        if any(_same(m, keep) for m in mentions(first)):
            # "både i A og i B for å ..." keeps "i A for å ...": B's words up to its name go.
            tail = second
            names = mentions(second)
            if names:
                tail = second[second.find(names[0]) + len(names[0]) :]
                # The rest of B's noun phrase goes too: "i Sykehuspartners strategi for ...".
                words = tail.split()
                while words and not _function_word(words[0]):
                    words.pop(0)
                tail = " " + " ".join(words)
            return clause[: both.start()] + first + tail + clause[both.end() :]
        return clause[: both.start()] + second + clause[both.end() :]
    compare = _COMPARE.search(clause)
    if compare:
        before, after = clause[: compare.start()], clause[compare.end() :]
        return before if any(_same(m, keep) for m in mentions(before)) else after
    return clause


def _function_word(word: str) -> bool:
    return re.sub(r"\W", "", word).lower() in NORWEGIAN_STOP_WORDS


def _is_name(token: str) -> bool:
    bare = _POSSESSIVE.sub("", token)
    if bare.lower() in NORWEGIAN_STOP_WORDS or bare.lower() in QUESTION_WORDS:
        return False
    return bare[:1].isupper() or _name_by_form(bare)


def _name_by_form(token: str) -> bool:
    """A name whatever its place: all capitals, a digit inside, or 'Name-suffix' compounds."""
    bare = _POSSESSIVE.sub("", token)
    head = re.split(r"[-–]", bare)[0]
    return (
        (len(head) >= 2 and head.isupper())
        or (any(c.isdigit() for c in bare) and any(c.isalpha() for c in bare))
        or (bare != head and head[:1].isupper())
    )


def _same(a: str, b: str) -> bool:
    """Two mentions of one thing: "NTNU" and "NTNU STO", "Sykehuspartner" and "Sykehuspartners"."""
    first, second = set(_key(a).split()), set(_key(b).split())
    return first <= second or second <= first


def _key(mention: str) -> str:
    """A mention's identity: lower case, possessive and genitive -s dropped."""
    words = [_POSSESSIVE.sub("", w).lower() for w in mention.split()]
    return " ".join(w[:-1] if len(w) > 4 and w.endswith("s") else w for w in words)
