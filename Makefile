# corpus-reader: `make run` launches the app on the bundled seeds, `make test` runs every check.
# Both create the virtualenv (.venv) and install the project into it first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint typecheck contracts pytest bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/corpus-reader

test: lint typecheck contracts pytest

# The same checks without the tests marked slow (kill points, concurrent writers, the tmux
# end-to-end run: minutes each), for the edit-test loop; `make test` runs everything.
test-fast: lint typecheck contracts
	$(BIN)/pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

# mypy and import-linter cannot follow the editable install's import hook, so they read the
# sources through a symlinked tree with the installed layout (corpus_reader/index, .../tui).
TREE := build/tree
$(TREE): $(STAMP)
	rm -rf $(TREE) && mkdir -p $(TREE)/corpus_reader
	ln -s ../../../index $(TREE)/corpus_reader/index
	ln -s ../../../tui $(TREE)/corpus_reader/tui
	ln -s ../../../seeds $(TREE)/corpus_reader/seeds

typecheck: $(TREE)
	cd $(TREE) && ../../$(BIN)/mypy --config-file ../../pyproject.toml \
		-p corpus_reader.index -p corpus_reader.tui

contracts: $(TREE)
	cd $(TREE) && PYTHONPATH=. ../../$(BIN)/lint-imports --config ../../pyproject.toml

pytest: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
