# Strata: `make serve` starts the service, `make test` runs every check.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install serve test lint typecheck protos protos-check clean

$(STAMP): pyproject.toml package.json package-lock.json
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	npm ci --silent --no-audit --no-fund
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/strata serve

protos: $(STAMP)
	$(BIN)/python scripts/gen_protos.py

protos-check: $(STAMP)
	$(BIN)/python scripts/gen_protos.py --check

lint: $(STAMP)
	$(BIN)/ruff check src tests bench migrations scripts
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy src

test: $(STAMP) protos-check lint typecheck
	$(BIN)/pytest

clean:
	rm -rf $(VENV) node_modules .strata
