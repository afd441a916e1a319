"""CLI fixtures: commands run against fake services set through `use_services`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from assistant.cli.common import use_services
from assistant.services import Services


@pytest.fixture
def cli_services(fake_services: Services) -> Iterator[Services]:
    use_services(fake_services)
    yield fake_services
    use_services(None)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
