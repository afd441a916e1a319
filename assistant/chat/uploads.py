"""Documents uploaded in the chat: who may read them, ingesting with progress, and a summary.

Files come attached to a message (Chainlit's spontaneous upload) or after "/lastopp" ("/upload").
Who may upload for whom is `registry.access.upload_visibility`; what a file must be (type,
size, text) is the indexer's, which reports each refused file with its reason. An upload never
replaces a document kept for other readers (`keep_others`).
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import chainlit as cl

from assistant.chat.commands import parse_flow
from assistant.chat.flow import (
    ASK_TIMEOUT,
    FlowStopped,
    ask_choice,
    ask_text,
    browser_language,
    send,
    signed_in,
)
from assistant.chat.markdown_safety import inert_markdown
from assistant.chat.registry_markdown import sorry
from assistant.config import Settings
from assistant.errors import ArenaError
from assistant.i18n import Language, detect_language, say
from assistant.index.access import ARENA, ORG_PREFIX
from assistant.registry import access, people
from assistant.registry.db import open_session
from assistant.registry.models import Organisation, Role
from assistant.services import Services, get_services
from assistant.text.markdown import inert_line
from ingest.indexing import IngestReport
from ingest.loaders import SUPPORTED_SUFFIXES

logger = logging.getLogger(__name__)

# The formats the indexer reads, by the media types browsers send for them; some browsers send
# no better than application/octet-stream for Markdown, so the file's ending decides then.
UPLOAD_ACCEPT: dict[str, list[str]] = {
    "text/plain": [".txt", ".md", ".markdown"],
    "text/markdown": [".md", ".markdown"],
    "text/x-markdown": [".md", ".markdown"],
    "text/html": [".html", ".htm"],
    "application/pdf": [".pdf"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": [".pptx"],
    "application/octet-stream": list(SUPPORTED_SUFFIXES),
}
MAX_FILES = 10
OTHER = "other"  # the coordinator's choice to name another organisation
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the user gave it, and where Chainlit keeps its bytes."""

    name: str
    path: Path


@dataclass
class UploadResult:
    """What an upload did: the visibility it was ingested with and the indexer's report."""

    visibility: str
    report: IngestReport
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name, reason) before ingest


def configure(settings: Settings) -> None:
    """Chainlit's upload button: on exactly when someone is signed in to upload as, with the
    indexer's formats and size limit (`ARENA_MAX_FILE_MB`), whatever `.chainlit/config.toml` says.
    """
    from chainlit.config import config

    upload = config.features.spontaneous_file_upload
    if upload is None:
        from chainlit.config import SpontaneousFileUploadFeature

        upload = config.features.spontaneous_file_upload = SpontaneousFileUploadFeature()
    upload.enabled = settings.chat_login
    upload.accept = UPLOAD_ACCEPT
    upload.max_files = MAX_FILES
    upload.max_size_mb = max_size_mb(settings)


def max_size_mb(settings: Settings) -> int:
    # Chainlit counts MiB in whole numbers; the indexer refuses what is over its own limit.
    return max(1, math.ceil(settings.max_file_mb * 1_000_000 / 2**20))


# The rule and the work, without Chainlit -----------------------------------------------------


def ingest_uploads(
    services: Services,
    email: str,
    uploads: list[Upload],
    choice: str,
    progress: Callable[[str, str], None] | None = None,
) -> UploadResult:
    """Ingest `uploads` for the readers `choice` names ('arena', 'organisation', 'org:NAME'),
    as the registry allows this user; each file is known by the name it was uploaded with."""
    with open_session(services.engine) as session:
        person = people.active_person(session=session, email=email)
        visibility = access.upload_visibility(session, person, choice)
    refused: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="arena-upload-") as folder:
        paths: list[Path] = []
        for upload in uploads:
            name = safe_name(upload.name)
            target = Path(folder) / name
            if target.exists():
                refused.append((name, f"{name}: another file of this upload has the same name"))
                continue
            shutil.copyfile(upload.path, target)
            paths.append(target)
        report = services.indexer.ingest(
            paths, visibility=visibility, progress=progress, keep_others=True
        )
    return UploadResult(visibility, report, refused)


def safe_name(name: str) -> str:
    """The file's own name, without folders or control characters (documents are known by it)."""
    cleaned = _UNSAFE.sub("", Path(name.replace("\\", "/")).name).strip()
    return cleaned if cleaned.strip(".") else "upload"


# The chat ------------------------------------------------------------------------------------


async def handle_message(message: cl.Message) -> bool:
    """Upload a message's files, or ask for files after "/lastopp"; True when that was all.

    A message with files and a question is both: the files are ingested first, then the
    question goes on to be answered (False).
    """
    text = message.content or ""
    flow = parse_flow(text, getattr(message, "command", None))
    files = [
        Upload(element.name, Path(element.path))
        for element in (getattr(message, "elements", None) or [])
        if getattr(element, "path", None)
    ]
    if flow is not None and flow[0] == "upload":
        language = flow[1] or browser_language()
        await (upload(files, language) if files else ask_files(language))
        return True
    if flow is not None or not files:
        return False
    language = detect_language(text) if text.strip() else browser_language()
    await upload(files, language)
    return not text.strip()


