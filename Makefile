# careersite: `make run` to try it, `make test` to check it. PYTHON=/path/to/python3.12 overrides the interpreter.
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test test-fast serve setup lint check bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@python="$$(sh scripts/find-python)" || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# The Nu HTML Checker (vnu.jar, from npm) for careersite/tests/test_valid_html.py; Java runs it.
# --ignore-scripts: its install script only fetches a Java runtime, which the system has.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --ignore-scripts --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the HTML validity test will be skipped (apt-get install -y npm)"; fi

setup: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) load_catalog

# The task worker sends the mail the app queues (careersite/mail.py); it starts beside the web
# server and stops with it. Without --reload it is one process, which the trap can stop.
run: setup
	$(MANAGE) db_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

test: $(VENV)/.installed node_modules/.installed
	$(PY) -m pytest

# Everything but the tests marked slow (the gunicorn race, subprocesses, the browser), and each
# hypothesis property with fewer examples (the "fast" profile in conftest.py), spread over the
# cores (pytest-xdist; each worker has its own test database): under a minute on two cores.
test-fast: $(VENV)/.installed
	$(PY) -m pytest -m "not slow" --hypothesis-profile=fast -n auto

# The production shape on this machine: DEBUG off, collected static files, gunicorn, and the
# task worker beside it for mail (docs/deploy.md runs each under systemd instead).
# Plain http on 127.0.0.1, so secure cookies and the https redirect are off unless you set them.
# Behind a TLS proxy, run gunicorn the same way with the environment from docs/deploy.md.
serve: export DEBUG = False
serve: export SECRET_KEY ?= $(shell $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' 2>/dev/null)
serve: export SECURE_SSL_REDIRECT ?= False
serve: export SESSION_COOKIE_SECURE ?= False
serve: export CSRF_COOKIE_SECURE ?= False
serve: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export WEB_CONCURRENCY ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
serve: setup
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn careersite.wsgi --bind 127.0.0.1:8000 --access-logfile - --timeout 30

# The benchmark of issues 6 and 11 (docs/performance.md): scratch databases, gunicorn, wrk on
# loopback, warm and cold (CACHE_URL=dummy://). It migrates only its own scratch databases, so it
# needs no `setup` (which would migrate db.sqlite3, or the database DATABASE_URL names).
# BENCH_ARGS="--quick" for a smoke run; see `$(PY) bench/run.py --help`. On PostgreSQL and Redis:
# DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres CACHE_URL=redis://127.0.0.1:6379/1 make bench
bench: $(VENV)/.installed
	$(PY) bench/run.py $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

check: $(VENV)/.installed
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3*
