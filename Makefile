# One command for each routine task. Everything runs from the project's own virtualenv.
#   make run    the web application with demo data on http://127.0.0.1:8000 (SQLite under ./var)
#   make test   the whole suite, once: on SQLite, or on the database DATABASE_URL names
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt

.PHONY: install run parse test lint format bench clean

$(BIN)/renaksi: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/renaksi
	@# Compiled translations are build output (.mo files are not committed).
	$(BIN)/python scripts/compile_messages.py >/dev/null

run: install
	$(BIN)/renaksi serve --demo

parse: install
	$(BIN)/renaksi parse $(SAMPLE)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: install
	@for f in bench/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
