"""Parsing the chat's slash commands (assistant.chat.commands)."""

from __future__ import annotations

import pytest

from assistant.chat.commands import (
    Command,
    command_id,
    composer_commands,
    parse_command,
    parse_flow,
)
from assistant.registry.errors import InvalidInputError
from assistant.registry.models import Role


@pytest.mark.parametrize(
    ("text", "name", "args", "language"),
    [
        ("/erklæringer", "declarations", [], "no"),
        ("/declarations", "declarations", [], "en"),
        ("/sjekk 3", "check", ["3"], "no"),
        ("/check  #3 ", "check", ["#3"], "en"),
        ("/offentlig", "public", [], "no"),
        ("/public", "public", [], "en"),
        ("/gjennomgå 12", "review", ["12"], "no"),
        ("/Review 12", "review", ["12"], "en"),
        ("/send 4", "submit", ["4"], "no"),
        ("/withdraw 4", "withdraw", ["4"], "en"),
        ("/hjelp", "help", [], "no"),
        ("/brukere", "people", [], "no"),
        ("/users", "people", [], "en"),
        ("/whatever", "unknown", [], "no"),
    ],
)
def test_parse_command(text: str, name: str, args: list[str], language: str) -> None:
    command = parse_command(text)
    assert command is not None
    assert (command.name, command.args, command.language) == (name, args, language)


@pytest.mark.parametrize(
    "text", ["Hva er verdikompasset?", "", "/api/v1/health er nede", "se /sjekk", "/"]
)
def test_ordinary_messages_are_not_commands(text: str) -> None:
    assert parse_command(text) is None


def test_composer_commands_carry_their_arguments_in_the_text() -> None:
    assert parse_command("7", "sjekk") == Command("check", "sjekk", ["7"], "no")
    assert parse_command(" #7 ", "gjennomgå") == Command("review", "gjennomgå", ["#7"], "no")
    assert parse_command("", "erklæringer") == Command("declarations", "erklæringer", [], "no")
    # A composer command we don't know belongs to someone else's handler.
    assert parse_command("7", "draw") is None


def test_a_command_left_attached_does_not_hijack_the_next_message() -> None:
    """The composer keeps a picked command on whatever is typed next: a question stays one."""
    assert parse_command("Hva er verdikompasset?", "erklæringer") is None
    assert parse_command("tillit", "sjekk") is None
    # A command typed over the attached one is the one that counts.
    assert parse_command("/sjekk 3", "erklæringer") == Command("check", "sjekk", ["3"], "no")


def test_command_id_accepts_a_number_or_a_hash_number_only() -> None:
    assert command_id(Command("review", "review", ["12"], "en")) == 12
    assert command_id(Command("check", "sjekk", ["#3"], "no")) == 3
    for args in ([], ["x"], ["0"], [str(2**31)]):
        with pytest.raises(InvalidInputError, match="for eksempel `/sjekk 12`"):
            command_id(Command("check", "sjekk", args, "no"))


def test_the_composer_offers_each_role_its_commands_with_descriptions() -> None:
    offered = composer_commands(Role.coordinator)
    ids = [
        "erklær",
        "erklæringer",
        "sjekk",
        "offentlig",
        "gjennomgå",
        "brief",
        "lastopp",
        "brukere",
        "nybruker",
        "nyorganisasjon",
        "planlegg",
        "logg",
        "hjelp",
        "hull",
        "eksport",
    ]
    assert [c["id"] for c in offered] == ids
    assert offered[2]["description"] == "Konfliktsjekk av en aktivitet: /sjekk ID"
    for command in offered:  # each word is a registry command or a flow, never both
        word = str(command["id"])
        assert (parse_command("", word) is None) != (parse_flow("", word) is None), word
    assert not any(c["persistent"] for c in offered)  # never stays for the next message
    facilitator = [c["id"] for c in composer_commands(Role.facilitator, "en")]
    assert facilitator == [
        "erklær",
        "erklæringer",
        "sjekk",
        "offentlig",
        "brief",
        "lastopp",
        "hjelp",
        "eksport",
    ]
    assert [c["id"] for c in composer_commands(Role.partner)] == [
        "erklær",
        "erklæringer",
        "offentlig",
        "lastopp",
        "hjelp",
        "eksport",
    ]
    assert composer_commands(None) == []  # without sign-in there is nobody to run them for
    english = composer_commands(Role.partner, "en")
    assert english[1]["description"] == "My declarations, or those awaiting review"


def test_flow_words_start_their_flow_in_their_language_and_nothing_else_does() -> None:
    assert parse_flow("/brief") == ("brief", None)  # one word in both: the browser decides
    assert parse_flow("/lastopp") == ("upload", "no")
    assert parse_flow("  /Upload  ") == ("upload", "en")
    assert parse_flow("", "lastopp") == ("upload", None)  # picked in the composer
    assert parse_flow("Hva er en brief?") is None
    assert parse_flow("/erklæringer") is None
    assert parse_flow("/erklær") == ("declare", "no")
    assert parse_flow("/Declare") == ("declare", "en")
    assert parse_flow("", "erklær") == ("declare", None)
    assert parse_flow("", "sjekk") is None
    assert parse_flow("/nybruker") == ("add_person", "no")
    assert parse_flow("/newuser") == ("add_person", "en")
    assert parse_flow("", "planlegg") == ("plan", None)
    assert parse_flow("/audit") == ("audit", "en")
