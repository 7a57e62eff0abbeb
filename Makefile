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
	@$(MAKE) --no-print-directory ocr-system
	@touch $(STAMP)

# OCR of scanned letters needs Tesseract's English data (and libGL for the second engine's
# opencv): installed here when we may (root with apt-get), else the command is printed.
OCR_DEBS := tesseract-ocr tesseract-ocr-eng libgl1 libglib2.0-0
.PHONY: ocr-system
ocr-system:
	@$(BIN)/python -c 'import sys, cv2; from archive.ocr.tesseract import tessdata_dir; sys.exit(tessdata_dir() is None)' 2>/dev/null \
	|| if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OCR_DEBS); \
	else \
		echo "Scanned letters (OCR) need: sudo apt-get install $(OCR_DEBS)"; \
	fi

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
