import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """Tests read the Chinese catalog; compile it if the .po changed (a no-op when it did not)."""
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; never a browser downloaded by Playwright."""
    from tests.services import require_chromium

    return {**browser_type_launch_args, "executable_path": require_chromium(), "args": BROWSER_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US", "timezone_id": "Asia/Shanghai"}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as with a rolled-back database: figures are kept under versions
    made of history ids, which SQLite hands out again after a rollback."""
    from django.core.cache import cache

    from common import kept

    cache.clear()
    kept.forget()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(scope="session")
def _migrated_data_snapshot(django_db_setup, django_db_blocker):
    """The test database as the migrations left it (roles, regions, beat schedule ...). pytest-django runs
    transactional tests last, so the first one to ask finds the database still untouched."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _migrated_data(request):
    """A transactional test empties every table when it ends, the migrated roles and regions too: put them
    back before the next one, so every test starts from the database the migrations made. (Django's own
    serialized rollback does not reach browser tests: Playwright's sync API runs the test with another
    database connection object.)"""
    if not _is_transactional(request):
        return
    snapshot = request.getfixturevalue("_migrated_data_snapshot")
    request.getfixturevalue("transactional_db")
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    if not Group.objects.exists():
        # The flush's post_migrate handlers re-created content types and permissions under new ids;
        # the snapshot brings back the original ones, which the groups' permissions point to.
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(snapshot)
