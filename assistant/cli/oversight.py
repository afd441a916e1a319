"""Registry oversight commands: export, verify the audit chain, reminders, retention purge."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import (
    actor,
    console,
    echo_json,
    handle_errors,
    print_table,
    registry_session,
    services,
)
from assistant.registry import audit, reports, retention
from assistant.registry.errors import AuditChainError, InvalidInputError
from assistant.registry.reminders import reminders as due_reminders
from assistant.text.spreadsheet import write_csv


def register(registry_app: typer.Typer) -> None:
    for command in (export, verify, reminders, purge):
        registry_app.command(command.__name__)(command)


@handle_errors
def export(
    fmt: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
    output: Annotated[
        Path | None, typer.Option(help="File to write; default standard output.")
    ] = None,
) -> None:
    """Export every declaration, one row per interest, as CSV or JSON.

    In CSV, text a spreadsheet would run as a formula (=, +, -, @ first) starts with a '.

    Example: arena registry export --format json --output declarations.json
    """
    if fmt not in ("csv", "json"):
        raise InvalidInputError("--format must be csv or json")
    with registry_session() as session:
        rows = reports.export_rows(session=session)
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "json":
            stream.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        else:
            write_csv(stream, reports.EXPORT_COLUMNS, rows)
    finally:
        if output:
            stream.close()
    if output:
        console.print(f"Wrote {len(rows)} rows to {output}")


@handle_errors
def verify() -> None:
    """Verify the audit log's hash chain; exit status 1 names the first bad event.

    Example: arena registry verify
    """
    with registry_session() as session:
        report = audit.verify_chain(session)
    if not report.ok:
        raise AuditChainError(report.message())
    console.print(report.message())


@handle_errors
def reminders(
    within_days: Annotated[int, typer.Option(min=0, help="Also list approvals due within.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List declarations that are missing, expired, awaiting update or due soon.

    Example: arena registry reminders --within-days 60
    """
    with registry_session() as session:
        due = due_reminders(session=session, within_days=within_days)
    if as_json:
        echo_json([r.__dict__ | {"due": r.due.isoformat() if r.due else None} for r in due])
        return
    if not due:
        console.print("Nobody needs a reminder.")
    print_table(
        "Reminders",
        ["person", "e-mail", "declaration", "status", "why"],
        [[r.person_name, r.email, r.declaration_id, r.status, r.reason] for r in due],
    )


@handle_errors
def purge(
    yes: Annotated[bool, typer.Option("--yes", help="Really delete.")] = False,
    today: Annotated[str | None, typer.Option(help="Pretend today is YYYY-MM-DD.")] = None,
) -> None:
    """Delete records past the retention period (ARENA_RETENTION_YEARS); the purge is audited.

    Activities that ended, and declarations withdrawn or expired, longer ago than the
    retention period are deleted; audit events about them keep only their digest. Chat
    conversations without a message for ARENA_CHAT_RETENTION_DAYS go too.

    Example: arena registry purge --yes
    """
    if not yes:
        raise InvalidInputError("Purging deletes records for good: add --yes to go ahead")
    day = _parse_date(today) if today else None
    settings = services().settings
    with registry_session() as session:
        report = retention.purge_expired_records(
            session=session,
            retention_years=settings.retention_years,
            actor=actor(),
            today=day,
        )
        conversations = retention.purge_expired_conversations(
            session=session,
            retention_days=settings.chat_retention_days,
            actor=actor(),
            today=day,
        )
    console.print(
        f"Purged {len(report.activities)} activities, {len(report.declarations)} "
        f"declarations and {conversations} chat conversations; blanked "
        f"{report.redacted_events} audit payloads"
    )


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"'{text}' is not a date like 2026-03-31") from None
