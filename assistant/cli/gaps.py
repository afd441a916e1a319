"""`arena gaps`: knowledge gaps in the stored chat conversations, and conversation exports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import console, echo_json, handle_errors, registry_session
from assistant.registry import gaps as knowledge_gaps
from assistant.registry.conversation_export import FORMATS, export_conversation
from assistant.registry.errors import InvalidInputError

gaps_app = typer.Typer(
    help="Knowledge gaps: the questions the assistant did not answer and the answers rated "
    "down, from the chat's stored conversations; and a conversation's export.",
    no_args_is_help=True,
)
AS_HELP = (
    "Read as this user, whose role decides (coordinators only for gaps; anyone for their own "
    "conversation). Without it, the server's operator reads everything."
)


def register(app: typer.Typer) -> None:
    app.add_typer(gaps_app, name="gaps")
    gaps_app.command("list")(list_gaps)
    gaps_app.command("export")(export)


@handle_errors
def list_gaps(
    by: Annotated[str, typer.Option("--by", help="topic or document.")] = "topic",
    as_email: Annotated[str | None, typer.Option("--as", help=AS_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the knowledge gaps, grouped by the question's topic or by document.

    A topic is a content word the questions share (stemmed by the keyword index's Norwegian
    analyzer); a document is one the answer cited or named as closest.

    Example: arena gaps list --by document --as ola@arena.no
    """
    if by not in knowledge_gaps.GROUPINGS:
        raise InvalidInputError("--by must be topic or document")
    with registry_session() as session:
        found = knowledge_gaps.knowledge_gaps(
            session=session, email=as_email, operator=as_email is None
        )
    groups = knowledge_gaps.group_gaps(found, by)  # type: ignore[arg-type]
    if as_json:
        echo_json(knowledge_gaps.gaps_json(groups, by))  # type: ignore[arg-type]
        return
    if not found:
        console.print("No knowledge gaps: nothing went unanswered and nothing was rated down.")
        return
    typer.echo(f"Knowledge gaps by {by}: {len(found)}")
    for group in groups:
        typer.echo(f"\n{group.key or f'(no {by})'} ({len(group.gaps)})")
        for gap in group.gaps:
            typer.echo(f"  {gap.asked_at[:16].replace('T', ' ')}  {gap.user}  "
                       f"{', '.join(_kinds(gap))}: {gap.question}")  # fmt: skip
            why = " · ".join(p for p in (gap.comment, gap.reason) if p)
            if why:
                typer.echo(f"    why: {why}")
            if gap.documents:
                typer.echo(f"    documents: {', '.join(gap.documents)}")
            typer.echo(f"    conversation: {gap.thread_id}")


def _kinds(gap: knowledge_gaps.Gap) -> list[str]:
    return [k for k, on in (("not covered", gap.abstained), ("rated down", gap.rated_down)) if on]


@handle_errors
def export(
    thread_id: Annotated[
        str, typer.Argument(help="The conversation's id (see `arena gaps list`).")
    ],
    fmt: Annotated[str, typer.Option("--format", help="json or md.")] = "json",
    as_email: Annotated[str | None, typer.Option("--as", help=AS_HELP)] = None,
    language: Annotated[str, typer.Option(help="Labels of the Markdown: no or en.")] = "no",
    output: Annotated[
        Path | None, typer.Option(help="File to write; default standard output.")
    ] = None,
) -> None:
    """Export one conversation: questions, answers, sources, mode, ratings and comments.

    Example: arena gaps export 3f1c0b6e-... --format md --output conversation.md
    """
    if fmt not in FORMATS:
        raise InvalidInputError("--format must be json or md")
    if language not in ("no", "en"):
        raise InvalidInputError("--language must be no or en")
    with registry_session() as session:
        body, _name, _media = export_conversation(
            session=session,
            thread_id=thread_id,
            fmt=fmt,
            email=as_email,
            operator=as_email is None,
            language="en" if language == "en" else "no",
        )
    if output is None:
        typer.echo(body, nl=False)
        return
    output.write_text(body, encoding="utf-8")
    console.print(f"Wrote the conversation to {output}")
