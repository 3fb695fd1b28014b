"""A partner token reads and writes its own partner's data only: on every endpoint, with every method."""

import pytest

from config.api_urls import router
from partners.models import Partner, SalesRecord
from tests.api import world as api_world
from tests.api.factories import bearer

pytestmark = pytest.mark.django_db
METHODS = ("post", "put", "patch", "delete")


@pytest.fixture
def world(db):
    return api_world.build()


def test_the_world_covers_every_endpoint():
    assert {prefix for prefix, _viewset, _basename in router.registry} == set(api_world.ENDPOINTS)


@pytest.mark.parametrize("endpoint", api_world.ENDPOINTS)
def test_a_partner_token_lists_only_its_own_partners_rows(api, world, endpoint):
    for token, own, other in ((world.token_a, world.of_a, world.of_b), (world.token_b, world.of_b, world.of_a)):
        response = api.get(f"/api/v1/{endpoint}/", **bearer(token))
        assert response.status_code == 200
        keys = {row.get("code") or row.get("id") for row in response.json()["results"]}
        assert keys == {own[endpoint]}, endpoint
        assert other[endpoint] not in keys


@pytest.mark.parametrize("endpoint", api_world.ENDPOINTS)
def test_a_partner_token_cannot_read_another_partners_row(api, world, endpoint):
    assert api.get(f"/api/v1/{endpoint}/{world.of_b[endpoint]}/", **bearer(world.token_a)).status_code == 404
    assert api.get(f"/api/v1/{endpoint}/{world.of_a[endpoint]}/", **bearer(world.token_a)).status_code == 200


@pytest.mark.parametrize("endpoint", api_world.ENDPOINTS)
@pytest.mark.parametrize("method", METHODS)
def test_a_partner_token_cannot_change_another_partners_row(api, world, endpoint, method):
    before = (list(Partner.objects.values()), list(SalesRecord.objects.values()))
    detail = f"/api/v1/{endpoint}/{world.of_b[endpoint]}/"
    body = {"name": "Taken over", "amount": "1.00", "items": [{"partner_code": "PB"}]}
    if method != "post":
        assert getattr(api, method)(detail, body, format="json", **bearer(world.token_a)).status_code in (403, 404, 405)
    assert getattr(api, method)(f"/api/v1/{endpoint}/", body, format="json", **bearer(world.token_a)).status_code in (
        400,  # sales: the item names partner B, refused as other_partner
        403,
        405,
    )
    assert (list(Partner.objects.values()), list(SalesRecord.objects.values())) == before


def test_partners_see_only_released_statements_and_payouts(api, world):
    from incentives.models import LineStatus, Payout

    Payout.objects.filter(partner=world.a).update(status=LineStatus.DRAFT)
    assert api.get("/api/v1/statements/", **bearer(world.token_a)).json()["results"] == []
    assert api.get("/api/v1/payouts/", **bearer(world.token_a)).json()["results"] == []


def test_partners_see_only_published_scorecards(api, world):
    from evaluations.models import EvaluationCycle

    EvaluationCycle.objects.update(status=EvaluationCycle.Status.REVIEW)
    assert api.get("/api/v1/scorecards/", **bearer(world.token_a)).json()["results"] == []
