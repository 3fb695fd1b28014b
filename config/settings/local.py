"""Local development and `make run`: SQLite, console email, embedded Celery broker by default."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)

# The SQLite file, uploads and the embedded broker's queue live here.
VAR_DIR.mkdir(exist_ok=True)
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
DEMO_SEED_ALLOWED = True
