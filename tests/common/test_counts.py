"""The panels of one page read their independent counts in one query (common.counts)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import clock
from common.counts import count_together, named_count
from deals.models import Lead
from partners.models import Agreement
from tests.common.factories import DirectorFactory
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
