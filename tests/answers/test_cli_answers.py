"""`arena ask` and `arena eval answers` through Typer's CliRunner on fake services."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.common import use_services
from assistant.services import Services


@pytest.fixture
def cli(indexed: Services) -> Iterator[CliRunner]:
    use_services(indexed)
    yield CliRunner()
    use_services(None)


def test_ask_json_has_the_documented_shape(cli: CliRunner) -> None:
    result = cli.invoke(app, ["ask", "Hva er utnyttelsen av bemannede operasjonsstuer?", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert {"question", "answer", "abstained", "mode", "citations", "removed_sentences"} <= set(
        payload
    )
    assert payload["mode"] == "extractive"
    assert payload["abstained"] is False
    assert set(payload["citations"][0]) == {
        "n",
        "source",
        "location",
        "quote",
        "provenance",
        "provenance_en",
    }
    assert payload["citations"][0]["source"] == "kontrolltarn.txt"


def test_ask_json_of_an_abstention_says_why_and_names_the_closest_documents(
    cli: CliRunner,
) -> None:
    result = cli.invoke(app, ["ask", "Hvor mye penger fikk Kontrolltårn i tilskudd?", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["abstained"] is True
    assert payload["reason"]  # fake embeddings: the off-topic floor may decide first
    assert payload["closest"][0]["source"] == "kontrolltarn.txt"
    assert "kontrolltarn.txt" in payload["answer"]


def test_ask_dash_reads_one_question_per_line(cli: CliRunner) -> None:
    stdin = "Hva er utnyttelsen av bemannede operasjonsstuer?\n\nHva er hovedstaden i Peru?\n"
    result = cli.invoke(app, ["ask", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["abstained"] for line in lines] == [False, True]


def test_ask_prints_a_labelled_answer_with_citations(cli: CliRunner) -> None:
    result = cli.invoke(app, ["ask", "Hva er utnyttelsen av bemannede operasjonsstuer?"])
    assert result.exit_code == 0
    assert "extractive" in result.stdout
    assert "[1] kontrolltarn.txt" in result.stdout


def test_ask_on_an_empty_index_is_one_line_error(fake_services: Services) -> None:
    use_services(fake_services)
    try:
        result = CliRunner().invoke(app, ["ask", "Hva er verdikompasset?"])
    finally:
        use_services(None)
    assert result.exit_code == 1
    assert "arena ingest" in result.output
    assert "Traceback" not in result.output


def test_eval_answers_writes_a_report(cli: CliRunner, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    items = [
        {
            "id": "a",
            "question": "Hva er utnyttelsen av bemannede operasjonsstuer?",
            "source": "kontrolltarn.txt",
            "keywords": ["70"],
            "type": "number",
        },
        {"id": "b", "question": "Hva er hovedstaden i Peru?", "source": [], "type": "unanswerable"},
    ]
    questions.write_text("\n".join(json.dumps(i) for i in items), encoding="utf-8")
    out = tmp_path / "results"
    result = cli.invoke(
        app, ["eval", "answers", "--questions", str(questions), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    (report_file,) = out.glob("answers-*.json")
    metrics = json.loads(report_file.read_text())["metrics"]
    assert metrics == {
        "right_source_answered": 1.0,
        "keyword_coverage": 1.0,
        "false_abstention_rate": 0.0,
        "abstention_recall": 1.0,
    }
