# Two entry points: `make demo` opens the app on the bundled sample archive,
# `make test` runs the whole suite (ruff, mypy, pytest). Both build .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/dispatchbox demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_archive.py
	$(BIN)/python bench/bench_search.py
	$(BIN)/python bench/bench_tui.py
	$(BIN)/python bench/bench_pairing.py

clean:
	rm -rf $(VENV) build *.egg-info
