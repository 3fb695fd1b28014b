"""The home dashboard's panels share what they read alike within a request (common.memo)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import clock
from common.memo import counted, request_memo
from partners.models import Agreement
from tests.common.factories import DirectorFactory
from tests.partners.factories import AgreementFactory, InteractionFactory, PartnerFactory
from tests.training.factories import CertificationFactory

pytestmark = pytest.mark.django_db


def test_counted_asks_once_per_memo_for_the_same_count():
    AgreementFactory.create_batch(2)
    memo = {}
    with CaptureQueriesContext(connection) as queries:
        first = counted(memo, Agreement.objects.all())
        again = counted(memo, Agreement.objects.select_related("partner").order_by("end_on"))  # the same count
        signed = counted(memo, Agreement.objects.filter(status=Agreement.Status.DRAFT))  # another question
        none = counted(memo, Agreement.objects.none())
    assert (first, again, signed, none) == (2, 2, 0, 0)
    assert len(queries) == 2
    assert counted(None, Agreement.objects.all()) == 2  # no memo: always asked


def test_request_memo_lives_on_the_request():
    class Request:
        pass

    request = Request()
    assert request_memo(request) is request_memo(request)
    assert request_memo(Request()) is not request_memo(request)
    assert request_memo(None) == {}


def _counts_of(queries, table):
    return [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)") and f'FROM "{table}"' in q["sql"]]


def test_home_counts_expiring_agreements_certifications_and_follow_ups_once(client):
    director = DirectorFactory()
    today = clock.today()
    partner = PartnerFactory(manager=director)
    AgreementFactory(partner=partner, end_on=today + dt.timedelta(days=10))
    CertificationFactory(contact__partner=partner, expires_on=today + dt.timedelta(days=10))
    InteractionFactory(partner=partner, due_on=today, done=False)
    client.force_login(director)

    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("home")).content.decode()

    # Counted ahead with the page's other counts (common.counts): in that one query, none on its own.
    together = [q["sql"] for q in queries if q["sql"].startswith("SELECT (SELECT COUNT(*)")]
    assert len(together) == 1
    assert together[0].count('FROM "partners_agreement"') == 1  # the register's and the plan's: once
    assert together[0].count('FROM "training_certification"') == 1
    assert together[0].count('FROM "partners_interaction"') == 1
    assert not _counts_of(queries, "partners_agreement")
    assert not _counts_of(queries, "training_certification")
    assert not _counts_of(queries, "partners_interaction")
    assert "1 agreement expires within 60 days" in html
    assert html.count("1 of your follow-ups is due") == 2  # "My partners" and the register, from one count
