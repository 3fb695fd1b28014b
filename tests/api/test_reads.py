"""Internal reads and writes: permissions of the token's user, filters, cursor pages, set-wise queries, and
partner writes kept in history with the token's name."""

import datetime as dt

import pytest

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, TRAINER
from partners.models import Partner
from tests.api import world as api_world
from tests.api.factories import ApiTokenFactory, bearer
from tests.common.factories import UserFactory
from tests.evaluations.factories import TargetFactory
from tests.partners.factories import PartnerFactory, RegionFactory, SalesRecordFactory, TierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return api_world.build()


def codes(response):
    return sorted(row["partner_code"] for row in response.json()["results"])


def test_a_director_token_reads_every_partners_rows(api, world):
    token = world.internal[CHANNEL_DIRECTOR]
    for endpoint in api_world.ENDPOINTS[1:]:
        assert codes(api.get(f"/api/v1/{endpoint}/", **bearer(token))) == ["PA", "PB"], endpoint


def test_a_trainer_token_reads_only_what_a_trainer_may(api, world):
    token = world.internal[TRAINER]
    assert codes(api.get("/api/v1/certifications/", **bearer(token))) == ["PA", "PB"]
    assert api.get("/api/v1/payouts/", **bearer(token)).json()["results"] == []


def test_filters_by_period_and_partner(api, world):
    token = world.internal[CHANNEL_DIRECTOR]
    TargetFactory(partner=world.a, period=dt.date(2026, 11, 1))
    assert codes(api.get("/api/v1/targets/?period=2026-11", **bearer(token))) == ["PA"]
    assert len(api.get("/api/v1/targets/?partner=PA", **bearer(token)).json()["results"]) == 2
    assert codes(api.get("/api/v1/scorecards/?period=2026-10&partner=PB", **bearer(token))) == ["PB"]
    assert codes(api.get("/api/v1/sales/?period=2026-10&partner=PB", **bearer(token))) == ["PB"]
    assert api.get("/api/v1/sales/?period=2026-09", **bearer(token)).json()["results"] == []
    bad = api.get("/api/v1/targets/?period=October", **bearer(token))
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "period"


def test_scorecards_carry_their_lines(api, world):
    card = api.get("/api/v1/scorecards/", **bearer(world.token_a)).json()["results"][0]
    assert card["period"] == "2026-10" and card["grade"] == "B"
    assert [line["kind"] for line in card["lines"]] == ["sales_attainment"]


def test_cursor_pages_walk_every_row_once(api, world):
    token = world.internal[CHANNEL_DIRECTOR]
    SalesRecordFactory.create_batch(5, partner=world.a)
    seen, url = [], "/api/v1/sales/?page_size=3"
    while url:
        page = api.get(url, **bearer(token)).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize("endpoint", api_world.ENDPOINTS)
def test_list_queries_do_not_grow_with_rows(api, world, endpoint, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    token, url = world.internal[CHANNEL_DIRECTOR], f"/api/v1/{endpoint}/"
    api.get(url, **bearer(token))  # the token's use is written at most once a minute: not in what is counted
    with CaptureQueriesContext(connection) as few:
        shown = len(api.get(url, **bearer(token)).json()["results"])
    for _n in range(3):
        api_world.objects_of(PartnerFactory(), world.cycle)
    with django_assert_num_queries(len(few)):
        response = api.get(url, **bearer(token))
    assert len(response.json()["results"]) >= shown + 3


def test_a_partner_token_cannot_write_partners(api, world):
    response = api.patch("/api/v1/partners/PA/", {"name": "Mine now"}, format="json", **bearer(world.token_a))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert Partner.objects.get(code="PA").name == "Partner A"


def test_finance_may_read_partners_but_not_change_them(api, world):
    token = world.internal[FINANCE]
    assert api.get("/api/v1/partners/PA/", **bearer(token)).status_code == 200
    assert api.patch("/api/v1/partners/PA/", {"name": "x"}, format="json", **bearer(token)).status_code == 403


def test_an_internal_token_changes_a_partner_and_history_names_the_token(api, world):
    manager = UserFactory(role=CHANNEL_MANAGER)
    token = ApiTokenFactory(user=manager, name="CRM sync")
    response = api.patch("/api/v1/partners/PA/", {"name": "Partner A Ltd"}, format="json", **bearer(token))
    assert response.status_code == 200 and response.json()["name"] == "Partner A Ltd"
    last = Partner.history.filter(code="PA").latest("history_date")
    assert last.history_user == manager and last.history_change_reason == "API · CRM sync"


def test_an_internal_token_registers_a_partner(api, world):
    token = ApiTokenFactory(user=UserFactory(role=CHANNEL_DIRECTOR), name="CRM sync")
    body = {
        "code": "PNEW",
        "name": "新伙伴",
        "legal_name": "新伙伴有限公司",
        "credit_code": Partner.objects.get(code="PA").credit_code,
        "channel_type": "distributor",
        "tier": TierFactory().name,
        "region": RegionFactory().code,
    }
    duplicate = api.post("/api/v1/partners/", body, format="json", **bearer(token))
    assert duplicate.status_code == 400
    assert [e["field"] for e in duplicate.json()["errors"]] == ["credit_code"]
    from tests.partners.factories import credit_code

    body["credit_code"] = credit_code(999)
    created = api.post("/api/v1/partners/", body, format="json", **bearer(token))
    assert created.status_code == 201, created.json()
    partner = Partner.objects.get(code="PNEW")
    assert partner.status == Partner.Status.PROSPECT
    assert partner.history.get().history_change_reason == "API · CRM sync"


def test_more_filters_sales_dates_and_partner_status(api, world):
    token = world.internal[CHANNEL_DIRECTOR]
    SalesRecordFactory(partner=world.a, date=dt.date(2026, 9, 30))
    dates = api.get("/api/v1/sales/?date_from=2026-09-01&date_to=2026-09-30", **bearer(token)).json()["results"]
    assert [row["date"] for row in dates] == ["2026-09-30"]
    Partner.objects.filter(code="PB").update(status=Partner.Status.SUSPENDED)
    suspended = api.get("/api/v1/partners/?status=suspended", **bearer(token)).json()["results"]
    assert [row["code"] for row in suspended] == ["PB"]
    assert api.get("/api/v1/partners/?channel_type=retailer", **bearer(token)).json()["results"] == []
