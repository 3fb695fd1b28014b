"""Settings shared by every environment. Every secret and host comes from the environment."""

import contextlib
import ipaddress
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-change-me-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Links in emails: SITE_URL when set, else the address `make run` serves (its HOST and PORT, exported to
# both the web server and the worker that sends the emails).
_SERVED_HOST = env("HOST", default="127.0.0.1")
with contextlib.suppress(ValueError):
    if ipaddress.ip_address(_SERVED_HOST).is_unspecified:  # served on all interfaces: link to this machine
        _SERVED_HOST = "127.0.0.1"
SITE_URL = env("SITE_URL", default=f"http://{_SERVED_HOST}:{env('PORT', default='8000')}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    "csp",
    # ours, in dependency order
    "common",
    "partners",
    "recruitment",
    "training",
    "surveys",
    "deals",
    "channelrules",
    "evaluations",
    "incentives",
    "api",
    "plans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # axes last, as its documentation asks
    "axes.middleware.AxesMiddleware",
]

# Browser-side defences, sent on every response (README, "Security headers").
# Scripts only from our own static files: no inline <script>, no on*= handlers, no eval. Pages pass data to
# scripts with json_script and data-* attributes. Inline style="" attributes stay allowed (style-src-attr):
# a few templates size an element from data (a progress bar's width), and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],  # Bootstrap draws its icons (selects, toggler) as data: SVG in the CSS
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"  # other sites never see our URLs (ids, periods, search terms)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Features no page uses, turned off for every origin (common/middleware.py writes the header).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.roles",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'channelwork.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the embedded Celery worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # Parameters bound by the server, so a query's text is the same whatever its values, and a statement is
    # prepared the second time a connection runs it (psycopg's prepare_threshold): PostgreSQL plans a page's
    # queries once per connection (CONN_MAX_AGE) rather than on every request, where planning took as long as
    # running them. (psycopg's default, the fifth time, left most statements unprepared in a web process of
    # light traffic: each of its connections serves a page only a few times before it is replaced.) Off behind
    # a pooler in transaction mode that does not track prepared statements. The backend batches bulk writes to
    # the 65,535 parameters a statement then takes (common.postgresql; long `__in` lists: common.lookups).
    DATABASES["default"]["ENGINE"] = "common.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "common.login_throttle.AddressThrottleBackend",
    "axes.backends.AxesStandaloneBackend",
    "common.auth_backend.ChannelworkBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttling: lock a username+IP pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# ... and refuse every login from an address after this many failures (any usernames) within the window.
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
LOGIN_ADDRESS_WINDOW_SECONDS = env.int("LOGIN_ADDRESS_WINDOW_SECONDS", default=15 * 60)
# The public form at /apply/ accepts this many submissions per address per window.
RECRUITMENT_APPLY_LIMIT = env.int("RECRUITMENT_APPLY_LIMIT", default=5)
RECRUITMENT_APPLY_WINDOW_SECONDS = 60 * 60
SURVEYS_PUBLIC_LIMIT = env.int("SURVEYS_PUBLIC_LIMIT", default=20)  # customer survey answers per address an hour
SURVEYS_PUBLIC_WINDOW_SECONDS = 60 * 60
# How many proxies of ours append to X-Forwarded-For; 0 trusts none and limits by REMOTE_ADDR.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)

LANGUAGE_CODE = env("LANGUAGE_CODE", default="zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True
CURRENCY = env("CURRENCY", default="CNY")
# The company that issues statements and certificates, printed at the head of their PDFs.
COMPANY_NAME = env("COMPANY_NAME", default="Channelwork")
# A user in both the Finance group and a channel group (manager or director) may approve or settle payouts
# only when this is "allowed" (and then never a statement whose inputs they edited); "refused" by default.
INCENTIVES_DUAL_ROLE_APPROVAL = env("INCENTIVES_DUAL_ROLE_APPROVAL", default="refused")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
MEDIA_URL = "media/"  # no URL serves it (config/urls.py); uploads leave through access-checked views
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# EMAIL_URL: consolemail:// (default), smtp://user:pass@host:25, smtp+tls://..., dummymail://
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Channelwork <no-reply@channelwork.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A second notification channel: a WeCom/DingTalk group robot's webhook URL (empty: email only). It carries
# the internal messages of these kinds (common/emails/channels.py), never a partner's own mail.
NOTIFY_WEBHOOK_URL = env("NOTIFY_WEBHOOK_URL", default="")
NOTIFY_WEBHOOK_KINDS = env.list(
    "NOTIFY_WEBHOOK_KINDS",
    default=[
        "manager_summary",
        "application_owner",
        "certificate_manager",
        "run_finished",
        "bank_account_change",
        "statement_dispute",
    ],
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The REST API (api/): tokens first (Authorization: Bearer …), then the browser session for people reading the
# docs page; one error body (api/errors.py); cursor pages; rate limits per token in the default cache.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "PAGE_SIZE": 100,
    "DEFAULT_PARSER_CLASSES": ["api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.ReadThrottle", "api.throttles.WriteThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api_read": env("API_READ_RATE", default="600/min"),
        "api_write": env("API_WRITE_RATE", default="60/min"),
    },
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
}
# A JSON body above this is refused with 413 before it is parsed: 5,000 sales items take about 1 MB.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=4 * 2**20)
SPECTACULAR_SETTINGS = {
    "TITLE": "Channelwork API",
    "DESCRIPTION": (
        "Partners' systems report sales and read their scorecards, targets, statements and payouts; internal "
        "tools read across partners. Authenticate with `Authorization: Bearer <token>`.\n\n"
        "伙伴系统上报销售数据并读取评分卡、销售目标、结算单和付款；内部工具可跨伙伴读取。"  # noqa: RUF001
        "认证方式：`Authorization: Bearer <令牌>`。"  # noqa: RUF001
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
}

# Celery. With no CELERY_BROKER_URL the app runs in embedded mode: a broker kept in files under
# var/celery, so `make run` has a real worker and beat without Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_EMBEDDED_BROKER = CELERY_BROKER_URL == "filesystem://"
# At-least-once delivery: a task is acknowledged when it ends, and a task whose worker died goes back
# to the queue. Redis gives an unacknowledged message to another worker once the visibility timeout
# has passed, so the timeout must exceed the longest task (the monthly cycle of 10,000 partners runs
# in minutes) and the longest retry delay (a retry waiting in a worker is an unacknowledged message
# too: it would be delivered twice). 30 minutes: a dead worker's message returns within half an hour,
# and the stuck-run sweep resumes a cycle or reward calculation sooner than that.
CELERY_BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=30 * 60)
# Retries back off exponentially (with jitter) up to this delay, well below the visibility timeout.
CELERY_TASK_RETRY_BACKOFF_MAX = env.int("CELERY_TASK_RETRY_BACKOFF_MAX", default=10 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
    # How often a worker looks for messages whose visibility timeout passed (seconds x throttle).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    # Publishing gives up after a second try at once instead of kombu's 2-second waits: a page never
    # waits for a broker that is down (the outbox keeps the work; beat re-sends it).
    "max_retries": 1,
    "interval_start": 0,
}
if CELERY_EMBEDDED_BROKER:
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # The exchange table; kombu's default is a `control/` folder in the working directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Declared once here; django-celery-beat copies it into the database, where the admin shows it.
CELERY_BEAT_SCHEDULE = {
    # The outbox's safety net: re-sends work the broker refused while it was down.
    "outbox-relay-every-minute": {
        "task": "common.tasks.outbox_relay",
        "schedule": crontab(),
    },
    # Calculations whose worker died are resumed (once) within minutes, not after the visibility timeout.
    "evaluations-resume-stuck-cycles": {
        "task": "evaluations.tasks.cycles_resume_stuck",
        "schedule": crontab(minute="*/5"),
    },
    "incentives-resume-stuck-rewards": {
        "task": "incentives.tasks.rewards_resume_stuck_runs",
        "schedule": crontab(minute="*/5"),
    },
    "housekeeping-daily": {
        "task": "common.tasks.housekeeping",
        "schedule": crontab(hour=3, minute=15),
    },
    "incentives-rewards-daily": {
        "task": "incentives.tasks.rewards_daily",
        "schedule": crontab(hour=5, minute=0),
    },
    # On the 1st of each month (CELERY_TIMEZONE = TIME_ZONE), calculate the previous month's cycle.
    "evaluations-monthly-cycle": {
        "task": "evaluations.tasks.cycle_run_previous_month",
        "schedule": crontab(day_of_month=1, hour=1, minute=30),
    },
    # Deal registrations: protection ends by itself, with a reminder 14 days before.
    "deals-protection-daily": {
        "task": "deals.tasks.protection_daily",
        "schedule": crontab(hour=7, minute=45),
    },
    # Leads not answered before their deadline go to the next eligible partner.
    "deals-leads-pull-back": {
        "task": "deals.tasks.leads_pull_back",
        "schedule": crontab(minute="*/10"),
    },
    "plans-risk-review-reminders-daily": {
        "task": "plans.tasks.risk_review_reminders",
        "schedule": crontab(hour=8, minute=45),
    },
    # On the 1st, before the cycle at 01:30: last month's violation report (the price compliance KPI reads it).
    "channelrules-violations-monthly": {
        "task": "channelrules.tasks.violations_detect_previous_month",
        "schedule": crontab(day_of_month=1, hour=0, minute=45),
    },
    # On the 3rd, partners whose channel inventory report for last month is missing are reminded (once).
    "channelrules-inventory-reminders": {
        "task": "channelrules.tasks.inventory_reminders",
        "schedule": crontab(day_of_month=3, hour=9, minute=0),
    },
    "training-certification-reminders-daily": {
        "task": "training.tasks.certification_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    # Closes ended rounds, opens the scheduled partner satisfaction round when due, sends what a stuck round still
    # owes, sends 7-day reminders.
    "surveys-daily": {
        "task": "surveys.tasks.surveys_daily",
        "schedule": crontab(hour=9, minute=0),
    },
}

# `manage.py seed_demo` writes demo data and logins with a published password: on for local and test settings,
# off here and in production (where it needs --allow-production).
DEMO_SEED_ALLOWED = False

# Deal registration (报备): how long an approved registration protects its customer, the one extension, the
# reminder before the end; how long a partner has to answer a lead offered to it.
DEALS_PROTECTION_DAYS = env.int("DEALS_PROTECTION_DAYS", default=90)
DEALS_EXTENSION_DAYS = env.int("DEALS_EXTENSION_DAYS", default=90)
DEALS_REMINDER_DAYS_BEFORE = env.int("DEALS_REMINDER_DAYS_BEFORE", default=14)
DEALS_LEAD_ANSWER_HOURS = env.int("DEALS_LEAD_ANSWER_HOURS", default=48)

# Plans: how long the sums over every sale and every partner's training are remembered (0: read afresh).
PLANS_FIGURES_CACHE_SECONDS = env.int("PLANS_FIGURES_CACHE_SECONDS", default=300)

# Evaluations: publish a cycle as soon as it is calculated (otherwise a manager reviews and publishes).
EVALUATIONS_AUTO_PUBLISH = env.bool("EVALUATIONS_AUTO_PUBLISH", default=False)
# Scorecards are written in chunks of this many partners, each chunk its own transaction.
EVALUATIONS_CYCLE_CHUNK_SIZE = env.int("EVALUATIONS_CYCLE_CHUNK_SIZE", default=5000)
# The reward calculation reads, works out and writes the accruals of this many partners at a time (its memory).
INCENTIVES_CALCULATION_CHUNK_SIZE = env.int("INCENTIVES_CALCULATION_CHUNK_SIZE", default=5000)
# A cycle or reward calculation whose run has not advanced for this long is resumed by the beat sweep.
STUCK_RUN_AFTER_MINUTES = env.int("STUCK_RUN_AFTER_MINUTES", default=15)


def cache_config(*, cache_url: str | None, broker_url: str) -> dict:
    """The default cache, which holds the rate limits (common/throttles.py) and must be shared by every web
    process for them to hold: CACHE_URL when set; else the Redis of a Redis broker (the keys carry a prefix
    and a timeout, beside Celery's); else local memory, one per process, right for `make run`'s one process."""
    if cache_url:
        return env.cache_url_config(cache_url)
    if broker_url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": broker_url, "KEY_PREFIX": "cw"}
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


CACHES = {"default": cache_config(cache_url=env("CACHE_URL", default=None), broker_url=CELERY_BROKER_URL)}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
