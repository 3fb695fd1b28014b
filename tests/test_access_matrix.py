"""Every URL of the project, requested as every kind of user, answers what its row expects.

The URL list comes from the resolver, so a new URL without a row fails `test_every_url_has_a_row`.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import PARTNER_B, USERS
from tests.access_world import ROWS, build_world, names_an_object

# Django's admin has its own staff-only access control; one row covers its entry point.
SKIPPED_NAMESPACES = ("admin",)


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            yield from url_names(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {entry.pattern}>"


def test_every_url_has_a_row():
    names = set(url_names())
    covered = {row.name for row in ROWS}
    assert not sorted(names - covered), "URLs without a row in tests/<app>/access_rows.py"
    assert not sorted(covered - names - {"admin:index"}), "rows for URLs that do not exist"


def test_partner_b_never_sees_partner_a_objects():
    """A row whose URL names one of the world's (partner A's) objects may not let partner B in."""
    shared = [row.name for row in ROWS if row.expect[PARTNER_B] == 200 and names_an_object(row)]
    assert not shared


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_access(row, world, client):
    url = reverse(row.name, kwargs=row.kwargs(world)) + (f"?{row.query}" if row.query else "")
    wrong = {}
    for who in USERS:
        client.logout()
        if world.users[who] is not None:
            client.force_login(world.users[who])
        response = getattr(client, row.method)(url, row.data(world))
        if response.status_code != row.expect[who]:
            wrong[who] = f"got {response.status_code}, expected {row.expect[who]}"
    assert not wrong, f"{row.method.upper()} {url}: {wrong}"
