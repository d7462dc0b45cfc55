# One command for each routine task. Everything runs from the project's own virtualenv.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt

.PHONY: install run test lint format bench clean

$(BIN)/renaksi: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/renaksi

run: install
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
