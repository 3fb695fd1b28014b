import datetime as dt

import pytest
from django.db.models.functions import TruncMonth

from common import demo as common_demo
from common.demo import DemoContext
from partners import demo
from partners.models import Agreement, ChannelType, ComplianceIncident, Interaction, Partner, SalesRecord
from partners.selectors import agreements_expiring
from tests.common.factories import DirectorFactory
from tests.partners.sales_summary import from_lines, summary

pytestmark = pytest.mark.django_db


def test_demo_register_is_realistic_and_complete():
    ctx = DemoContext(today=dt.date(2026, 11, 26))
    common_demo.seed(ctx)
    demo.seed(ctx)

    partners = Partner.objects.all()
    assert partners.count() == 60
    assert set(partners.values_list("channel_type", flat=True)) == set(ChannelType.values)
    assert partners.values("region__parent").distinct().count() >= 8
    assert set(partners.values_list("tier__name", flat=True)) == {"金牌", "银牌", "铜牌"}
    for partner in partners:
        assert partner.status_changes.exists()
        assert partner.contacts.filter(is_primary=True).count() == 1
    months = SalesRecord.objects.annotate(month=TruncMonth("date")).values("month").distinct().count()
    assert months == 19  # 18 full months and the current one so far
    assert not SalesRecord.objects.filter(date__gt=ctx.today).exists()
    assert summary() == from_lines()  # the monthly sales summary the pages read
    assert agreements_expiring(user=DirectorFactory(), today=ctx.today).count() >= 5
    assert Agreement.objects.exclude(signed_file="").exists()
    assert Interaction.objects.count() >= 120
    assert ComplianceIncident.objects.count() >= 3
    for code in ("P0001", "P0002"):
        membership = Partner.objects.get(code=code).memberships.get(user__username=f"partner-{code.lower()}")
        assert membership.is_admin
    assert Partner.objects.get(code="P0001").memberships.filter(role="member").exists()
    # a few returns (退货), each linked to the sale it sends back, booked in a later month
    returns = SalesRecord.objects.filter(kind=SalesRecord.Kind.RETURN).select_related("original")
    assert 20 <= returns.count() <= 200
    for ret in returns:
        assert ret.amount < 0 and ret.original is not None and ret.original.date < ret.date.replace(day=1)
