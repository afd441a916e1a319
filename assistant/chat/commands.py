"""Slash commands typed in the chat: their words in both languages, parsed into a `Command`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.i18n import Language, say
from assistant.registry.errors import InvalidInputError
from assistant.registry.models import Role

# Command word -> (canonical command, language of the reply).
ALIASES: dict[str, tuple[str, Language]] = {
    "erklæringer": ("declarations", "no"),
    "erklaeringer": ("declarations", "no"),
    "declarations": ("declarations", "en"),
    "sjekk": ("check", "no"),
    "check": ("check", "en"),
    "offentlig": ("public", "no"),
    "public": ("public", "en"),
    "gjennomgå": ("review", "no"),
    "gjennomga": ("review", "no"),
    "review": ("review", "en"),
    "send": ("submit", "no"),
    "submit": ("submit", "en"),
    "trekk": ("withdraw", "no"),
    "withdraw": ("withdraw", "en"),
    "brukere": ("people", "no"),
    "users": ("people", "en"),
    "hjelp": ("help", "no"),
    "help": ("help", "en"),
}
# Words that start a guided flow (chat/briefs.py, declare.py, uploads.py, admin.py) rather than
# a registry reply: word -> (flow, language of the flow; None: "brief" is both, the browser's).
FLOWS: dict[str, tuple[str, Language | None]] = {
    "brief": ("brief", None),
    "erklær": ("declare", "no"),
    "erklaer": ("declare", "no"),
    "declare": ("declare", "en"),
    "lastopp": ("upload", "no"),
    "upload": ("upload", "en"),
    # The coordinators' flows (chat/admin.py)
    "nybruker": ("add_person", "no"),
    "newuser": ("add_person", "en"),
    "nyorganisasjon": ("add_organisation", "no"),
    "neworganisation": ("add_organisation", "en"),
    "planlegg": ("plan", "no"),
    "plan": ("plan", "en"),
    "logg": ("audit", "no"),
    "audit": ("audit", "en"),
    "hull": ("gaps", "no"),  # knowledge gaps (assistant.chat.gaps)
    "gaps": ("gaps", "en"),
    "eksport": ("export", "no"),  # this conversation as files (assistant.chat.gaps)
    "export": ("export", "en"),
}
# What the chat's composer offers, with an icon each; the descriptions are `chat_command_<word>`.
# The composer keeps this order among equally good matches: "/erklær" then Enter picks "erklær".
COMPOSER_COMMANDS: list[tuple[str, str]] = [
    ("erklær", "file-pen"),
    ("erklæringer", "file-text"),
    ("sjekk", "shield-alert"),
    ("offentlig", "users"),
    ("gjennomgå", "gavel"),
    ("brief", "notebook-pen"),
    ("lastopp", "upload"),
    ("brukere", "contact"),
    ("nybruker", "user-plus"),
    ("nyorganisasjon", "building-2"),
    ("planlegg", "calendar-plus"),
    ("logg", "shield-check"),
    ("hjelp", "circle-help"),
    ("hull", "search-x"),
    ("eksport", "download"),
]
# Who is offered a command. The registry decides who may run it: a hidden command typed by
# hand still reaches the service, which refuses it.
OFFERED_TO: dict[str, frozenset[Role]] = {
    "sjekk": frozenset({Role.facilitator, Role.coordinator}),
    "gjennomgå": frozenset({Role.coordinator}),
    "brukere": frozenset({Role.coordinator}),
    "brief": frozenset({Role.facilitator, Role.coordinator}),
    "nybruker": frozenset({Role.coordinator}),
    "nyorganisasjon": frozenset({Role.coordinator}),
    "planlegg": frozenset({Role.coordinator}),
    "logg": frozenset({Role.coordinator}),
    "hull": frozenset({Role.coordinator}),
}
_COMMAND = re.compile(r"^/(\w+)(?:\s+(.*))?$", re.DOTALL)
_ID = re.compile(r"^#?\d+$")


@dataclass(frozen=True)
class Command:
    """A registry command from the chat: canonical name, the word typed, its arguments."""

    name: str
    word: str
    args: list[str] = field(default_factory=list)
    language: Language = "no"


def parse_command(text: str, command: str | None = None) -> Command | None:
    """The registry command in a message, or None when it is an ordinary question.

    `command` is the id Chainlit sends when the user picked a command in the composer;
    then `text` holds only its argument, an id or nothing; other text is read as if no
    command were picked (a question, or a typed command). A typed
    `/word` we don't know is still ours (answered with help), but a composer command we
    don't know belongs to someone else.
    """
    if command:
        known = ALIASES.get(command.strip().lower())
        if known is None:
            return None
        args = text.split()
        # A command picked in the composer stays attached to what is typed next; text that
        # is not its argument (an id, or nothing) is read on its own, as if no command were.
        if len(args) <= 1 and all(_ID.match(a) for a in args):
            return Command(known[0], command.strip().lower(), args, known[1])
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    word = match.group(1).lower()
    args = (match.group(2) or "").split()
    name, language = ALIASES.get(word, ("unknown", "no"))
    return Command(name, word, args, language)


def parse_flow(text: str, command: str | None = None) -> tuple[str, Language | None] | None:
    """The flow a message starts ("/brief", "/erklær", "/lastopp", "/upload"...), or None.

    A flow picked in the composer follows the browser's language (None); a typed word its own.
    """
    if command:
        flow = FLOWS.get(command.strip().lower())
        return (flow[0], None) if flow else None
    match = _COMMAND.match(text.strip())
    return FLOWS.get(match.group(1).lower()) if match else None


def command_id(command: Command) -> int:
    """The record id the command names (`/review 12`, `/sjekk #3`); a clear error if none."""
    text = command.args[0].lstrip("#") if command.args else ""
    if not text.isdigit() or not 1 <= int(text) <= 2**31 - 1:
        raise InvalidInputError(say("chat_need_id", command.language, word=command.word))
    return int(text)


def composer_commands(role: Role | None, language: Language = "no") -> list[dict[str, object]]:
    """The commands a role is offered, as Chainlit's composer takes them.

    Never persistent: a command picked in the composer applies to the message it is sent
    with, and the next message is a question again.
    """
    return [
        {
            "id": word,
            "description": say(f"chat_command_{word}", language),
            "icon": icon,
            "button": False,
            "persistent": False,
            "selected": False,
        }
        for word, icon in COMPOSER_COMMANDS
        if role is not None and role in OFFERED_TO.get(word, frozenset(Role))
    ]
