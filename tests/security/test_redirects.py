"""No view sends the user to another site: every `next` that names a foreign host is ignored.

The redirecting views are found from the access matrix (a row that answers 302 to a role allowed in), so a
new redirecting view is tried without a new test.
"""

import pytest
from django.urls import reverse

from tests.access import ANON, INTERNAL, PARTNERS
from tests.access_world import ROWS, media_of_world, world_per_module

EVIL = "https://evil.example/phish"
HOSTILE_NEXTS = (EVIL, "//evil.example/phish", "/\\evil.example/phish", "javascript:alert(1)")

world = pytest.fixture(scope="module")(world_per_module)
_media_root = pytest.fixture(autouse=True)(media_of_world)


def _allowed_user(row):
    return next((who for who in (*INTERNAL, *PARTNERS, ANON) if row.expect[who] == 302), None)


REDIRECTING = [row for row in ROWS if row.method == "post" and _allowed_user(row)]


def _location_is_ours(response) -> bool:
    location = response.headers.get("Location", "")
    return location.startswith("/") and not location.startswith(("//", "/\\"))


def test_the_battery_tries_the_redirecting_views():
    names = {row.name for row in REDIRECTING}
    assert {"incentives:payout-approve", "set_language", "recruitment:application-move"} <= names
    # and those of the second wave's apps
    assert {
        "plans:approve",
        "deals:registration-approve",
        "deals_portal:lead-accept",
        "surveys:round-close",
        "channelrules:price-line-add",
        "channelrules_portal:inventory-upload",
        "api_pages:token-create",
    } <= names


@pytest.mark.parametrize("row", REDIRECTING, ids=str)
def test_redirecting_view_refuses_a_foreign_next(row, world, client, db):
    url = reverse(row.name, kwargs=row.kwargs(world))
    user = world.users[_allowed_user(row)]
    wrong = []
    for target in HOSTILE_NEXTS:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.post(f"{url}?next={target}", {**row.data(world), "next": target})
        if response.status_code in (301, 302, 303, 307, 308) and not _location_is_ours(response):
            wrong.append(f"{target} -> {response.headers['Location']}")
    assert not wrong


def test_payout_approval_returns_to_the_statement_not_to_a_phishing_page(world, client, db):
    client.force_login(world.users["finance"])
    response = client.post(reverse("incentives:payout-approve", args=[world.draft_payout.pk]), {"next": EVIL})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse(
        "incentives:statement-detail", args=[world.draft_payout.statement_id]
    )


def test_payout_approval_still_returns_to_the_page_it_came_from(world, client, db):
    client.force_login(world.users["finance"])
    back = reverse("incentives:approvals") + "?status=draft"
    response = client.post(reverse("incentives:payout-approve", args=[world.draft_payout.pk]), {"next": back})
    assert response.headers["Location"] == back


def test_login_refuses_a_foreign_next(world, client, db):
    user = world.users["director"]
    user.set_password("a-long-password-1")
    user.save()
    response = client.post(
        reverse("login") + f"?next={EVIL}", {"username": user.username, "password": "a-long-password-1", "next": EVIL}
    )
    assert response.status_code == 302
    assert _location_is_ours(response)


def test_language_switch_refuses_a_foreign_next(client, db):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": EVIL})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
