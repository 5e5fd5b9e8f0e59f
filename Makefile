# Set-up and checks. `make demo` and `make test` do everything on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.deps-$(shell cat setup.cfg | sha1sum | cut -c1-12)

.PHONY: demo serve test lint pytest install neo4j neo4j-stop chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip setuptools wheel

# Dependencies are installed once per version of setup.cfg; the package itself is
# reinstalled (not editable) every time, so tests run against what users install.
$(STAMP): setup.cfg | $(BIN)/python
	$(BIN)/pip install -q ".[test]"
	rm -f $(VENV)/.deps-* && touch $@

install: $(STAMP)
	rm -rf build  # setuptools keeps renamed modules there and would install them again
	$(BIN)/pip install -q --no-deps --no-build-isolation --force-reinstall .

demo: install
	$(BIN)/encircle demo
	@echo
	@echo "Open the workbench on the demo:  make serve   (or $(BIN)/encircle serve --store encircle-demo/encircle.db)"
	@echo "then open http://127.0.0.1:8765/ in your browser; Ctrl+C stops it."

# The workbench on the demo store (make demo first).
serve: install
	$(BIN)/encircle serve --store encircle-demo/encircle.db

neo4j:
	bash services/neo4j/run.sh start

neo4j-stop:
	bash services/neo4j/run.sh stop

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy -p encircle.graph -p encircle.loaders -p encircle.queries -p encircle.web -p encircle.cli

pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Headless Chromium for the browser tests (Debian's package; Playwright drives it, it
# never downloads a browser of its own), and a CJK font so the demo's Chinese names in
# the README screenshot (docs/img/view-finding.png) are not drawn as boxes.
chromium:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium)
	fc-list :lang=zh | grep -q . || (apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk)

test: install neo4j chromium lint pytest

clean:
	rm -rf $(VENV) build *.egg-info encircle-demo
