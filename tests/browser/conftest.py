import pytest

from tests.common.factories import PASSWORD


@pytest.fixture
def login(page, live_server):
    """Log in through the real login form; returns the page on the landing URL."""

    def _login(username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return _login


@pytest.fixture(scope="session")
def _migrated_data_snapshot(django_db_setup, django_db_blocker):
    """The test database as the migrations left it (roles, regions, ...). Browser tests are the first
    transactional tests of a run, so nothing has emptied it yet when the first one asks for this."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _migrated_data(_migrated_data_snapshot, transactional_db):
    """transactional_db empties every table after each test, the migrated roles and regions too: put them
    back for the next browser test, whichever order the tests run in. (Django's own serialized rollback
    does not reach here: Playwright's sync API runs the test with another database connection object.)"""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    if not Group.objects.exists():
        # The flush's post_migrate handlers re-created content types and permissions under new ids;
        # the snapshot brings back the original ones, which the groups' permissions point to.
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(_migrated_data_snapshot)
