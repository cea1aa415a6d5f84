# Vivier — see README.md. `make run` and `make test` bootstrap everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-pg lint format clean bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/vivier migrate
	$(BIN)/vivier demo
	$(BIN)/vivier serve --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/python -m pytest

test-pg: $(STAMP)
	VIVIER_TEST_DATABASE_URL=$${VIVIER_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

# Small benchmark (SQLite, 10k candidates, ~2 min); the 1M command is in README "Performance".
bench: $(STAMP)
	$(BIN)/python bench/run.py --candidates 10000 --reuse --duration 5 --warmup 1 --name small

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
