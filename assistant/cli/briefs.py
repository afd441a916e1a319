"""`arena brief`: draft, list, show, revise and export challenge briefs through the brief service."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.briefs.model import BriefRecord
from assistant.cli.common import (
    console,
    echo_json,
    handle_errors,
    print_table,
    registry_session,
    services,
)
from assistant.registry.errors import InvalidInputError
from assistant.registry.models import Person
from assistant.registry.people import get_person_by_email

brief_app = typer.Typer(
    help="Challenge briefs: from a need to a workshop-ready brief checked against the value "
    "compass.",
    no_args_is_help=True,
)

# Far beyond any field's limit, so the brief's own model names the real one; only a runaway
# file or pipe is cut short here.
MAX_READ_CHARS = 1_000_000
STDIN = "-"


class DraftFormat(StrEnum):
    md = "md"
    docx = "docx"
    json = "json"


class ShowFormat(StrEnum):
    md = "md"
    json = "json"


class ExportFormat(StrEnum):
    md = "md"
    docx = "docx"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    app.add_typer(brief_app, name="brief")
    brief_app.command("draft")(draft)
    brief_app.command("list")(list_briefs)
    brief_app.command("show")(show)
    brief_app.command("revise")(revise)
    brief_app.command("export")(export)


def _text(what: str) -> Any:
    return typer.Option(help=f"{what}; '-' reads standard input, @FILE a file.")


Orgs = Annotated[
    list[str] | None,
    typer.Option("--org", help="Organisation behind the need: name, alias or number; repeat."),
]
Participants = Annotated[
    list[str] | None,
    typer.Option(
        "--participant", help="Planned participant: a registry e-mail or a free name; repeat."
    ),
]
Kind = Annotated[
    str | None,
    typer.Option(help="co-creation (default), advisory, evaluation, selection or procurement."),
]
When = Annotated[str | None, typer.Option("--date", help="The activity's date, YYYY-MM-DD.")]
Language = Annotated[str | None, typer.Option(help="no (Norwegian, default) or en.")]
Outcomes = Annotated[str | None, _text("Desired outcomes, with baseline and target")]
Scope = Annotated[str | None, _text("In and out of scope; what has been tried")]
Constraints = Annotated[str | None, _text("Constraints, stated as functions, not brands")]
Data = Annotated[str | None, _text("Access to data and test environments")]
Ipr = Annotated[str | None, _text("Ownership, IPR, buying and selling between partners")]
Out = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="File, or folder for brief-ID-vN.EXT, to write; '-' or none: standard output, "
        "which for docx must not be a terminal.",
    ),
]
AsUser = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Act as this registry user (a facilitator sees only their own briefs; a partner "
        "is refused); default the console operator.",
    ),
]
BriefId = Annotated[int, typer.Argument(help="The brief's id.")]
Version = Annotated[int | None, typer.Option(min=1, help="That version; default the newest.")]


@handle_errors
def draft(
    title: Annotated[str, typer.Option(help="The brief's title.")],
    need: Annotated[str, _text("Who struggles with what, today, in a few sentences")],
    org: Orgs = None,
    participant: Participants = None,
    kind: Kind = None,
    when: When = None,
    language: Language = None,
    outcomes: Outcomes = None,
    scope: Scope = None,
    constraints: Constraints = None,
    data: Data = None,
    ipr: Ipr = None,
    fmt: Annotated[DraftFormat, typer.Option("--format", help="md, docx or json.")] = (
        DraftFormat.md
    ),
    out: Out = None,
    as_user: AsUser = None,
) -> None:
    """Draft a challenge brief from a need, check it against the value compass and save it.

    Evidence comes from the knowledge base with checked citations; what neither the input nor
    the knowledge base can fill is marked open. The brief's id and findings go to stderr.

    Example: arena brief draft --title "Hjemmeoppfølging" --need @behov.txt --org OUS --participant kari@ous.no --date 2026-10-01 --format docx --out brief.docx
    """
    fields = _fields(
        title=title,
        need=need,
        organisations=org,
        participants=participant,
        kind=kind,
        date=when,
        language=language,
        outcomes=outcomes,
        scope=scope,
        constraints=constraints,
        data=data,
        ipr=ipr,
    )
    _check_destination(fmt, out)
    user = _user(as_user)
    record = services().briefs.draft(fields, user)
    _emit(record, fmt, out, user)


@handle_errors
def revise(
    brief_id: BriefId,
    title: Annotated[str | None, typer.Option(help="A new title.")] = None,
    need: Annotated[str | None, _text("The need, restated")] = None,
    org: Orgs = None,
    participant: Participants = None,
    kind: Kind = None,
    when: When = None,
    language: Language = None,
    outcomes: Outcomes = None,
    scope: Scope = None,
    constraints: Constraints = None,
    data: Data = None,
    ipr: Ipr = None,
    fmt: Annotated[DraftFormat, typer.Option("--format", help="md, docx or json.")] = (
        DraftFormat.md
    ),
    out: Out = None,
    as_user: AsUser = None,
) -> None:
    """Save a new version with the given fields changed, checked afresh; shows what changed.

    Fields not given keep their value; --org or --participant replace the whole list. With no
    field at all, the brief is re-checked as it stands (the registry may have changed).

    Example: arena brief revise 3 --outcomes "Fra 52 kontroller i året til under 20 innen 2027"
    """
    changes = _fields(
        title=title,
        need=need,
        organisations=org,
        participants=participant,
        kind=kind,
        date=when,
        language=language,
        outcomes=outcomes,
        scope=scope,
        constraints=constraints,
        data=data,
        ipr=ipr,
    )
    _check_destination(fmt, out)
    user = _user(as_user)
    record = services().briefs.revise(brief_id, changes, user)
    _emit(record, fmt, out, user)


@handle_errors
def list_briefs(
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or json.")] = (
        ListFormat.table
    ),
    as_user: AsUser = None,
) -> None:
    """List briefs, newest first: a facilitator's own; the console's and coordinators' all.

    Example: arena brief list --as frida@arena.no
    """
    rows = services().briefs.summaries(_user(as_user))
    if fmt == ListFormat.json:
        echo_json([row.model_dump(mode="json") for row in rows])
        return
    print_table(
        "Briefs",
        ["id", "title", "version", "language", "kind", "author", "updated"],
        [
            [
                r.id,
                r.title,
                r.version,
                r.language,
                r.kind.value,
                r.author,
                r.updated_at.strftime("%Y-%m-%d %H:%M"),
            ]
            for r in rows
        ],
    )


@handle_errors
def show(
    brief_id: BriefId,
    version: Version = None,
    fmt: Annotated[ShowFormat, typer.Option("--format", help="md or json.")] = ShowFormat.md,
    as_user: AsUser = None,
) -> None:
    """Show a brief (its newest version, or --version N) as Markdown or JSON.

    Example: arena brief show 3 --version 1 --format json
    """
    user = _user(as_user)
    if fmt == ShowFormat.json:
        echo_json(services().briefs.get(brief_id, user, version).as_json())
        return
    data, _name, _media = services().briefs.export(brief_id, "md", user, version)
    _write(data, None, binary=False)


@handle_errors
def export(
    brief_id: BriefId,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="md or docx.")] = ExportFormat.md,
    out: Out = None,
    version: Version = None,
    as_user: AsUser = None,
) -> None:
    """Export a brief as Markdown or Word; into --out FOLDER as brief-ID-vN.md|docx.

    Example: arena brief export 3 --format docx --out briefs/
    """
    _check_destination(fmt, out)
    data, name, _media = services().briefs.export(brief_id, fmt.value, _user(as_user), version)
    _write(data, _target(out, name), binary=fmt == ExportFormat.docx)


# Helpers -------------------------------------------------------------------------------------


def _user(email: str | None) -> Person | None:
    """Whom the service sees: `--as EMAIL`, or None for the operator at the console."""
    if email is None:
        return None
    with registry_session() as session:
        return get_person_by_email(session=session, email=email)


def _fields(**values: Any) -> dict[str, Any]:
    """The options given, with '-' and @FILE text read; options left out are not in it."""
    if sum(1 for value in values.values() if value == STDIN) > 1:
        raise InvalidInputError("Only one option can read standard input ('-')")
    given = {key: value for key, value in values.items() if value is not None}
    for key, value in given.items():
        if isinstance(value, str) and (value == STDIN or value.startswith("@")):
            given[key] = _read_text(value, key)
    return given


def _read_text(value: str, field: str) -> str:
    option = f"--{field}"
    if value == STDIN:
        where = "standard input"
        text = sys.stdin.read(MAX_READ_CHARS + 1)
    else:
        path = Path(value[1:])
        where = str(path)
        try:
            with path.open(encoding="utf-8") as stream:
                text = stream.read(MAX_READ_CHARS + 1)
        except OSError as exc:
            raise InvalidInputError(f"{option}: cannot read {path}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise InvalidInputError(f"{option}: {path} is not UTF-8 text") from None
    if len(text) > MAX_READ_CHARS:
        raise InvalidInputError(f"{option}: {where} holds more than {MAX_READ_CHARS} characters")
    return text


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _check_destination(fmt: StrEnum, out: Path | None) -> None:
    """Refuse a destination that cannot take the file before any drafting work is done."""
    to_stdout = out is None or str(out) == STDIN
    if fmt.value == "docx" and to_stdout and _stdout_is_terminal():
        raise InvalidInputError(
            "A Word file is binary and is not written to a terminal: give --out FILE"
        )
    if out is None or to_stdout:
        return
    try:
        usable = out.is_dir() or out.parent.is_dir()
    except OSError as exc:  # a name too long, a loop of links
        raise InvalidInputError(f"Cannot write {out}: {exc.strerror}") from None
    if not usable:
        raise InvalidInputError(f"Cannot write {out}: no folder {out.parent}")


def _target(out: Path | None, name: str) -> Path | None:
    """`--out FOLDER` gets the service's file name, brief-ID-vN.EXT, inside it."""
    return out / name if out is not None and out.is_dir() else out


