"""Tests: SQLite unless DATABASE_URL is set (CI sets PostgreSQL), fast hashing, mail kept in memory."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default=str(Path(tempfile.gettempdir()) / "channelwork-test-media"))
LANGUAGE_CODE = "en"
# Tasks run inline unless a test starts a real worker (tests/common/test_celery_roundtrip.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_SQLITE_NAME", default=":memory:")}
AXES_FAILURE_LIMIT = 5
# Local memory even when CELERY_BROKER_URL is Redis: tests clear the cache, and RedisCache.clear() would flush the
# broker's database. The concurrency tests that need Redis as the cache switch to it themselves.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Static files come from the finders (the live server serves them); nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
DEMO_SEED_ALLOWED = True
