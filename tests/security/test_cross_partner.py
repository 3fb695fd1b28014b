"""Partner B against partner A's objects, with every HTTP method, and what partner A can download.

Every URL of the access matrix that names one of partner A's objects is requested by partner B with GET,
POST, PUT, PATCH and DELETE: a portal URL answers 404 (or 405 for a method the view does not take), an
internal one 403, and the database is unchanged afterwards. Every portal page, export and download partner
A may open carries none of partner B's names or codes.
"""

import pytest

from tests.access import PARTNER_A, PARTNER_B
from tests.access_world import ROWS, media_of_world, names_an_object, world_per_module
from tests.security.hostile import body, database_fingerprint, identifying_strings, url_of

METHODS = ("get", "post", "put", "patch", "delete")
REFUSED = (403, 404, 405)

world = pytest.fixture(scope="module")(world_per_module)
_media_root = pytest.fixture(autouse=True)(media_of_world)


# A URL naming a shared object (a training session open to every partner) lets partner B in by design.
OBJECT_ROWS = [row for row in ROWS if names_an_object(row) and row.expect[PARTNER_B] in (403, 404)]
PORTAL_PAGES = [row for row in ROWS if row.method == "get" and row.expect[PARTNER_A] == 200]


def test_the_battery_covers_every_object_url():
    assert len(OBJECT_ROWS) >= 40
    assert any(row.name.startswith("incentives_portal:") for row in OBJECT_ROWS)


@pytest.mark.parametrize("row", OBJECT_ROWS, ids=str)
def test_partner_b_cannot_reach_partner_a_objects_with_any_method(row, world, client, db):
    url = url_of(row, world)
    client.force_login(world.users[PARTNER_B])
    before = database_fingerprint()
    answers = {method: getattr(client, method)(url, row.data(world)).status_code for method in METHODS}
    refused = (404, 405) if row.expect[PARTNER_B] == 404 else REFUSED
    wrong = {method: status for method, status in answers.items() if status not in refused}
    assert not wrong, f"{url}: {wrong}"
    assert database_fingerprint() == before


@pytest.mark.parametrize("row", PORTAL_PAGES, ids=str)
def test_nothing_partner_a_opens_names_partner_b(row, world, client, db):
    client.force_login(world.users[PARTNER_A])
    response = client.get(url_of(row, world))
    assert response.status_code == 200
    content = body(response)
    assert not [mark for mark in identifying_strings(world.partner_b, world.contact_b) if mark in content]
