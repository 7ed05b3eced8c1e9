# corpus-reader: `make run` launches the app on the bundled seeds, `make test` runs every check.
# Both create the virtualenv (.venv) and install the project into it first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck contracts pytest bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/corpus-reader

test: lint typecheck contracts pytest

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

# mypy cannot follow the editable install's import hook, so it checks the sources through a
# symlinked tree that has the installed package layout (corpus_reader/index, corpus_reader/tui).
typecheck: $(STAMP)
	rm -rf build/typecheck && mkdir -p build/typecheck/corpus_reader
	ln -s ../../../index build/typecheck/corpus_reader/index
	ln -s ../../../tui build/typecheck/corpus_reader/tui
	ln -s ../../../seeds build/typecheck/corpus_reader/seeds
	cd build/typecheck && ../../$(BIN)/mypy --config-file ../../pyproject.toml -p corpus_reader.index -p corpus_reader.tui

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