def _emit(record: BriefRecord, fmt: DraftFormat, out: Path | None, user: Person | None) -> None:
    """The saved version in the chosen format, then its id and findings on stderr."""
    if fmt == DraftFormat.json:
        data = (json.dumps(record.as_json(), ensure_ascii=False) + "\n").encode("utf-8")
        name = f"brief-{record.id}-v{record.version}.json"
    else:
        data, name, _media = services().briefs.export(record.id, fmt.value, user, record.version)
    try:
        _write(data, _target(out, name), binary=fmt == DraftFormat.docx)
    except InvalidInputError as exc:
        # The version is saved already: say so, and how to get the file again.
        raise InvalidInputError(
            f"{exc} (brief {record.id} version {record.version} is saved: "
            f"`arena brief export {record.id}`)"
        ) from None
    _summarise(record)


def _write(data: bytes, out: Path | None, *, binary: bool) -> None:
    if out is None or str(out) == STDIN:
        if binary:
            typer.echo(data, nl=False)
        else:
            typer.echo(data.decode("utf-8"), nl=False)
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise InvalidInputError(f"Cannot write {out}: {exc.strerror}") from None
    console.print(f"Wrote {out}", highlight=False, markup=False)


def _summarise(record: BriefRecord) -> None:
    findings = record.brief.findings
    blockers = sum(1 for f in findings if f.severity == "blocker")
    open_sections = len(record.brief.open_sections())
    console.print(
        f"Brief {record.id}, version {record.version}: {len(findings)} finding(s), "
        f"{blockers} blocker(s), {open_sections} open section(s)",
        highlight=False,
    )
    if record.changes is None:
        return
    for finding in record.changes.resolved:
        console.print(f"  resolved: {finding.check}", highlight=False)
    for finding in record.changes.added:
        console.print(f"  added: {finding.check}", highlight=False)
