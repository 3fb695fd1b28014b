"""The demo seed publishes its passwords: it must not run against production by accident, and the superuser
gets the published password only where `make run` asks for it."""

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from common import demo
from common.demo import DEMO_PASSWORD, DemoContext
from tests.services import require_postgres


@pytest.mark.postgres
def test_under_production_settings_seed_demo_exits_with_an_error_and_creates_no_user(transactional_db):
    require_postgres()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "seed-test-0123456789abcdefghijklmnopqrstuvwxyz-0123456789",
        "ALLOWED_HOSTS": "prm.example.com",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "--allow-production" in result.stderr
    assert not get_user_model().objects.exists()


def test_where_the_seed_is_not_allowed_a_published_admin_password_is_refused_outright(db, settings):
    settings.DEMO_SEED_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("seed_demo", allow_production=True, demo_admin_password=True)
    assert not get_user_model().objects.exists()


def test_the_admin_gets_a_random_password_printed_once_unless_make_run_asks(db):
    ctx = DemoContext(today=dt.date(2026, 11, 28))
    demo.seed(ctx)
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert not admin.check_password(DEMO_PASSWORD)
    printed = re.search(r"shown once: (\S+)", dict(ctx.logins)["admin"]).group(1)
    assert admin.check_password(printed)

    admin.delete()
    demo.seed(DemoContext(today=dt.date(2026, 11, 28), admin_gets_demo_password=True))
    assert get_user_model().objects.get(username="admin").check_password(DEMO_PASSWORD)
    with open(django_settings.BASE_DIR / "Makefile") as makefile:
        assert makefile.read().count("seed_demo --demo-admin-password") == 2  # make run and make seed
