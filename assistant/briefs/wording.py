"""What a brief's own words say: users, measurable outcomes, real data, legal basis, resources.

The findings (checks.py) and the value-compass signals (signals.py) read a brief through these
tests, so a finding and the commitment it concerns never disagree. Norwegian and English terms
both count: a facilitator writing English still names Norwegian laws and places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.briefs.model import Brief, BriefFacts, SectionId
from assistant.i18n import Language
from assistant.text.normalise import normalise_for_match

# The input field that feeds each section; the other sections come from templates or the registry.
INPUT_FIELDS: dict[SectionId, str] = {
    SectionId.need: "need",
    SectionId.outcomes: "outcomes",
    SectionId.scope: "scope",
    SectionId.constraints: "constraints",
    SectionId.data_access: "data",
    SectionId.ipr: "ipr",
}

# Patients and users, as a need speaks of them. Norwegian "bruker" alone is also the verb
# ("sykepleiere bruker mye tid"), so only its noun forms, compounds and "en/hver bruker" count.
_USERS = re.compile(
    r"\b(?:\w*pasient\w*|\w*bruker(?:e|en|ne|ens|nes|es)\b|\w+bruker\b|\bbruker[a-zæøå]{3,}"
    r"|(?:en|ei|hver|enhver|annen|samme|ny) bruker\b|pårørende|innbygger\w*|beboer\w*"
    r"|(?:personer|mennesker|barn|unge|eldre|kvinner|menn|de) (?:med|som lever med)\b"
    r"|kronisk syke|hjemmeboende|brukarar\w*|pasientar\w*"
    r"|patients?\b|patient's|(?:end |service )?users?\b(?!\s+(?:interface|account|name|id)\b)"
    r"|carers?\b|caregivers?\b|relatives\b|next of kin|citizens?\b|residents?\b"
    r"|(?:people|persons|children|adults|women|men) (?:living )?with\b)",
    re.IGNORECASE,
)

# A measurable outcome states a figure, where it stands today and where it should go.
_FIGURE = re.compile(r"\d|\b(?:halver\w*|dobl\w*|halve|halving|double|doubling)\b", re.I)
_BASELINE = re.compile(
    r"\b(?:i dag|dagens|per i dag|nå\b|utgangspunkt\w*|nullpunkt\w*|baseline|fra\b[^.;\n]{0,30}?\d"
    r"|today|currently|at present|current(?:ly)? (?:level|rate)|from\b[^.;\n]{0,30}?\d)",
    re.IGNORECASE,
)
_TARGET = re.compile(
    r"\b(?:mål(?:et|ene|tall\w*|settes|verdi\w*)?\b|måltall|target\w*|goal\w*|aim\b"
    r"|(?:til|to|innen|by|under|over|below|above|minst|maks\w*|høyst|at least|at most"
    r"|less than|more than|fewer than|mindre enn|mer enn|færre enn)\s+(?:ca\.?\s+|about\s+"
    r"|around\s+|under\s+|over\s+|below\s+)?\d"
    r"|halver\w*|dobl\w*|halve|double)",
    re.IGNORECASE,
)

# Data about real people, and the words that make a mention not real ("syntetiske pasientdata").
_REAL_DATA = re.compile(
    r"\b(?:\w*pasientdata|journaldata|helsedata|helseopplysning\w*|personopplysning\w*"
    r"|personidentifiserbar\w*|(?:reelle|ekte|faktiske|virkelige) (?:data|pasient\w*)"
    r"|produksjonsdata|registerdata|kvalitetsregister\w*|data fra (?:pasient)?journal\w*|epj-data"
    r"|real (?:patient )?data|patient data|health data|health records?|medical records?"
    r"|personal data|identifiable|production data|ehr data|registry data)\b",
    re.IGNORECASE,
)
_NOT_REAL = re.compile(
    r"\b(?:anonymi\w*|syntet\w*|fiktiv\w*|simuler\w*|ikke|ingen|uten|synthetic|fictitious"
    r"|simulated|mock|de-identified|no|not|without)\b",
    re.IGNORECASE,
)
_LEGAL_BASIS = re.compile(
    r"\b(?:rettslig grunnlag|behandlingsgrunnlag\w*|hjemmel\w*|hjemlet|samtykk\w*|dpia"
    r"|personvernkonsekvensvurdering\w*|rek\b|dispensasjon\w*|databehandleravtal\w*|\w+loven\b"
    r"|legal basis|lawful basis|consent\w*|data protection impact assessment|ethics approval"
    r"|ethical approval|data processing agreement|gdpr art\w*)",
    re.IGNORECASE,
)
# Regulation, ethics and privacy: what the compass's "ethics, rules and law" asks a brief to weigh.
_REGULATION = re.compile(
    r"\b(?:regelverk\w*|regulering\w*|regulat\w*|lov\b|lover\b|loven\b|lovkrav\w*|forskrift\w*"
    r"|gdpr|personvern\w*|privacy|data protection|mdr\b|medisinsk utstyr|medical device\w*"
    r"|ce-merk\w*|ce mark\w*|etikk\w*|etisk\w*|ethic\w*|taushetsplikt\w*|confidentiality"
    r"|informasjonssikkerhet\w*|information security|normen\b|legal\w*|law\b|laws\b)",
    re.IGNORECASE,
)
_RESOURCES = re.compile(
    r"\b(?:ressurs\w*|budsjett\w*|finansier\w*|kostnad\w*|timer\b|årsverk\w*|kapasitet\w*"
    r"|frikjøp\w*|avsatt tid|setter av|sette av|kroner\b|kr\b|nok\b|mnok\b"
    r"|resourc\w*|budget\w*|fund\w*|cost\w*|hours\b|capacity|staff time|allocat\w*)",
    re.IGNORECASE,
)


# Stems shorter than this take only short endings (see keyword_hits).
_SHORT_STEM = 5


def found(pattern: re.Pattern[str], text: str) -> list[str]:
    """The distinct matches of a pattern, lower-cased, in the order they occur."""
    return list(dict.fromkeys(m.group(0).lower().strip() for m in pattern.finditer(text)))


def concerns_users(text: str) -> list[str]:
    """The words by which a text speaks of patients, users or their families (none: [])."""
    return found(_USERS, text)


# How a brief names the groups a need speaks of; the stems are those of `_USERS`.
_GROUPS: tuple[tuple[re.Pattern[str], dict[Language, str]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), names)
    for pattern, names in (
        (r"pasient|patient", {"no": "pasienter", "en": "patients"}),
        (r"pårørende|relatives|next of kin|carers?\b|caregivers?", {"no": "pårørende", "en": "relatives"}),
        (r"bruker|brukar|\busers?\b", {"no": "brukere", "en": "users"}),
        (r"innbygger|citizens?|residents?", {"no": "innbyggere", "en": "citizens"}),
        (r"beboer|hjemmeboende", {"no": "tjenestemottakere", "en": "care recipients"}),
        (r"eldre\b|older|elderly", {"no": "eldre", "en": "older people"}),
    )
)  # fmt: skip


def user_groups(text: str, language: Language) -> list[str]:
    """The patient and user groups a text speaks of, named in `language`, in a fixed order."""
    words = " ".join(concerns_users(text))
    return [names[language] for pattern, names in _GROUPS if pattern.search(words)]


# How much data access a text describes; real data is read by `real_data` below.
_DATA_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("anonymised", re.compile(r"\b(anonymi\w*|avidentifi\w*|de-?identifi\w*)", re.IGNORECASE)),
    ("synthetic", re.compile(r"\b(syntet\w*|fiktiv\w*|simuler\w*|fictitious|simulated)", re.I)),
    ("none", re.compile(r"\b(ingen data|ikke data|uten data|no data|without data)\b", re.I)),
)


def data_level(text: str) -> str:
    """real, anonymised, synthetic, none or unclear: the strongest access a text describes."""
    if real_data(text):
        return "real"
    return next((level for level, pattern in _DATA_LEVELS if pattern.search(text)), "unclear")


@dataclass(frozen=True)
class Measurability:
    """Whether outcomes state a figure, today's level (baseline) and a target."""

    figure: bool
    baseline: bool
    target: bool

    @property
    def measurable(self) -> bool:
        return self.figure and self.baseline and self.target


