"""The quarterly and yearly pages: a manager reviews and publishes, a partner reads only its own card."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import PeriodEvaluation
from tests.common.factories import DirectorFactory, ManagerFactory
from tests.evaluations.factories import PeriodEvaluationFactory, PeriodScorecardFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory, TierFactory


@pytest.fixture
def manager(db):
    return ManagerFactory()


def test_a_quarter_whose_months_are_not_published_is_refused_with_the_months_named(client, manager):
    client.force_login(manager)
    response = client.post(reverse("evaluations:period-run"), {"length": "quarter", "period": "2026-11"}, follow=True)
    assert "October 2026, November 2026, December 2026" in response.content.decode()
    assert not PeriodEvaluation.objects.exists()


def test_the_list_has_an_empty_state_and_filters_by_length(client, manager):
    client.force_login(manager)
    empty = client.get(reverse("evaluations:period-list"))
    assert "No quarterly or yearly evaluation yet." in empty.content.decode()
    PeriodEvaluationFactory(length="quarter", period=dt.date(2026, 10, 1))
    PeriodEvaluationFactory(length="year", period=dt.date(2026, 1, 1))
    years = client.get(reverse("evaluations:period-list"), {"length": "year"})
    assert [e.label for e in years.context["page_obj"]] == ["2026"]


def test_a_manager_publishes_a_quarter_and_the_partner_reads_its_card(client, manager):
    partner = PartnerFactory()
    card = PeriodScorecardFactory(partner=partner, total=D("98.00"), grade="A")
    client.force_login(manager)
    response = client.post(reverse("evaluations:period-publish", kwargs={"label": "2026-Q4"}), follow=True)
    assert "Published." in response.content.decode()

    client.force_login(PartnerUserFactory(partner=partner))
    listing = client.get(reverse("evaluations_portal:period-scorecard-list")).content.decode()
    assert "Q4 2026" in listing
    page = client.get(reverse("evaluations_portal:period-scorecard", kwargs={"label": "2026-Q4"}))
    assert page.status_code == 200 and page.context["card"] == card
    assert client.get(reverse("evaluations_portal:period-scorecard", kwargs={"label": "2026-Q3"})).status_code == 404
    assert client.get(reverse("evaluations_portal:period-scorecard", kwargs={"label": "Q4"})).status_code == 404


def test_an_unpublished_card_is_not_in_the_portal(client, db):
    card = PeriodScorecardFactory()
    client.force_login(PartnerUserFactory(partner=card.partner))
    assert client.get(reverse("evaluations_portal:period-scorecard", kwargs={"label": "2026-Q4"})).status_code == 404
    assert (
        "No quarterly or yearly scorecard"
        in client.get(reverse("evaluations_portal:period-scorecard-list")).content.decode()
    )


def test_the_yearly_page_recommends_tiers_from_the_yearly_cards(client, db):
    gold = TierFactory(name="Gold", rank=1, annual_sales_threshold=D("1000000"))
    silver = TierFactory(name="Silver", rank=2, annual_sales_threshold=D("100000"))
    year = PeriodEvaluationFactory(length="year", period=dt.date(2026, 1, 1))
    rising = PeriodScorecardFactory(evaluation=year, partner=PartnerFactory(tier=silver), sales=D("1200000"))
    PeriodScorecardFactory(evaluation=year, partner=PartnerFactory(tier=silver), sales=D("500000"))
    client.force_login(DirectorFactory())

    response = client.get(reverse("evaluations:period", kwargs={"label": "2026"}))

    assert [(r.partner, r.direction, r.tier) for r in response.context["recommendations"]] == [
        (rising.partner, "up", gold)
    ]


def _queries(client, url_name, kwargs, n):
    evaluation = PeriodEvaluationFactory(length="year", period=dt.date(2026, 1, 1))
    for _ in range(n - evaluation.scorecards.count()):
        PeriodScorecardFactory(evaluation=evaluation, partner=PartnerFactory(tier=TierFactory()))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(url_name, kwargs=kwargs)).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "kwargs"), [("evaluations:period", {"label": "2026"}), ("evaluations:period-list", {})]
)
def test_the_pages_query_count_does_not_grow_with_partners(
    client, manager, django_assert_num_queries, url_name, kwargs
):
    client.force_login(manager)
    small = _queries(client, url_name, kwargs, 2)
    for _ in range(10):
        PeriodScorecardFactory(evaluation=PeriodEvaluation.objects.get(), partner=PartnerFactory(tier=TierFactory()))
    with django_assert_num_queries(small):
        client.get(reverse(url_name, kwargs=kwargs))
