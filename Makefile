# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser api-fuzz lint format migrate seed messages bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

var:
	mkdir -p var/celery var/media

migrate: $(STAMP) var
	$(BIN)/python manage.py migrate --noinput

## Compile the translations (pure Python: no GNU gettext needed).
messages: $(STAMP)
	$(BIN)/python -m config.messages

seed: migrate
	$(BIN)/python manage.py seed_demo

## Web server and a Celery worker with beat, on SQLite and the filesystem broker unless configured.
## Each step says what it does as it goes; the banner (address, demo log-ins) comes once the
## worker and the web server are up. The worker's log goes to var/celery.log.
run:
	@echo "[1/5] Python environment (.venv): installing on the first run, a minute or two..."
	@$(MAKE) --no-print-directory $(STAMP) var
	@echo "[2/5] Database: applying migrations..."
	@$(BIN)/python manage.py migrate --noinput
	@echo "[3/5] Demo data: laying today's demo on the business hours..."
	@$(BIN)/python manage.py seed_demo
	@echo "[4/5] Translations: compiling the Korean catalogues..."
	@$(BIN)/python -m config.messages
	@echo "[5/5] Starting the job worker (log: var/celery.log) and the web server..."
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	: > var/celery.log; \
	$(BIN)/celery -A config worker --beat --loglevel=INFO --concurrency=2 \
		--schedule=var/celerybeat-schedule >> var/celery.log 2>&1 & \
	for i in $$(seq 1 120); do grep -q " ready\." var/celery.log 2>/dev/null && break; sleep 1; done; \
	grep -q " ready\." var/celery.log || echo "      (the worker is not ready yet: see var/celery.log; pages work without it)"; \
	$(BIN)/python manage.py runserver --skip-checks $(HOST):$(PORT) & \
	for i in $$(seq 1 60); do $(BIN)/python -c "import socket,sys; socket.create_connection(('$(HOST)', $(PORT)), 1)" 2>/dev/null && break; sleep 1; done; \
	echo ""; \
	echo "  Charter tracker: http://$(HOST):$(PORT)/   (PORT=... HOST=... make run to change)"; \
	echo "  Demo log-ins (password: demo1234!):"; \
	echo "    staff    -> staff1   (고객지원부 대리 이민지: my work, calls, visits, documents)"; \
	echo "    manager  -> manager1 (고객지원부 부장 김정호: dashboard, waive)"; \
	echo "    staff    -> staff6   (보증지원부 차장 윤아름: another department, sees none of staff1's)"; \
	echo "    staff    -> staff5   (고객지원부 사원 한지민: also covers 수원지점)"; \
	echo "    executive-> executive1 (every department, read-only dashboard)"; \
	echo "    admin    -> admin    (/admin/: standards, calendars, organisation)"; \
	echo "    public   -> / (the charter service page, no log-in)"; \
	echo ""; \
	wait

## Lint, then the whole suite except the Chromium tests (those: make test-browser).
test: $(STAMP) var messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -m "not browser and not slow_export" -q

## Browser tests: Playwright driving Debian's Chromium (apt-get install chromium fonts-noto-cjk).
test-browser: $(STAMP) var messages
	$(BIN)/pytest -m browser -q

## schemathesis against the live schema, as a staff and a manager session (.ci/api_fuzz.py):
## a throwaway SQLite demo, gunicorn on a free loopback port. API_FUZZ_EXAMPLES=5 by default.
api-fuzz: $(STAMP) var messages
	$(BIN)/python .ci/api_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmarks (bench/README.md): SQLite and a small N by default; BENCH_DB=postgres for 1M rows
## on the loopback PostgreSQL (database bench_scale). BENCH_N, BENCH_REPEAT, BENCH_ONLY override.
BENCH_DB ?= sqlite
bench: $(STAMP) var
	BENCH_DB=$(BENCH_DB) BENCH_N=$(BENCH_N) BENCH_REPEAT=$(BENCH_REPEAT) BENCH_ONLY=$(BENCH_ONLY) \
		$(BIN)/python -m bench.run
	$(BIN)/python -m bench.clock

## The issue-18 load run: 50 users for 60 s (API, staff pages, dashboard) against gunicorn ×2.
## Needs LOAD_DATABASE_URL=postgres://… holding the demo (migrate + seed_demo).
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench_phone
load: $(STAMP)
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python -m bench.load mixed --users 50 --seconds 60

clean:
	rm -rf $(VENV) var
