# The two commands of the README: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi
LOCALES := en th km lo my
CATALOG_DIR := registry/translations

.PHONY: run serve test conformance lint bench deps translations extract-messages system-deps web-fonts clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

deps: $(BIN)/.installed

# Compiled catalogs are build output (not committed): compile them from the .po files every time.
translations: deps
	@for locale in $(LOCALES); do \
		$(BIN)/pybabel -q compile -d $(CATALOG_DIR) -l $$locale || exit 1; \
	done

# Refresh messages.pot and merge it into every catalog (for developers adding strings). Babel skips folders named
# "_*" by default, which would leave out templates/_macros: only hidden folders are skipped here.
extract-messages: deps
	$(BIN)/pybabel extract --no-location --sort-output --no-wrap --ignore-dirs='.*' -F $(CATALOG_DIR)/babel.cfg \
		-k _l -k lazy_gettext \
		-o $(CATALOG_DIR)/messages.pot .
	@for locale in $(LOCALES); do \
		if [ -f $(CATALOG_DIR)/$$locale/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update --no-fuzzy-matching --no-wrap -d $(CATALOG_DIR) -i $(CATALOG_DIR)/messages.pot -l $$locale; \
		else \
			$(BIN)/pybabel init --no-wrap -d $(CATALOG_DIR) -i $(CATALOG_DIR)/messages.pot -l $$locale; \
		fi; \
	done
	$(BIN)/python $(CATALOG_DIR)/sync_english.py

# Browser tests drive Debian's chromium, PDF checks use poppler: install them when missing.
system-deps:
	@bash .ci/system-deps

run: export REGISTRY_PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask registry seed-demo
	@echo "Serving the demo on http://$(HOST):$(PORT)/, with a job worker beside it"
	@$(BIN)/flask registry worker --workers 2 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/flask run --host $(HOST) --port $(PORT)

# Production serving: gunicorn with the checked-in configuration (registry/infra/gunicorn_conf.py), behind a
# reverse proxy (docs/nginx.conf), and the job worker beside it. REGISTRY_ENV=production refuses to start without
# its secrets; see docs/operations.md.
serve: translations
	$(BIN)/flask db upgrade
	@$(BIN)/flask registry worker --processes & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/gunicorn -c python:registry.infra.gunicorn_conf wsgi:app

test: translations system-deps
	$(BIN)/python -m pytest --ignore=tests/conformance

# Checks against material outside the project (../shared/schemas): run by CI as a step of its own.
conformance: translations
	$(BIN)/python -m pytest tests/conformance

lint: deps
	$(BIN)/ruff check .
	$(BIN)/mypy registry

bench: translations system-deps
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# The browser's fonts, made from the PDF fonts in static/fonts (committed; rerun when those change, and raise
# WEB_FONTS's version so that phones holding the old files for a year fetch the new ones): WOFF2, Latin cut to
# the letters of romanised names, and the other languages' names for the language menu alone.
WEB_FONTS := static/fonts/web1
LATIN_UNICODES := U+0020-007E,U+00A0-017F,U+2000-2027,U+25CC,U+FEFF,U+2030-203A,U+20AC,U+2122,U+2190-2193,U+2212
MENU_TEXT := ไทยខ្មែរລາວမြန်မာ
web-fonts: deps
	mkdir -p $(WEB_FONTS)
	@for weight in Regular Bold; do \
		$(BIN)/pyftsubset static/fonts/NotoSans-$$weight.ttf --unicodes="$(LATIN_UNICODES)" --layout-features='*' --no-hinting \
			--flavor=woff2 --output-file=$(WEB_FONTS)/NotoSansLatin-$$weight.woff2 || exit 1; \
		$(BIN)/pyftsubset static/fonts/NotoSans-$$weight.ttf --unicodes='*' --layout-features='*' --no-hinting \
			--flavor=woff2 --output-file=$(WEB_FONTS)/NotoSans-$$weight.woff2 || exit 1; \
		for script in Thai Khmer Lao Myanmar; do \
			$(BIN)/pyftsubset static/fonts/NotoSans$$script-$$weight.ttf --unicodes='*' --layout-features='*' --no-hinting \
				--flavor=woff2 --output-file=$(WEB_FONTS)/NotoSans$$script-$$weight.woff2 || exit 1; \
		done; \
	done
	@for script in Thai Khmer Lao Myanmar; do \
		$(BIN)/pyftsubset static/fonts/NotoSans$$script-Regular.ttf --text="$(MENU_TEXT)" --layout-features='*' --no-hinting \
			--flavor=woff2 --output-file=$(WEB_FONTS)/Menu$$script.woff2 || exit 1; \
	done

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
