"""Knowledge commands: ingest, sources, remove, search, eval retrieval."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.cli.common import (
    console,
    echo_json,
    handle_errors,
    registry_session,
    services,
    viewer_as,
)
from assistant.evaluation.retrieval import evaluate_retrieval, load_questions, write_report
from assistant.index.retrieval import Mode
from assistant.registry import access
from ingest.loaders import find_files

DEFAULT_QUESTIONS = Path("../shared/eval/dev.jsonl")
AS_OPTION = typer.Option(
    "--as",
    help="Search as this registry user (their organisation's private documents included); "
    "without it, arena-wide documents only.",
)
eval_app = typer.Typer(
    help="Measure retrieval and answers on a question set.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(sources)
    app.command()(remove)
    app.command()(search)
    app.add_typer(eval_app, name="eval")
    eval_app.command("retrieval")(eval_retrieval)


@handle_errors
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    visibility: Annotated[
        str | None, typer.Option(help="Who may see it: 'arena' (default) or 'org:NAME'.")
    ] = None,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when the index already has documents.")
    ] = False,
) -> None:
    """Ingest .txt, .md, .pdf, .docx, .pptx and .html files into the knowledge index.

    Unchanged files are skipped; a changed file replaces its old chunks. A bad file is
    reported and the rest still land; the exit status is 1 if any file failed.

    Example: arena ingest knowledge/ reports/plan.pdf --visibility org:OUS
    """
    svc = services()
    if visibility is not None:
        # Checked against the registry first: a tag no organisation reads would hide the file.
        with registry_session() as session:
            visibility = access.visibility_tag(session, visibility)
    if if_empty and svc.store.documents():
        svc.index.sync()
        console.print(f"Index already holds {len(svc.store.documents())} documents; nothing to do.")
        return
    files = find_files(paths)
    if not files:
        console.print("[red]Error:[/red] no supported files found in " + ", ".join(map(str, paths)))
        raise typer.Exit(1)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("Ingesting", total=len(files))

        def progress(name: str, status: str) -> None:
            if status == "start":
                bar.update(task, description=f"Ingesting {name}")
            else:
                bar.advance(task)

        report = svc.indexer.ingest(files, visibility=visibility, progress=progress)
    console.print(
        f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.failed)} failed; "
        f"{report.chunks} chunks in {report.seconds:.1f} s"
    )
    for _path, error in report.failed:
        console.print(f"[red]Failed:[/red] {error}", highlight=False)
    if not report.ok:
        raise typer.Exit(1)


@handle_errors
def sources(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List ingested documents with chunk counts and ingest times, and files that failed.

    Example: arena sources --json
    """
    store = services().store
    documents = store.documents()
    failures = store.failures()
    if as_json:
        echo_json(
            {
                "documents": [d.__dict__ for d in documents],
                "failed": [f.__dict__ for f in failures],
            }
        )
        return
    table = Table(title="Documents")
    for column in ("source", "title", "chunks", "visibility", "ingested (UTC)"):
        table.add_column(column)
    for d in documents:
        table.add_row(d.source, d.title[:60], str(d.chunk_count), d.visibility, d.ingested_at)
    Console = type(console)
    out = Console()
    out.print(table)
    if failures:
        failed = Table(title="Last ingest failed")
        for column in ("file", "why", "when (UTC)"):
            failed.add_column(column)
        for f in failures:
            failed.add_row(f.path, f.error, f.failed_at)
        out.print(failed)


@handle_errors
def remove(
    name: Annotated[
        str, typer.Argument(help="The document's file name, as `arena sources` lists it.")
    ],
) -> None:
    """Remove a whole document and all its chunks from the index.

    Example: arena remove old-report.pdf
    """
    count = services().indexer.remove(name)
    console.print(f"Removed {Path(name).name} ({count} chunks).")


@handle_errors
def search(
    query: Annotated[
        str, typer.Argument(help="The query, or '-' to read one query per line from stdin.")
    ],
    k: Annotated[int, typer.Option("--k", "-k", min=1, max=100, help="How many passages.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    mode: Annotated[str, typer.Option(help="hybrid, dense or keyword.")] = "hybrid",
    as_user: Annotated[str | None, AS_OPTION] = None,
) -> None:
    """Find the passages that best match a query (hybrid dense + BM25 search).

    With '-' as QUERY it reads one query per line and writes one JSON object per line.
    Without --as only arena-wide documents are searched.

    Example: arena search "Hva er verdikompasset?" --k 3
    """
    if mode not in ("hybrid", "dense", "keyword"):
        console.print("[red]Error:[/red] --mode must be hybrid, dense or keyword")
        raise typer.Exit(2)
    retriever = services().retriever
    viewer = viewer_as(as_user)
    chosen: Mode = mode  # type: ignore[assignment]
    if query == "-":
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            results = retriever.search(line, k=k, mode=chosen, viewer=viewer)
            echo_json({"query": line, "results": [_result_json(r) for r in results]})
            sys.stdout.flush()
        return
    results = retriever.search(query, k=k, mode=chosen, viewer=viewer)
    if as_json:
        echo_json({"query": query, "results": [_result_json(r) for r in results]})
        return
    if not results:
        typer.echo("No passages matched.")
    for rank, r in enumerate(results, start=1):
        typer.echo(f"[{rank}] {r.source} · {r.location} · score {r.score:.3f}")
        typer.echo("    " + r.text.replace("\n", "\n    "))
        typer.echo("")


def _result_json(result: object) -> dict[str, object]:
    r = result
    return {
        "text": r.text,  # type: ignore[attr-defined]
        "source": r.source,  # type: ignore[attr-defined]
        "location": r.location,  # type: ignore[attr-defined]
        "score": round(r.score, 4),  # type: ignore[attr-defined]
    }


@handle_errors
def eval_retrieval(
    questions: Annotated[Path, typer.Option(help="JSONL question file.")] = DEFAULT_QUESTIONS,
    output: Annotated[Path, typer.Option(help="Folder for the JSON report.")] = Path(
        "bench/results"
    ),
) -> None:
    """Report recall@5, recall@10 and MRR@10 for dense, BM25 and hybrid retrieval.

    Example: arena eval retrieval --questions ../shared/eval/dev.jsonl
    """
    svc = services()
    items = load_questions(questions)
    report = evaluate_retrieval(svc.retriever, items)
    report["settings"] = {
        "embedding_model": svc.settings.embedding_model,
        "chunk_size": svc.settings.chunk_chars,
        "dense_weight": svc.settings.dense_weight,
        "questions_file": str(questions),
    }
    table = Table(
        title=f"Retrieval on {questions.name} ({report['questions']} answerable questions)"
    )
    for column in ("retriever", "recall@5", "recall@10", "MRR@10", "ms/query"):
        table.add_column(column)
    for mode, m in report["modes"].items():  # type: ignore[union-attr]
        table.add_row(
            mode,
            f"{m['recall@5']:.2f}",
            f"{m['recall@10']:.2f}",
            f"{m['mrr@10']:.2f}",
            f"{m['ms_per_query']:.0f}",
        )
    Console = type(console)
    Console().print(table)
    path = write_report(report, output, "retrieval")
    console.print(f"Wrote {path}")
