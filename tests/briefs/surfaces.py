"""What the CLI and API brief tests share: services with a fake embedder, a registry, a tiny corpus.

The corpus is two short Norwegian notes, enough for the answer chain to find evidence for the
need below; the registry is the registry tests' world plus a second facilitator.
"""

from __future__ import annotations

from pathlib import Path

from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.config import Settings
from assistant.registry import people
from assistant.registry.db import open_session
from assistant.registry.models import PersonCreate, Role
from assistant.services import Services, build_services
from tests.registry.conftest import World, seed_world

REPO = Path(__file__).resolve().parents[2]
OUS = "Oslo universitetssykehus HF"
OTHER_FACILITATOR = "fia@arena.no"
TITLE = "Hjemmeoppfølging av hjertesvikt"
NEED = (
    "Pasienter med hjertesvikt må i dag reise langt til kontroll på poliklinikken hver uke. "
    "Sykepleierne bruker mye tid på rutinekontroller som kunne vært gjort hjemme."
)
OUTCOMES = "Fra 52 kontroller per pasient i året i dag til under 20 innen utgangen av 2027."
NOTES = {
    "hjertesvikt.md": "# Hjertesvikt\n\nPasienter med hjertesvikt reiser langt til kontroll "
    "på poliklinikken hver uke.\n\nSykepleierne bruker mye tid på rutinekontroller.\n",
    "hjemme.md": "# Hjemmeoppfølging\n\nHjemmeoppfølging med sensorer ble prøvd for "
    "pasienter med hjertesvikt i 2021.\n",
}


def brief_services(settings: Settings, folder: Path) -> tuple[Services, World]:
    """Services on a fresh registry with the world seeded and the notes ingested."""
    settings = settings.model_copy(update={"knowledge_dir": REPO / "knowledge"})
    services = build_services(settings, base_embeddings=DeterministicFakeEmbedding(size=64))
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
        files.append(folder / name)
    report = services.indexer.ingest(files)
    assert report.ok, report.failed
    with open_session(services.engine) as session:
        world = seed_world(session)
        people.create_person(
            session=session,
            data=PersonCreate(
                name="Fia Fasilitator", email=OTHER_FACILITATOR, role=Role.facilitator
            ),
            actor="test",
        )
        session.commit()
    return services, world


def draft_input(**changes: object) -> dict[str, object]:
    """A facilitator's input that drafts: the need, OUS behind it, a registered participant."""
    return {
        "title": TITLE,
        "need": NEED,
        "organisations": [OUS],
        "participants": ["kari@ous.no", "Nina Nordmann"],
        "kind": "co-creation",
        "date": "2027-03-01",
        **changes,
    }
