"""Assembling a brief's sections from the facilitator's input, the registry and the evidence.

Nothing here invents content: a section holds the facilitator's words, the registry's facts,
checked evidence from the knowledge base, or the arena's own process and rules (template).
A section nobody has filled is marked open with what to settle, never guessed.
"""

from __future__ import annotations

from assistant.briefs.checks import kind_label
from assistant.briefs.evidence import Evidence
from assistant.briefs.model import (
    Brief,
    BriefInput,
    BriefKind,
    Citation,
    Paragraph,
    ParticipantCheck,
    Section,
    SectionId,
    TableOrganisation,
)
from assistant.briefs.wording import data_level, user_groups
from assistant.i18n import Language, say
from assistant.text.sentences import split_sentences


def _para(text: str, origin: str, citations: list[int] | None = None) -> Paragraph:
    return Paragraph(text=text, origin=origin, citations=citations or [])  # type: ignore[arg-type]


def _section(
    section_id: SectionId,
    language: Language,
    paragraphs: list[Paragraph],
    *,
    filled: bool,
) -> Section:
    return Section(
        id=section_id,
        title=say(f"brief_title_{section_id.value}", language),
        status="filled" if filled else "open",
        paragraphs=paragraphs,
        open_reason="" if filled else say(f"brief_open_{section_id.value}", language),
    )


def _input_paragraphs(text: str) -> list[Paragraph]:
    """The facilitator's own text, one paragraph per line they wrote."""
    return [_para(line.strip(" -•*"), "input") for line in text.splitlines() if line.strip(" -•*")]


def _evidence(evidence: Evidence, key: str, language: Language) -> list[Paragraph]:
    if evidence.abstained or not evidence.text:
        return []
    return [_para(say(key, language, text=evidence.text), "evidence", evidence.citations)]


def how_might_we(brief_input: BriefInput, groups: list[str]) -> str:
    language = brief_input.language
    users = (
        _join(groups, language) if groups else say("brief_users_default", language)
    )  # the people the need names, else those who use the service
    title = brief_input.title.rstrip(".?!")
    title = title[0].lower() + title[1:] if title[:2].istitle() and not title.isupper() else title
    return say("brief_hmw", language, users=users, title=title)


def _join(items: list[str], language: Language) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" og " if language == "no" else " and ") + items[-1]


def draft_sections(
    brief_input: BriefInput,
    organisations: list[TableOrganisation],
    participants: list[ParticipantCheck],
    need: Evidence,
    tried: Evidence,
) -> list[Section]:
    """Every section of the brief, in order; open where input and evidence leave it empty."""
    language = brief_input.language
    owners = [o for o in organisations if o.owner]
    groups = user_groups(brief_input.need, language)
    kind = say(f"brief_kind_{brief_input.kind.value}", language)
    summary = [_para(how_might_we(brief_input, groups), "template")]
    if owners:
        names = _join([o.name for o in owners], language)
        summary.append(_para(say("brief_owners", language, owners=names), "registry"))
    summary.append(_para(say("brief_kind_line", language, kind=kind), "input"))

    background = _evidence(tried, "brief_evidence_tried", language)
    need_paragraphs = _input_paragraphs(brief_input.need) + _evidence(
        need, "brief_evidence_need", language
    )

    stakeholders = [
        _para(
            say(
                "brief_stakeholder_owner",
                language,
                name=o.name,
                kind=kind_label(o.kind, language),
            ),
            "registry",
        )
        for o in owners
    ]
    stakeholders += [
        _para(
            say(
                "brief_stakeholder_participant",
                language,
                name=p.participant,
                organisation=f" ({p.organisation})" if p.organisation else "",
            ),
            "registry" if p.registered else "input",
        )
        for p in participants
    ]
    if groups:
        stakeholders.append(
            _para(say("brief_stakeholder_users", language, groups=", ".join(groups)), "input")
        )

    scope = _input_paragraphs(brief_input.scope)
    data = _input_paragraphs(brief_input.data)
    if data:
        level = say(f"brief_data_{data_level(brief_input.data)}", language)
        data.insert(0, _para(say("brief_data_level", language, level=level), "input"))
    ipr = [*_input_paragraphs(brief_input.ipr), _para(say("brief_ipr_rule", language), "template")]

    process = [_para(say(f"brief_process_{brief_input.kind.value}", language), "template")]
    if brief_input.date:
        when = say(
            "brief_process_when",
            language,
            kind_cap=kind[0].upper() + kind[1:],
            date=_date(brief_input, language),
        )
        process.insert(0, _para(when, "input"))
    process.append(_para(say("brief_process_learning", language), "template"))

    participation = [
        _para(say(key, language), "template")
        for key in ("brief_rule_declare", "brief_rule_conflict", "brief_rule_confidential")
    ]
    market = brief_input.kind == BriefKind.procurement
    participation.append(
        _para(say("brief_rule_market" if market else "brief_rule_equal", language), "template")
    )

    declarations = _declarations(participants, language)

    sections = [
        _section(SectionId.summary, language, summary, filled=True),
        _section(SectionId.background, language, background, filled=bool(background)),
        _section(SectionId.need, language, need_paragraphs, filled=True),
        _section(SectionId.stakeholders, language, stakeholders, filled=bool(stakeholders)),
        _section(
            SectionId.outcomes,
            language,
            _input_paragraphs(brief_input.outcomes),
            filled=bool(brief_input.outcomes),
        ),
        _section(
            SectionId.scope,
            language,
            scope,
            filled=bool(scope),
        ),
        _section(
            SectionId.constraints,
            language,
            _input_paragraphs(brief_input.constraints),
            filled=bool(brief_input.constraints),
        ),
        _section(SectionId.data_access, language, data, filled=bool(data)),
        _section(SectionId.ipr, language, ipr, filled=bool(brief_input.ipr)),
        _section(SectionId.process, language, process, filled=brief_input.date is not None),
        _section(SectionId.participation, language, participation, filled=True),
        _section(SectionId.declarations, language, declarations, filled=bool(participants)),
    ]
    sections.append(_open_questions(sections, participants, background, language))
    return sections


