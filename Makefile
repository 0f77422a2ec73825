# careersite: `make run` to try it, `make test` to check it. PYTHON=/path/to/python3.12 overrides the interpreter.
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test serve setup lint check bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@python="$$(sh scripts/find-python)" || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

setup: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) load_catalog

run: setup
	$(MANAGE) runserver 127.0.0.1:8000

test: $(VENV)/.installed
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

check: $(VENV)/.installed
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles db.sqlite3*
