"""How long a challenge brief takes: drafting in extractive mode (warm), and the Word export.

    .venv/bin/python bench/brief_bench.py [--rounds 3]

The starter knowledge and the shared corpus are ingested into a fresh data folder with the
default model; a registry is seeded with organisations and participants (one with an approved
declaration). One brief is drafted to warm the model and caches, then each need below is
drafted `rounds` times as a facilitator, and every drafted brief is exported to Markdown and
Word. Targets (issue 12): a brief in under 3 s warm, the Word export in under 1 s.
Writes JSON to bench/results/ with date and settings.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

from retrieval_bench import REPO, corpus_files, fresh_services, percentile, report_settings, save

from assistant.registry import organisations, people
from assistant.registry.db import open_session
from assistant.registry.models import OrganisationCreate, OrgKind, PersonCreate, Role

# Needs written for this benchmark (not from the corpus): covered, partly covered, uncovered.
NEEDS = [
    {
        "title": "Færre strykninger av planlagte operasjoner",
        "need": "Mange pasienter får operasjonen avlyst samme dag fordi programmet ikke holder. "
        "Det gir lengre ventetid og dårlig utnyttelse av operasjonsstuene.",
        "organisations": ["Bench sykehus HF"],
        "participants": ["lege@bench.no", "leverandor@bench.no", "Nora Brukerrepresentant"],
        "date": "2027-03-01",
        "outcomes": "Strykningene skal ned fra 8 prosent i dag til under 4 prosent innen ett år.",
    },
    {
        "title": "Bedre overganger mellom sykehus og kommune",
        "need": "Eldre pasienter som skrives ut fra sykehuset opplever at informasjonen ikke "
        "følger dem til hjemmetjenesten i kommunen.",
        "organisations": ["Bench sykehus HF", "Bench kommune"],
        "participants": ["lege@bench.no"],
    },
    {
        "title": "Fewer cancelled operations",
        "need": "Many patients have planned surgery cancelled on the day because the operating "
        "schedule does not hold, which gives long waits.",
        "language": "en",
        "organisations": ["Bench sykehus HF"],
    },
    {
        "title": "Digital hundelufting for katter",
        "need": "Katteeiere strever med å lufte kattene digitalt når det regner.",
    },
]


def seed(services: object) -> object:
    """Organisations and people for the needs; returns the facilitator who drafts."""
    with open_session(services.engine) as session:  # type: ignore[attr-defined]

        def org(name: str, kind: OrgKind) -> int:
            data = OrganisationCreate(name=name, kind=kind)
            return organisations.create_organisation(session=session, data=data, actor="bench").id  # type: ignore[return-value]

        hospital = org("Bench sykehus HF", OrgKind.hospital_trust)
        org("Bench kommune", OrgKind.municipality)
        vendor = org("Bench Medtek AS", OrgKind.company)
        for name, email, role, organisation in (
            ("Lege Bench", "lege@bench.no", Role.partner, hospital),
            ("Leverandør Bench", "leverandor@bench.no", Role.partner, vendor),
            ("Fasilitator Bench", "fasilitator@bench.no", Role.facilitator, None),
        ):
            data = PersonCreate(name=name, email=email, role=role, organisation_id=organisation)
            people.create_person(session=session, data=data, actor="bench")
        session.commit()
        return people.get_person_by_email(session=session, email="fasilitator@bench.no")


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        services = fresh_services(Path(tmp), knowledge_dir=REPO / "knowledge")
        started = time.perf_counter()
        services.indexer.ingest([REPO / "knowledge", *corpus_files()])
        ingest_s = time.perf_counter() - started
        facilitator = seed(services)
        briefs = services.briefs
        started = time.perf_counter()
        briefs.draft(NEEDS[0], facilitator)
        first_s = time.perf_counter() - started
        draft_ms: list[float] = []
        markdown_ms: list[float] = []
        word_ms: list[float] = []
        per_need: dict[str, dict[str, object]] = {}
        for _ in range(args.rounds):
            for need in NEEDS:
                services.embeddings.forget_queries()  # a new brief asks new questions
                started = time.perf_counter()
                record = briefs.draft(need, facilitator)
                draft_ms.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                briefs.export(record.id, "md", facilitator)
                markdown_ms.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                data, _, _ = briefs.export(record.id, "docx", facilitator)
                word_ms.append((time.perf_counter() - started) * 1000)
                per_need[need["title"]] = {
                    "citations": len(record.brief.citations),
                    "open_sections": [s.value for s in record.brief.open_sections()],
                    "findings": sorted({f.check for f in record.brief.findings}),
                    "docx_bytes": len(data),
                }
    payload = {
        "settings": report_settings(),
        "rounds": args.rounds,
        "needs": len(NEEDS),
        "ingest_s": round(ingest_s, 1),
        "first_draft_s": round(first_s, 2),
        "draft_ms": _summary(draft_ms),
        "markdown_export_ms": _summary(markdown_ms),
        "word_export_ms": _summary(word_ms),
        "targets": {
            "draft_warm_p95_under_3s": percentile(draft_ms, 95) < 3000,
            "word_export_p95_under_1s": percentile(word_ms, 95) < 1000,
        },
        "per_need": per_need,
    }
    path = save("brief-bench", payload)
    print(path)
    for key in ("first_draft_s", "draft_ms", "markdown_export_ms", "word_export_ms", "targets"):
        print(f"{key}: {payload[key]}")


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(values, 50), 1),
        "p95": round(percentile(values, 95), 1),
        "max": round(max(values), 1),
        "n": len(values),
    }


if __name__ == "__main__":
    main()