def _date(brief_input: BriefInput, language: Language) -> str:
    assert brief_input.date is not None
    return (
        brief_input.date.isoformat() if language == "en" else brief_input.date.strftime("%d.%m.%Y")
    )


def _declarations(participants: list[ParticipantCheck], language: Language) -> list[Paragraph]:
    """How many participants have declared; each one's check is the conflict table beside it."""
    if not participants:
        return []
    current = sum(p.declaration == "current" for p in participants)
    summary = say("brief_declarations_summary", language, current=current, total=len(participants))
    return [_para(summary, "registry")]


def _open_questions(
    sections: list[Section],
    participants: list[ParticipantCheck],
    background: list[Paragraph],
    language: Language,
) -> Section:
    questions = [
        _para(
            say("brief_question_section", language, title=s.title, reason=s.open_reason), "template"
        )
        for s in sections
        if s.status == "open" and s.id != SectionId.background
    ]
    if not background:
        questions.append(_para(say("brief_question_why_now", language), "template"))
    for p in participants:
        if not p.registered:
            key = "brief_question_unregistered"
        elif p.declaration != "current":
            key = "brief_question_declaration"
        else:
            continue
        questions.append(_para(say(key, language, name=p.participant), "registry"))
    if not questions:
        questions = [_para(say("brief_no_open_questions", language), "template")]
    return Section(
        id=SectionId.open_questions,
        title=say("brief_title_open_questions", language),
        status="filled",
        paragraphs=questions,
    )


def assemble(
    brief_input: BriefInput,
    organisations: list[TableOrganisation],
    participants: list[ParticipantCheck],
    need: Evidence,
    tried: Evidence,
    citations: list[Citation],
    *,
    model: str,
) -> Brief:
    """The brief before its checks: sections, the table and the numbered sources."""
    mode = "llm" if "llm" in (need.mode, tried.mode) else "extractive"
    sections = draft_sections(brief_input, organisations, participants, need, tried)
    used = {n for s in sections for p in s.paragraphs for n in p.citations}
    # Evidence is adopted only when shown, so the numbers run 1, 2, 3 without gaps.
    assert used == {c.n for c in citations}, "every source is cited, every citation listed"
    return Brief(
        title=brief_input.title,
        language=brief_input.language,
        kind=brief_input.kind,
        date=brief_input.date,
        owners=[o.name for o in organisations if o.owner],
        how_might_we=sections[0].paragraphs[0].text,
        sections=sections,
        conflicts=participants,
        citations=citations,
        mode=mode,  # type: ignore[arg-type]
        model=model if mode == "llm" else "extractive",
    )


def first_sentence(text: str) -> str:
    sentences = split_sentences(text)
    return sentences[0] if sentences else text
