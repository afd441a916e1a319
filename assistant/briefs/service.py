"""The brief service every surface calls: draft, revise, list, show and export challenge briefs.

Drafting is the facilitators' and coordinators' work; a brief is its author's and the
coordinators'. Each draft or revision is a new version in the registry's database, audited in
the registry's hash chain in the same transaction, so a version is never saved unaudited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError
from sqlmodel import Session, col, select

from assistant.briefs import compass as compass_check
from assistant.briefs.checks import run_checks
from assistant.briefs.drafting import assemble
from assistant.briefs.evidence import SourceList, gather
from assistant.briefs.markdown import render_markdown
from assistant.briefs.model import (
    Brief,
    BriefFacts,
    BriefInput,
    BriefKind,
    BriefRecord,
    BriefSummary,
    FindingChange,
    TableOrganisation,
)
from assistant.briefs.participants import participant_checks, resolve_people
from assistant.briefs.word import render_docx
from assistant.index.access import Viewer
from assistant.registry import access
from assistant.registry.audit import append_event
from assistant.registry.db import open_session
from assistant.registry.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from assistant.registry.models import (
    BriefRow,
    BriefVersionRow,
    Organisation,
    OrgKind,
    Person,
    Role,
    utcnow,
)
from assistant.registry.models.base import MAX_ID
from assistant.registry.organisations import list_organisations, resolve_organisation

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from assistant.answers.chain import AnswerChain
    from assistant.config import Settings

ExportFormat = Literal["md", "docx"]
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# The required fields filled, so one other field can be checked on its own.
_SAMPLE: dict[str, Any] = {"title": "Brief", "need": "A need of twenty characters or more."}


class BriefService:
    """Briefs on one registry database and one answer chain."""

    def __init__(
        self, settings: Settings, engine: Engine, chain: Callable[[], AnswerChain]
    ) -> None:
        self.settings = settings
        self.engine = engine
        self._chain = chain

    # Who may -------------------------------------------------------------------------------

    @staticmethod
    def _may_draft(user: Person | None) -> None:
        """Facilitators and coordinators; None is the operator at the console."""
        if user is None:
            return
        if not user.active:
            raise PermissionDeniedError(f"{user.email} is deactivated")
        access.require_role(user, Role.facilitator, Role.coordinator)

    @staticmethod
    def _may_see(user: Person | None, row: BriefRow) -> None:
        if user is None or access.is_coordinator(user) or row.author_id == user.id:
            return
        raise PermissionDeniedError(f"Brief {row.id} is not yours")

    def require_drafter(self, user: Person | None) -> None:
        """Refuse, before any question is asked, someone who may not draft briefs."""
        self._may_draft(user)

    # One input at a time, for surfaces that ask step by step -------------------------------

    @staticmethod
    def check_field(name: str, value: Any) -> Any:
        """One input field as a draft would take it (cleaned), or the one-line InvalidInputError."""
        if name not in BriefInput.model_fields:
            raise InvalidInputError(f"A brief has no field '{name}'")
        return getattr(_parse({**_SAMPLE, name: value}), name)

    def check_organisations(self, references: list[str]) -> list[str]:
        """The registered names of the organisations behind a need; an unknown one is named."""
        brief_input = _parse({**_SAMPLE, "organisations": references})
        with open_session(self.engine) as session:
            return [o.name for o in self._owners(session, brief_input)]

    def check_participants(self, references: list[str]) -> list[str]:
        """The participants as a draft takes them; an unknown e-mail is named."""
        brief_input = _parse({**_SAMPLE, "participants": references})
        with open_session(self.engine) as session:
            resolve_people(session, brief_input)
        return brief_input.participants

    # Drafting ------------------------------------------------------------------------------

    def draft(self, data: BriefInput | dict[str, Any], user: Person | None) -> BriefRecord:
        """Draft, check and save a new brief (version 1)."""
        self._may_draft(user)
        brief_input = _parse(data)
        with open_session(self.engine) as session:
            brief = self._build(session, brief_input, user)
            author = user.email if user else "console"
            row = BriefRow(
                title=brief_input.title,
                author_id=user.id if user else None,
                author=author,
                language=brief_input.language,
                kind=brief_input.kind.value,
            )
            session.add(row)
            session.flush()
            record = self._save_version(session, row, 1, brief_input, brief, author, None)
            session.commit()
        return record

    def revise(self, brief_id: int, changes: dict[str, Any], user: Person | None) -> BriefRecord:
        """A new version from the latest input with `changes` applied, checked afresh."""
        self._may_draft(user)
        with open_session(self.engine) as session:
            row = self._row(session, brief_id)
            self._may_see(user, row)
            latest = self._version(session, brief_id, row.latest_version)
            merged = {**latest.input, **{k: v for k, v in changes.items() if v is not None}}
            brief_input = _parse(merged)
            brief = self._build(session, brief_input, user)
            previous = Brief.model_validate(latest.content)
            change = FindingChange(
                added=[f for f in brief.findings if f not in previous.findings],
                resolved=[f for f in previous.findings if f not in brief.findings],
            )
            row.latest_version += 1
            row.title = brief_input.title
            row.language = brief_input.language
            row.kind = brief_input.kind.value
            row.updated_at = utcnow()
            session.add(row)
            author = user.email if user else "console"
            record = self._save_version(
                session, row, row.latest_version, brief_input, brief, author, change
            )
            session.commit()
        return record

    def _build(self, session: Session, brief_input: BriefInput, user: Person | None) -> Brief:
        owners = self._owners(session, brief_input)
        participants, employers = participant_checks(
            session,
            brief_input,
            [o.id for o in owners],  # type: ignore[misc]
            viewer=user,
            cooling_off_years=self.settings.cooling_off_years,
        )
        table = [
            TableOrganisation(name=o.name, kind=str(o.kind), owner=True) for o in owners
        ] + employers
        viewer = access.viewer_for(session, user) if user else Viewer.anonymous()
        chain = self._chain()
        sources = SourceList()
        need, tried = gather(chain, brief_input, viewer, sources)
        brief = assemble(
            brief_input, table, participants, need, tried, sources.citations, model=chain.model_name
        )
        facts = BriefFacts(
            input=brief_input,
            organisations=table,
            vendor_names=_vendor_names(session),
        )
        brief.findings = run_checks(brief, facts)
        brief.compass = compass_check.check_compass(brief, facts, self.compass())
        return brief

    def compass(self) -> compass_check.Compass:
        return compass_check.load_compass(self.settings.knowledge_dir / compass_check.COMPASS_FILE)

    @staticmethod
    def _owners(session: Session, brief_input: BriefInput) -> list[Organisation]:
        """The organisations behind the need, as the registry knows them; unknown ones refused."""
        found: dict[int, Organisation] = {}
        for reference in brief_input.organisations:
            try:
                organisation = resolve_organisation(session=session, reference=reference)
            except (NotFoundError, InvalidInputError) as exc:
                raise type(exc)(f"Organisation '{reference}' in the brief: {exc}") from None
            found[organisation.id] = organisation  # type: ignore[index]
        return list(found.values())

    def _save_version(
        self,
        session: Session,
        row: BriefRow,
        version: int,
        brief_input: BriefInput,
        brief: Brief,
        author: str,
        change: FindingChange | None,
    ) -> BriefRecord:
        stored = BriefVersionRow(
            brief_id=row.id,  # type: ignore[arg-type]
            version=version,
            author=author,
            input=brief_input.model_dump(mode="json"),
            content=brief.model_dump(mode="json"),
        )
        session.add(stored)
        append_event(
            session,
            actor=author,
            action="brief.draft" if version == 1 else "brief.revise",
            entity="brief",
            entity_id=row.id,
            after={
                "version": version,
                "title": brief.title,
                "input": brief_input.model_dump(mode="json"),
                "findings": [f.check for f in brief.findings],
            },
        )
        session.flush()
        return _record(row, stored, change)

    # Reading -------------------------------------------------------------------------------

    def get(self, brief_id: int, user: Person | None, version: int | None = None) -> BriefRecord:
        # The role first, as `list` does: a partner learns nothing, not even whether an id exists.
        self._may_draft(user)
        with open_session(self.engine) as session:
            row = self._row(session, brief_id)
            self._may_see(user, row)
            stored = self._version(session, brief_id, version or row.latest_version)
            previous = (
                self._version(session, brief_id, stored.version - 1) if stored.version > 1 else None
            )
        change = None
        if previous is not None:
            old = Brief.model_validate(previous.content).findings
            new = Brief.model_validate(stored.content).findings
            change = FindingChange(
                added=[f for f in new if f not in old], resolved=[f for f in old if f not in new]
            )
        return _record(row, stored, change)

    def list(self, user: Person | None) -> list[BriefRow]:
        """The briefs a user may see, newest first: their own; coordinators every one."""
        if user is not None:
            self._may_draft(user)
        with open_session(self.engine) as session:
            query = select(BriefRow).order_by(col(BriefRow.updated_at).desc())
            if user is not None and not access.is_coordinator(user):
                query = query.where(BriefRow.author_id == user.id)
            return list(session.exec(query))

    def summaries(self, user: Person | None) -> list[BriefSummary]:
        """`list` as every surface shows it: one summary per brief, newest first."""
        return [
            BriefSummary(
                id=row.id,  # type: ignore[arg-type]
                title=row.title,
                version=row.latest_version,
                language=row.language,  # type: ignore[arg-type]
                kind=BriefKind(row.kind),
                author=row.author,
                updated_at=row.updated_at,
            )
            for row in self.list(user)
        ]

    def export(
        self, brief_id: int, fmt: str, user: Person | None, version: int | None = None
    ) -> tuple[bytes, str, str]:
        """The brief as a file: its bytes, a file name and the media type."""
        if fmt not in MEDIA_TYPES:
            raise InvalidInputError(f"Unknown export format '{fmt}': use md or docx")
        record = self.get(brief_id, user, version)
        data = render_markdown(record).encode("utf-8") if fmt == "md" else render_docx(record)
        name = f"brief-{record.id}-v{record.version}.{fmt}"
        return data, name, MEDIA_TYPES[fmt]

    @staticmethod
    def _row(session: Session, brief_id: int) -> BriefRow:
        if not 1 <= brief_id <= MAX_ID:
            raise NotFoundError(f"No brief with id {brief_id}")
        row = session.get(BriefRow, brief_id)
        if row is None:
            raise NotFoundError(f"No brief with id {brief_id}")
        return row

    @staticmethod
    def _version(session: Session, brief_id: int, version: int) -> BriefVersionRow:
        stored = session.get(BriefVersionRow, (brief_id, version))
        if stored is None:
            raise NotFoundError(f"Brief {brief_id} has no version {version}")
        return stored


def _parse(data: BriefInput | dict[str, Any]) -> BriefInput:
    if isinstance(data, BriefInput):
        return data
    try:
        return BriefInput.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "brief"
        raise InvalidInputError(f"{where}: {error['msg']}") from None


def _vendor_names(session: Session) -> list[str]:
    companies = [o for o in list_organisations(session=session) if o.kind == OrgKind.company]
    return [name for o in companies for name in [o.name, *(o.aliases or [])]]


def _record(row: BriefRow, stored: BriefVersionRow, change: FindingChange | None) -> BriefRecord:
    return BriefRecord(
        id=row.id,  # type: ignore[arg-type]
        version=stored.version,
        author=stored.author,
        created_at=stored.created_at.isoformat(timespec="seconds"),
        input=BriefInput.model_validate(stored.input),
        brief=Brief.model_validate(stored.content),
        changes=change,
    )
