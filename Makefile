# Strata: `make serve` starts the service, `make test` runs every check.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install serve test lint typecheck protos protos-check migration clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/strata serve

protos: $(STAMP)
	$(BIN)/python scripts/gen_protos.py

protos-check: $(STAMP)
	$(BIN)/python scripts/gen_protos.py --check

migration: $(STAMP)
	$(BIN)/python scripts/new_migration.py $(NAME)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench migrations scripts
	$(BIN)/ruff format --check src tests bench migrations scripts
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy src

test: install protos-check lint typecheck
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .strata
