# gongkai: `make demo` checks the bundled example, `make test` runs the default suite, `make lint` the checks.
PYTHON ?= python3
# A second Python gets its own venv: `make VENV=.venv-3.12 PYTHON=python3.12 test` (.ci/run does).
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := examples/shanxi-sme-bureau-2024.txt

.PHONY: install demo test lint typecheck-links fix docs fuzz bench real clean

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

# ruff (lint + format check) and mypy, configured in pyproject.toml: all three run, and any failure fails the target.
lint: install
	@status=0; \
	$(BIN)/ruff check . || status=1; \
	$(BIN)/ruff format --check --output-format concise . || status=1; \
	$(MAKE) -s typecheck-links && $(BIN)/mypy || status=1; \
	exit $$status

# mypy cannot follow setuptools' package-dir: it reads the import names through links build/ns/gongkai/<name>.
typecheck-links:
	@mkdir -p build/ns/gongkai
	@for p in engine rulesets cli tui testing; do ln -sfn ../../../$$p build/ns/gongkai/$$p; done

# What ruff can repair by itself: import order, `X | None`, unused imports, then the formatting.
fix: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# docs/rules.md is generated from the rule registry (tests/docs/ fails when it is stale).
docs: install
	$(BIN)/python docs/gen_rules.py

fuzz: install
	HYPOTHESIS_PROFILE=deep $(BIN)/python -m pytest tests

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/real.py

real: install
	$(BIN)/python bench/coverage.py --tables

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache build/ns
