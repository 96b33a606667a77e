# Developer commands. `make test` is what CI runs (see .ci/run).
PYTHON ?= python3

.PHONY: install test lint format i18n bench serve

install:
	$(PYTHON) -m pip install -e ".[test]"

test:
	$(PYTHON) -m pytest

lint:
	ruff check registry tests benchmarks scripts migrations
	ruff format --check registry tests benchmarks scripts migrations

format:
	ruff format registry tests benchmarks scripts migrations

# Extract messages and merge them into both catalogues; then translate the new
# Finnish entries in registry/translations/fi/LC_MESSAGES/messages.po.
i18n:
	pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -o registry/translations/messages.pot .
	pybabel update -i registry/translations/messages.pot -d registry/translations --no-fuzzy-matching -w 100
	$(PYTHON) -m registry.i18n_check --fill-en

bench:
	$(PYTHON) benchmarks/run_all.py

serve:
	lamppu serve --demo
