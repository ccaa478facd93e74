# Two commands: `make demo` sets up and runs the demo; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.fogwatch-installed

.PHONY: demo test lint setup serve-assets clean

demo: $(STAMP)
	$(BIN)/fogwatch demo

test: $(STAMP) serve-assets
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

setup: $(STAMP)

# The web app's browser libraries and map outlines, from npm (pinned by the lock file) into the package.
ASSETS := src/fogwatch/serve/assets
VENDORED := src/fogwatch/serve/static/vendor/.vendored

serve-assets: $(VENDORED)

$(VENDORED): $(ASSETS)/package-lock.json src/fogwatch/serve/vendor.py | $(STAMP)
	npm ci --prefix $(ASSETS) --no-audit --no-fund --loglevel=error
	$(BIN)/python -m fogwatch.serve.vendor
	touch $(VENDORED)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "fogwatch needs Python >= 3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[all,dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) fogwatch-demo.db* .pytest_cache .mypy_cache .ruff_cache $(ASSETS)/node_modules src/fogwatch/serve/static/vendor
