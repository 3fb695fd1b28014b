# Channelwork — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The settings build the default SITE_URL (links in emails) from the address the app is served on.
export HOST PORT

.PHONY: run test install lint security audit messages translations lock bench clean

$(BIN)/.installed: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $@

install: $(BIN)/.installed

translations: install
	$(MANAGE) compile_translations

## run: install, migrate, seed the demo once, and serve http://$(HOST):$(PORT) (default 127.0.0.1:8000) with a Celery worker and beat.
run: translations
	@mkdir -p var
	$(MANAGE) migrate --noinput
	@test -f var/.demo-seeded || ($(MANAGE) seed_demo --demo-admin-password && touch var/.demo-seeded)
	@echo "Demo logins (password: channelwork) are listed above; run 'make seed' to print them again."
	@echo "Starting the Celery worker with beat (embedded broker unless CELERY_BROKER_URL is set) ..."
	@$(BIN)/celery -A config worker -B --pool=solo --loglevel=WARNING \
		--schedule=var/celerybeat-schedule > var/celery.log 2>&1 & echo $$! > var/celery.pid
	@trap 'kill $$(cat var/celery.pid) 2>/dev/null; rm -f var/celery.pid' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST):$(PORT)

seed: install
	$(MANAGE) seed_demo --demo-admin-password

## test: install, lint, bandit, check migrations, run the whole suite (SQLite unless DATABASE_URL is set).
test: translations lint security
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=check-deploy-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz \
		ALLOWED_HOSTS=channelwork.example.com $(MANAGE) check --deploy --fail-level WARNING
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## security: bandit over our code (settings in pyproject.toml); any finding above low severity fails.
security: install
	$(BIN)/bandit -c pyproject.toml -r . --severity-level medium --quiet

## audit: pip-audit on requirements.lock (needs the package index, so not part of `make test`). Fails with
## "NOT AUDITED" when pins could not be checked, instead of pip-audit's "No known vulnerabilities".
audit: install
	$(MANAGE) audit_dependencies requirements.lock

## messages: refresh the catalogs from the code (needs GNU gettext), then translate the new entries.
messages: install
	$(MANAGE) makemessages --locale zh_Hans --no-obsolete --ignore ".venv/*" --ignore "var/*" --ignore "bench/*"

lock: install
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
