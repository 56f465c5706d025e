# The two commands of the README (`make serve`, `make test`) do all the set-up: they
# create .venv from pyproject.toml on first use and again whenever pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1:8000
# The browser tests drive Debian's chromium (never a browser downloaded by Playwright).
CHROMIUM := /usr/bin/chromium

export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test bench bench-peers fuzz clean checker i18n i18n-compile i18n-check

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Lode needs Python 3.11 or newer" or 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

# Installed only when missing (CI is root on a fresh Debian machine). The CJK font lets
# the browser draw Chinese in screenshots; the site itself loads no fonts.
$(CHROMIUM):
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei

# GNU gettext's msgfmt checks the catalogs as translators' tools do (make i18n-check and
# the catalog test).
MSGFMT := /usr/bin/msgfmt
$(MSGFMT):
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gettext

serve: $(STAMP)
	$(BIN)/lode validate
	$(BIN)/mkdocs serve --dirty -a $(HOST)

build: $(STAMP)
	$(BIN)/lode validate
	$(BIN)/mkdocs build --strict

# The checking service on this repository's releases (lode serve-checks; CHECKER_ARGS for options).
CHECKER ?= 127.0.0.1:8080
checker: $(STAMP)
	$(BIN)/lode serve-checks --host $(word 1,$(subst :, ,$(CHECKER))) --port $(word 2,$(subst :, ,$(CHECKER))) $(CHECKER_ARGS)

test: $(STAMP) $(CHROMIUM) $(MSGFMT)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python tooling/bench/run.py $(BENCH_ARGS)

# Doorstop and StrictDoc, pinned in tooling/bench/peers-requirements.txt, in a venv of
# their own: never a Lode dependency, and never in .venv.
PEERS_VENV  := build/peers-venv
PEERS_STAMP := $(PEERS_VENV)/.installed
$(PEERS_STAMP): tooling/bench/peers-requirements.txt
	$(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r tooling/bench/peers-requirements.txt
	@touch $@

bench-peers: $(STAMP) $(PEERS_STAMP)
	$(BIN)/python tooling/bench/run.py --only peers $(BENCH_ARGS)

fuzz: $(STAMP)
	LODE_FUZZ_EXAMPLES=$${LODE_FUZZ_EXAMPLES:-20000} LODE_KILL_RUNS=$${LODE_KILL_RUNS:-300} \
		$(BIN)/python -m pytest tests/unit/test_fuzz_loader.py tests/hardening/test_kill_loop.py -q

# The command line's translations (site/contributing.en.md, "Translations"). `make i18n`
# extracts every message into build/i18n/lode.pot and merges it into each catalog; after
# translating, `make i18n-compile` writes the .mo files, which are committed (a test checks
# they match their .po). Locations are left out and lines unwrapped so that catalogs merge.
LOCALE := tooling/lode/locale
POT    := build/i18n/lode.pot
i18n: $(STAMP)
	@mkdir -p $(dir $(POT))
	$(BIN)/pybabel -q extract -F $(LOCALE)/babel.cfg -k msg -k msgn:1,2 --add-comments=i18n: \
		--no-location --no-wrap --sort-output --project=lode -o $(POT) tooling
	$(BIN)/pybabel -q update -i $(POT) -d $(LOCALE) -D lode --no-wrap --ignore-obsolete --ignore-pot-creation-date

i18n-compile: $(STAMP)
	$(BIN)/pybabel -q compile -d $(LOCALE) -D lode

i18n-check: $(STAMP) $(MSGFMT)
	for po in $(LOCALE)/*/LC_MESSAGES/lode.po; do msgfmt --check -o /dev/null $$po || exit 1; done
	$(BIN)/python -m pytest -q tests/unit/test_i18n_catalog.py

clean:
	rm -rf build .pytest_cache
