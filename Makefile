# Two commands on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := examples/riverside
EXAMPLE_LAST_DAY := 2026-10-30

.PHONY: demo test lint typecheck pytest catalogs catalogs-check bench changelog clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Both install the html extra: the demo writes the example team's page, and the tests
# render it in a browser.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[html]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,html]'
	touch $@ $(VENV)/.installed

DEMO_PAGE := build/riverside-report.html

demo: $(VENV)/.installed
	$(BIN)/aidledger --root $(EXAMPLE) report --as-of $(EXAMPLE_LAST_DAY)
	$(BIN)/aidledger --root $(EXAMPLE) agenda --as-of $(EXAMPLE_LAST_DAY)
	@# The command names the page it wrote, in the language it speaks: open it in a browser.
	$(BIN)/aidledger --root $(EXAMPLE) report --as-of $(EXAMPLE_LAST_DAY) --format html --output $(abspath $(DEMO_PAGE))

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests examples benchmarks scripts
	$(BIN)/ruff format --check src tests examples benchmarks scripts

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy src tests

pytest: $(VENV)/.installed-test
	$(BIN)/python -m pytest

test: lint typecheck catalogs-check pytest

# The message catalogs (docs/translating.md): `make catalogs` after changing a message,
# then translate what `make catalogs-check` lists.
catalogs: $(VENV)/.installed-test
	$(BIN)/python scripts/catalogs.py update

catalogs-check: $(VENV)/.installed-test
	$(BIN)/python scripts/catalogs.py check

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

# At a release: bump __version__ in src/aidledger/__init__.py, then render the fragments of
# changelog.d/ into CHANGELOG.md under that version (towncrier removes the fragments).
changelog: $(VENV)/.installed-test
	$(BIN)/towncrier build --yes

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
