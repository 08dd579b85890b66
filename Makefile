# BrokerDesk: `make run` starts the app, `make server` the server, `make test` runs every test.
# Each target sets up what it needs on first use (system packages, virtual environment, catalogs).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup system-deps run server demo test lint bench screens catalogs extract update-catalogs bundle clean

setup: $(STAMP) catalogs

system-deps:
	@scripts/system-deps.sh

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

catalogs: $(STAMP)
	$(PY) -m brokerdesk.i18n.tools compile

extract: $(STAMP)
	$(PY) -m brokerdesk.i18n.tools extract

update-catalogs: extract
	$(PY) -m brokerdesk.i18n.tools update

run: setup
	$(VENV)/bin/brokerdesk

server: setup
	$(VENV)/bin/brokerdesk-server serve

demo: setup
	$(VENV)/bin/brokerdesk demo --case-file demo.brokerdesk --no-encryption --cases 200

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q
	$(VENV)/bin/lint-imports

lint: $(STAMP)
	$(VENV)/bin/ruff check brokerdesk tests bench
	$(VENV)/bin/ruff format --check brokerdesk tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

screens: setup
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/brokerdesk screens screens

bundle: setup
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec

clean:
	rm -rf build dist $(VENV)
