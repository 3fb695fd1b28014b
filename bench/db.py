"""Point Django at the benchmark database, create it when missing and migrate it.

Benchmarks measure PostgreSQL, the production database: SQLite is refused unless the caller says
`allow_sqlite=True` (useful only to smoke-test a benchmark script itself).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cw_bench"
# DEBUG is off there (no query log growing without bound) and the test client's host is allowed.
SETTINGS = "config.settings.test"


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL


def setup(url: str | None = None, *, allow_sqlite: bool = False, migrate: bool = True) -> str:
    """Configure Django for `url` (see `database_url`), create and migrate the database; returns the URL."""
    url = database_url(url)
    if not url.startswith(("postgres://", "postgresql://")) and not allow_sqlite:
        raise SystemExit(f"Refusing to benchmark on {url!r}: use PostgreSQL, or pass --allow-sqlite.")
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    if url.startswith(("postgres://", "postgresql://")):
        _create_postgres_database(url)

    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    return url


def _create_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    maintenance = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
