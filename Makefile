# Two commands on a fresh machine with Python 3.11:  make demo  and  make test.
# Each creates .venv and installs only when pyproject.toml changed, so a second call is quick.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The project's own bytecode, written ahead (as pip does for what it installs): a command then
# starts without compiling ~120 modules, about 0.1 s, also where PYTHONDONTWRITEBYTECODE is set.
# Only files changed since are compiled again.
BYTECODE := $(BIN)/python -m compileall -q readiness surveys scoring reports wsgi.py >/dev/null
FLASK  := $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000
MAIL_PORT ?= 8025
CHROMIUM := /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo run bytecode test test-slides lint browser-deps bench translations clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $(STAMP)

bytecode: $(STAMP)
	@$(BYTECODE)

demo: $(STAMP) bytecode
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) report demo --output instance/demo-report.pdf
	@echo "Demo report written to instance/demo-report.pdf"
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl-C to stop)"
	@echo "Mail goes to a local sink on port $(MAIL_PORT); read it at http://$(HOST):$(PORT)/mail/mailbox"
	@$(BIN)/python -m readiness.mail.sink --port $(MAIL_PORT) --directory instance/mailbox & sink=$$!; \
	READINESS_SMTP_PORT=$(MAIL_PORT) $(FLASK) worker --quiet & worker=$$!; \
	trap 'kill $$worker $$sink 2>/dev/null' EXIT INT TERM; \
	READINESS_SMTP_PORT=$(MAIL_PORT) $(BIN)/gunicorn --workers 2 --bind $(HOST):$(PORT) wsgi:app

run: $(STAMP) bytecode
	$(FLASK) db upgrade
	$(FLASK) ensure-admin
	@echo "Serving on http://$(HOST):$(PORT) with one mail worker (READINESS_SMTP_* settings)  (Ctrl-C to stop)"
	@$(FLASK) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --workers 2 --bind $(HOST):$(PORT) wsgi:app

# Debian's Chromium for the browser tests, poppler for rendering PDF pages and LibreOffice for
# opening the slides; a test tool's own browser download does not work here.
browser-deps:
	@if [ ! -x $(CHROMIUM) ] || ! command -v pdftoppm >/dev/null || ! command -v soffice >/dev/null \
		|| [ ! -d /usr/share/fonts/truetype/ancient-scripts ]; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium poppler-utils fonts-symbola \
			libreoffice-impress-nogui >/dev/null; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/bandit -q -c pyproject.toml -r readiness surveys scoring reports --severity-level medium
	$(BIN)/mypy

# Branch coverage is reported, not enforced: the last line printed is the total.
test: $(STAMP) browser-deps lint bytecode
	$(BIN)/pytest -q -n 2 --dist loadfile --cov --cov-branch --cov-report=
	@echo "Statement and branch coverage: $$($(BIN)/coverage report --format=total --precision=1) % (details: .venv/bin/coverage report)"

# The slides opened by LibreOffice (tests/slides/test_render.py): it installs Debian's
# libreoffice-impress when soffice is missing (too large for every `make test`, where that test
# skips without it), then converts the decks in en, de and fr and checks their pages.
# Only the slides' tests (make test runs them too).
test-slides: $(STAMP) browser-deps
	$(BIN)/pytest -q tests/slides

# 6 minutes on a fast 2-core host, 8 to 15 on a slow one; every step bounded and on 127.0.0.1 only; figures in
# bench/RESULTS.md. Every step runs even when an earlier one fails; the failures are named last.
bench: $(STAMP) bytecode
	@failed=""; \
	$(BIN)/python bench/bench_scoring.py || failed="$$failed bench_scoring"; \
	$(BIN)/python bench/bench_report.py || failed="$$failed bench_report"; \
	$(BIN)/python -m bench.suite --rounds 3 --duration 10 --quiet-wait 5 || failed="$$failed suite"; \
	for drill in kill_worker busy_db restart backup slow_clients full_disk postgres_down; do \
		$(BIN)/python -m bench.drill_$$drill || failed="$$failed drill_$$drill"; \
	done; \
	test -z "$$failed" || { echo "make bench failed:$$failed"; exit 1; }

translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -o readiness/translations/messages.pot .
	$(BIN)/pybabel update -i readiness/translations/messages.pot -d readiness/translations
	$(BIN)/pybabel compile -d readiness/translations

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
