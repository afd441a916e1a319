"""`arena gaps list` and `arena gaps export`, on stored chats in both databases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.common import use_services
from assistant.services import Services
from tests.registry.chat_rows import Chat, clear_chat_tables, turn
from tests.registry.conftest import World

QUESTION = "Hvor mange senger har sykehuset?"


@pytest.fixture
def cli(services: Services) -> Iterator[CliRunner]:
    use_services(services)
    yield CliRunner()
    use_services(None)


@pytest.fixture
def thread(services: Services, world: World) -> str:
    """A partner's conversation: one answer rated down with a comment."""
    clear_chat_tables(services.engine)
    chat = Chat(services.engine)
    thread_id = chat.thread("kari@ous.no", "Senger")
    chat.ask(thread_id, QUESTION)
    cited = {"kind": "cited", "n": 1, "source": "sykehus.md", "location": "Senger",
             "quote": "Sykehuset har mange senger."}  # fmt: skip
    answer = chat.answer(thread_id, turn(QUESTION, "Sykehuset har mange senger [1].",
                                         sources=[cited]))  # fmt: skip
    chat.rate(answer, thread_id, 0, "Mangler tallet")
    return thread_id


def run(cli: CliRunner, *args: str, code: int = 0) -> str:
    result = cli.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def test_gaps_list_prints_the_gaps_grouped_as_a_table_or_json(cli: CliRunner, thread: str) -> None:
    table = run(cli, "gaps", "list", "--by", "document", "--as", "ola@arena.no")
    assert "Knowledge gaps by document: 1" in table
    assert "sykehus.md" in table
    assert "Mangler tallet" in table

    data = json.loads(run(cli, "gaps", "list", "--json"))  # the operator, without --as
    assert data["by"] == "topic"
    (group,) = data["groups"]
    assert group["key"] == "sykehuset"  # a tie: the longer term
    (gap,) = group["gaps"]
    assert (gap["thread_id"], gap["question"]) == (thread, QUESTION)
    assert (gap["rated_down"], gap["comment"], gap["user"]) == (True, "Mangler tallet",
                                                                "kari@ous.no")  # fmt: skip


def test_gaps_list_refuses_a_partner_and_a_bad_grouping_in_one_line(
    cli: CliRunner, thread: str
) -> None:
    refused = run(cli, "gaps", "list", "--as", "kari@ous.no", code=1)
    assert refused.startswith("Error: Only coordinators see knowledge gaps")
    assert refused.count("\n") == 1
    assert "--by must be topic or document" in run(cli, "gaps", "list", "--by", "user", code=1)


def test_gaps_export_writes_json_or_markdown_for_the_owner_only(
    cli: CliRunner, thread: str, tmp_path: Path
) -> None:
    data = json.loads(run(cli, "gaps", "export", thread, "--as", "kari@ous.no"))
    assert [m["role"] for m in data["messages"]] == ["user", "assistant"]
    assert data["messages"][1]["rating"] == {"value": "down", "comment": "Mangler tallet"}

    target = tmp_path / "samtale.md"
    out = run(cli, "gaps", "export", thread, "--format", "md", "--output", str(target))
    assert "Wrote the conversation" in out
    markdown = target.read_text(encoding="utf-8")
    assert markdown.startswith("# Samtale: Senger")
    assert "Kommentar: Mangler tallet" in markdown
    english = run(cli, "gaps", "export", thread, "--format", "md", "--language", "en")
    assert english.startswith("# Conversation: Senger")

    other = run(cli, "gaps", "export", thread, "--as", "per@baerum.kommune.no", code=1)
    assert "is not yours" in other
    assert "--format must be json or md" in run(cli, "gaps", "export", thread, "--format",
                                                "pdf", code=1)  # fmt: skip
    assert "No stored conversation" in run(cli, "gaps", "export", "nope", code=1)
