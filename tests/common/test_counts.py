"""The panels of one page read their independent counts in one query (common.counts)."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import clock, counts
from common.counts import count_together, named_count
from common.memo import request_memo
from deals.models import Lead
from partners.models import Agreement
from tests.common.factories import DirectorFactory, FinanceFactory, ManagerFactory
from tests.deals.factories import LeadFactory
from tests.partners.factories import AgreementFactory
from tests.plans.factories import RiskFactory

pytestmark = pytest.mark.django_db


def test_counts_together_are_the_counts_one_by_one_in_one_query():
    AgreementFactory.create_batch(2)
    AgreementFactory(status=Agreement.Status.DRAFT)
    querysets = {
        "all": Agreement.objects.select_related("partner").order_by("end_on"),
        "draft": Agreement.objects.filter(status=Agreement.Status.DRAFT),
        "again": Agreement.objects.all(),  # the same count as "all": asked once
        "none": Agreement.objects.none(),
    }
    with CaptureQueriesContext(connection) as queries:
        together = count_together(querysets)
    assert (
        together
        == {name: qs.count() for name, qs in querysets.items()}
        == {
            "all": 3,
            "draft": 1,
            "again": 3,
            "none": 0,
        }
    )
    assert len(queries) == 1
    assert queries[0]["sql"].count("COUNT(*)") == 2
    assert count_together({}) == {}


def test_a_count_not_counted_ahead_is_counted_when_asked():
    AgreementFactory()
    memo = {}
    with CaptureQueriesContext(connection) as queries:
        assert named_count(memo, "agreements", lambda: Agreement.objects.all()) == 1
    assert len(queries) == 1
    assert named_count(None, "agreements", lambda: Agreement.objects.all()) == 1


def test_the_dashboard_counts_its_panels_counts_in_one_query(client):
    today = clock.today()
    AgreementFactory(end_on=today + dt.timedelta(days=10))
    RiskFactory(next_review_on=today - dt.timedelta(days=1))
    LeadFactory(status=Lead.Status.UNASSIGNED)
    client.force_login(DirectorFactory())

    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("home")).content.decode()

    together = [q["sql"] for q in queries if q["sql"].startswith("SELECT (SELECT COUNT(*)")]
    alone = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(together) == 1
    for table in ("partners_agreement", "plans_risk", "deals_lead", "deals_conflictcase", "incentives_payout"):
        assert f'FROM "{table}"' in together[0]
        assert not [sql for sql in alone if f'FROM "{table}"' in sql]
    assert "1 agreement expires within 60 days" in html
    assert "1 lead no partner accepted" in html
    assert re.search(r'data-key="risks"><a [^>]*><span class="badge text-bg-danger">1</span>', html)


def _asker(user, query: str = ""):
    from django.test import RequestFactory

    request = RequestFactory().get("/" + query)
    request.user = user
    counts.asked_by(request)  # the user's roles and permissions, read as the page reads them first
    return request


@pytest.mark.parametrize("make_user", [DirectorFactory, ManagerFactory, FinanceFactory], ids=lambda f: f.__name__)
def test_every_provider_builds_its_counts_from_the_asker_and_the_day_alone(make_user):
    """What lets count_ahead compile a page's statement once per asker: a provider reads nothing to build its
    querysets, and builds the very same SQL and parameters for the same asker (no moment of the clock in it)."""
    user = make_user()
    assert counts.providers("home")
    for provider in counts.providers("home"):
        request = _asker(user, "?scope=all")
        with CaptureQueriesContext(connection) as queries:
            first, second = provider(request), provider(_asker(user, "?scope=all"))
        assert not queries, provider
        assert counts.CountStatement.of(first) == counts.CountStatement.of(second), provider


def test_the_dashboard_compiles_its_counts_once_per_asker_and_counts_them_on_every_request(client):
    calls = []

    def unassigned_leads(request):
        calls.append(request.GET.get("scope"))
        return {"test:leads": Lead.objects.filter(status=Lead.Status.UNASSIGNED)}

    director = DirectorFactory()
    client.force_login(director)
    counts.provide("home", unassigned_leads)
    try:
        client.get(reverse("home"))
        LeadFactory(status=Lead.Status.UNASSIGNED)
        response = client.get(reverse("home"))
        # Compiled once; counted again: the new lead shows.
        assert calls == [None]
        assert "1 lead no partner accepted" in response.content.decode()
        assert counts.named_count(request_memo(response.wsgi_request), "test:leads", lambda: None) == 1
        # Another query string, another permission: compiled for that asker.
        client.get(reverse("home") + "?scope=mine")
        director.user_permissions.add(Permission.objects.exclude(group__user=director).first())
        client.get(reverse("home"))
        assert calls == [None, "mine", None]
    finally:
        counts._providers["home"].remove(unassigned_leads)
        counts._forget_statements()
