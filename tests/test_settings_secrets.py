"""API keys are SecretStr, and no benchmark result file ever holds a key or a password."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import SecretStr

from assistant.backends.llm import make_llm
from assistant.config import Settings, without_password

REPO = Path(__file__).resolve().parents[1]
KEY = "sk-test-DO-NOT-LEAK-4f9c2e"
DB_PASSWORD = "hunter2-DO-NOT-LEAK"


@pytest.fixture
def secret_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARENA_LLM_API_KEY", KEY)
    monkeypatch.setenv("ARENA_DATABASE_URL", f"postgresql://arena:{DB_PASSWORD}@db:5432/arena")
    monkeypatch.setenv("ARENA_KNOWLEDGE_DB_URL", f"postgresql://arena:{DB_PASSWORD}@db/knowledge")


@pytest.mark.usefixtures("secret_environment")
def test_the_api_key_is_a_secret_that_prints_as_stars() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert isinstance(settings.llm_api_key, SecretStr)
    assert settings.llm_api_key.get_secret_value() == KEY
    assert KEY not in repr(settings)
    assert KEY not in str(settings.model_dump())
    assert KEY not in settings.model_dump_json()


def test_a_blank_key_is_no_key() -> None:
    assert Settings(_env_file=None, llm_api_key="").llm_api_key is None  # type: ignore[call-arg]


def test_the_provider_still_gets_the_real_key() -> None:
    settings = Settings(_env_file=None, llm="openai", llm_api_key=KEY, llm_model="m")  # type: ignore[call-arg]
    llm = make_llm(settings)
    assert llm is not None
    assert llm.openai_api_key.get_secret_value() == KEY  # type: ignore[attr-defined]


@pytest.mark.usefixtures("secret_environment")
def test_settings_for_a_report_mask_keys_and_database_passwords() -> None:
    values = Settings(_env_file=None).for_report()  # type: ignore[call-arg]
    text = json.dumps(values)
    assert KEY not in text
    assert DB_PASSWORD not in text
    assert values["llm_api_key"] == "**********"
    assert values["database_url"] == "postgresql+psycopg://arena:***@db:5432/arena"
    assert values["embedding_model"] == "e5"  # the rest is still there to read


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (None, None),
        ("sqlite:///data/registry.sqlite3", "sqlite:///data/registry.sqlite3"),
        ("postgresql://arena@db/x", "postgresql://arena@db/x"),
        ("postgresql://arena:p%40ss@db:5432/x?sslmode=require", "postgresql://arena:***@db:5432/x?sslmode=require"),
        ("http://user:pw@chroma:8001", "http://user:***@chroma:8001"),
        ("http://:pw@chroma:8001", "http://:***@chroma:8001"),
    ],
)  # fmt: skip
def test_passwords_in_urls_are_masked(url: str | None, shown: str | None) -> None:
    assert without_password(url) == shown


def _bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.usefixtures("secret_environment")
def test_the_retrieval_benchmark_writes_settings_without_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = _bench_module("retrieval_bench")
    monkeypatch.setattr(bench, "RESULTS", tmp_path)
    path = bench.save("retrieval-quality", {"settings": bench.report_settings(), "models": {}})
    written = path.read_text(encoding="utf-8")
    assert '"llm_api_key": "**********"' in written
    assert KEY not in written
    assert DB_PASSWORD not in written


def test_no_benchmark_dumps_the_settings_by_hand() -> None:
    """Settings reach a result file only through Settings.for_report."""
    for path in sorted((REPO / "bench").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"model_dump|vars\(settings|settings\.__dict__", text), path.name
        assert "api_key" not in text, path.name


def test_no_committed_result_holds_a_key() -> None:
    for path in sorted((REPO / "bench" / "results").glob("*.json")):
        values = re.findall(r'"llm_api_key":\s*("[^"]*"|null)', path.read_text(encoding="utf-8"))
        assert set(values) <= {"null", '"**********"'}, path.name
