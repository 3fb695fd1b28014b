import datetime as dt

import pytest

from common.demo import DemoContext
from surveys import demo, selectors
from surveys.models import Audience, Response, SurveyRound
from tests.partners.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_demo_adds_a_closed_round_of_each_kind_once():
    ContactFactory.create_batch(6)
    ctx = DemoContext(today=dt.date(2026, 11, 20))

    demo.seed(ctx)
    counts = (SurveyRound.objects.count(), Response.objects.count())
    demo.seed(ctx)

    assert (SurveyRound.objects.count(), Response.objects.count()) == counts
    closed = SurveyRound.objects.filter(status=SurveyRound.Status.CLOSED)
    assert set(closed.values_list("audience", flat=True)) == {Audience.PARTNER, Audience.CUSTOMER}
    assert selectors.satisfaction_by_partner(as_of=ctx.today)