def measurability(text: str) -> Measurability:
    """How measurable a text's outcomes are: a figure, a baseline and a target."""
    return Measurability(
        figure=bool(_FIGURE.search(text)),
        baseline=bool(_BASELINE.search(text)),
        target=bool(_TARGET.search(text)),
    )


def real_data(text: str) -> list[str]:
    """Mentions of data about real people, leaving out those qualified as synthetic or absent."""
    mentions: list[str] = []
    for match in _REAL_DATA.finditer(text):
        before = text[: match.start()].rsplit(".", 1)[-1].split()[-3:]
        if not any(_NOT_REAL.fullmatch(word.strip(",;:()")) for word in before):
            mentions.append(match.group(0).lower())
    return list(dict.fromkeys(mentions))


def legal_basis(text: str) -> list[str]:
    """The words naming a legal basis for using data: consent, DPIA, a law, an approval."""
    return found(_LEGAL_BASIS, text)


def regulation(text: str) -> list[str]:
    """The words by which a text weighs regulation, ethics, privacy or a legal basis."""
    return list(dict.fromkeys(found(_REGULATION, text) + legal_basis(text)))


def resources(text: str) -> list[str]:
    """The words by which a text speaks of resources, time set aside or money."""
    return found(_RESOURCES, text)


def keyword_hits(keywords: list[str], text: str) -> list[str]:
    """The words of a text that keywords start, both normalised, each word once.

    A keyword is a stem ("inkluder" finds "inkluderende"). A short stem of under five letters
    may only take an ending of up to three ("tid" finds "tiden", not "tidligere"; "syn" finds
    "synet", not "syntetiske"), as a longer tail makes it another word.
    """
    haystack = normalise_for_match(text)
    words: list[str] = []
    for keyword in keywords:
        needle = normalise_for_match(keyword)
        if not needle:
            continue
        tail = r"\w{0,3}\b" if len(needle) < _SHORT_STEM else r"\w*"
        pattern = re.compile(rf"(?<!\w){re.escape(needle)}{tail}")
        words.extend(m.group(0) for m in pattern.finditer(haystack))
    return list(dict.fromkeys(words))


def is_filled(brief: Brief, section: SectionId) -> bool:
    """Whether the brief has the section and it is filled (a missing section counts as open)."""
    return any(s.id == section and s.status == "filled" for s in brief.sections)


def own_text(brief: Brief, facts: BriefFacts, *sections: SectionId) -> str:
    """The facilitator's own words for sections: the input's fields and paragraphs from input.

    Template paragraphs are left out because they say the same in every brief, and evidence
    paragraphs because they tell of other cases: neither shows what this brief settles.
    """
    parts: list[str] = []
    for section_id in sections:
        field = INPUT_FIELDS.get(section_id)
        if field:
            parts.append(getattr(facts.input, field))
        for section in brief.sections:
            if section.id == section_id:
                parts.extend(p.text for p in section.paragraphs if p.origin == "input")
    return "\n".join(dict.fromkeys(p.strip() for p in parts if p.strip()))


def brief_text(brief: Brief, facts: BriefFacts) -> str:
    """All the facilitator's own words in a brief: title, the "how might we" line, every section."""
    return "\n".join(
        [facts.input.title, brief.how_might_we, own_text(brief, facts, *SectionId)]
    ).strip()
