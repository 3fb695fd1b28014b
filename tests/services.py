"""Real services the suite talks to. With CI=true a missing service fails the test; locally it skips."""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection

ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _missing(reason: str):
    if ON_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def require_postgres() -> None:
    if connection.vendor != "postgresql":
        _missing("this test needs PostgreSQL: set DATABASE_URL=postgres://...")


def redis_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        _missing("this test needs Redis: set CELERY_BROKER_URL=redis://...")
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2).close()
    except OSError:
        _missing(f"Redis at {url} does not answer")
    return url


def require_chromium() -> str:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _missing(f"browser tests need Chromium at {CHROMIUM}")
    return CHROMIUM


def require_real_broker() -> str:
    if settings.CELERY_EMBEDDED_BROKER:
        _missing("this test needs a real broker in CELERY_BROKER_URL")
    return redis_url()