async def ask_files(language: Language) -> None:
    """Ask for the files, then upload them."""
    services = get_services()
    if await signed_in(services, language, "chat_uploads_login_off") is None:
        return
    answer = await cl.AskFileMessage(
        content=say("chat_uploads_ask_files", language, size=max_size_mb(services.settings)),
        accept=UPLOAD_ACCEPT,
        max_size_mb=max_size_mb(services.settings),
        max_files=MAX_FILES,
        timeout=ASK_TIMEOUT,
    ).send()
    if not answer:
        await send(say("chat_flow_timeout", language))
        return
    await upload([Upload(f.name, Path(f.path)) for f in answer], language)


async def upload(files: list[Upload], language: Language) -> None:
    """Ask who may read the files, ingest them with progress, and summarise."""
    services = get_services()
    email = await signed_in(services, language, "chat_uploads_login_off")
    if email is None:
        return
    try:
        choice = await ask_readers(services, email, language)
    except ArenaError as exc:
        await send(sorry(exc, language))
        return
    except FlowStopped as stop:
        await send(stop.message(language))
        return
    await ingest_with_progress(services, email, files, choice, language)


async def ask_readers(services: Services, email: str, language: Language) -> str:
    """Who may read the files: a partner's go to their organisation, others choose."""
    role, own = await asyncio.to_thread(_uploader, services, email)
    if role == Role.partner:
        return access.UPLOAD_OWN  # the only choice; the rule refuses a partner without one
    choices = [(access.UPLOAD_ARENA, say("chat_uploads_arena", language))]
    if own:
        choices.append((access.UPLOAD_OWN, say("chat_uploads_own", language, name=own)))
    if role == Role.coordinator:
        choices.append((OTHER, say("chat_uploads_other", language)))
    picked = await ask_choice(say("chat_uploads_ask_readers", language), choices, language)
    if picked != OTHER:
        return picked
    name = await ask_text(say("chat_uploads_ask_organisation", language))
    return ORG_PREFIX + name


def _uploader(services: Services, email: str) -> tuple[Role, str | None]:
    with open_session(services.engine) as session:
        person = people.active_person(session=session, email=email)
        own = session.get(Organisation, person.organisation_id) if person.organisation_id else None
        return person.role, own.name if own else None


async def ingest_with_progress(
    services: Services, email: str, files: list[Upload], choice: str, language: Language
) -> UploadResult | None:
    """Ingest in a worker thread; one message shows each file's state, then the summary."""
    names = [safe_name(f.name) for f in files]
    states = {name: say("chat_uploads_waiting", language) for name in names}
    message = cl.Message(content=_progress(states, language))
    await message.send()
    loop = asyncio.get_running_loop()
    updates: asyncio.Queue[tuple[str, str]] = asyncio.Queue()

    def progress(name: str, status: str) -> None:  # called in the worker thread
        loop.call_soon_threadsafe(updates.put_nowait, (name, status))

    work = asyncio.ensure_future(
        asyncio.to_thread(ingest_uploads, services, email, files, choice, progress)
    )
    while not work.done() or not updates.empty():
        getter = asyncio.ensure_future(updates.get())
        await asyncio.wait({work, getter}, return_when=asyncio.FIRST_COMPLETED)
        if not getter.done():
            getter.cancel()
            continue
        name, status = getter.result()
        states[name] = say(f"chat_uploads_state_{status}", language)
        message.content = _progress(states, language)
        await message.update()
    try:
        result = work.result()
    except ArenaError as exc:
        message.content = sorry(exc, language)
        await message.update()
        return None
    except Exception:  # a storage or library fault: told, never left waiting
        logger.exception("Upload failed")
        message.content = say("chat_uploads_failed", language)
        await message.update()
        return None
    message.content = summary_markdown(result, language)
    await message.update()
    return result


def _progress(states: dict[str, str], language: Language) -> str:
    lines = "\n".join(f"- {inert_line(name)}: {state}" for name, state in states.items())
    return f"{say('chat_uploads_progress', language)}\n\n{lines}"


def readers_label(visibility: str, language: Language) -> str:
    if visibility == ARENA:
        return say("chat_uploads_for_arena", language)
    return say("chat_uploads_for_org", language, name=visibility.removeprefix(ORG_PREFIX))


def summary_markdown(result: UploadResult, language: Language) -> str:
    """Chunks added, files added, replaced or unchanged, and each refused file with why."""
    report = result.report
    stored = len(report.added) + len(report.updated) + len(report.unchanged)
    parts = [
        say(
            "chat_uploads_summary",
            language,
            files=stored,
            chunks=report.chunks,
            readers=inert_markdown(readers_label(result.visibility, language)),
        )
    ]
    for key, names in (
        ("added", report.added),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
    ):
        if names:
            listed = ", ".join(inert_line(n) for n in names)
            parts.append(f"{say(f'chat_uploads_{key}', language)}: {listed}")
    failed = [reason for _path, reason in report.failed] + [r for _n, r in result.refused]
    if failed:
        lines = "\n".join(f"- {inert_line(reason)}" for reason in failed)
        parts.append(f"**{say('chat_uploads_refused', language, count=len(failed))}**\n\n{lines}")
    return "\n\n".join(parts)
