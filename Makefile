# gongkai: `make demo` checks the bundled example, `make test` runs the default suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := examples/shanxi-sme-bureau-2024.txt

.PHONY: install demo test fuzz bench real clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; v=sys.version_info; sys.exit(0 if (3,11)<=v[:2]<(3,13) else "gongkai needs Python 3.11 or 3.12 (durable-rules does not import on 3.13); set PYTHON=...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: install    # exit 1 means "findings at error level" (the example has some): the demo itself succeeded
	$(BIN)/gongkai check $(EXAMPLE) || [ $$? -eq 1 ]

test: install
	$(BIN)/python -m pytest

fuzz: install
	HYPOTHESIS_PROFILE=deep $(BIN)/python -m pytest tests

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/real.py

real: install
	$(BIN)/python bench/coverage.py --tables

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
