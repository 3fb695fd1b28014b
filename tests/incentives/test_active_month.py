"""Issue 16, item 4: the scorecards and the rewards scope a month by the partner's status during it."""

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from common.periods import Period
from evaluations.models import Scorecard
from evaluations.services import cycle_calculate
from incentives.models import Accrual
from incentives.services import rewards_calculate
from partners.models import Partner, PartnerStatusChange
from partners.services import partner_change_status
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import PartnerFactory, SalesRecordFactory

OCT = Period.month(2026, 10)


def test_a_partner_suspended_just_after_month_end_keeps_that_month_in_both_apps(db):
    # given a partner active all October and suspended at 00:30 on 1 November, Shanghai time
    policy = PolicyFactory()
    partner = PartnerFactory()
    SalesRecordFactory(partner=partner, amount=D("600000"), date=dt.date(2026, 10, 15))
    change = partner_change_status(partner=partner, status=Partner.Status.SUSPENDED, reason="Overdue", by=None)
    moment = dt.datetime(2026, 11, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    PartnerStatusChange.objects.filter(pk=change.pk).update(changed_at=moment)

    # when October is evaluated and rewarded
    cycle = cycle_calculate(period=OCT)
    rewards_calculate(period=OCT)

    # then it has an October scorecard and an October accrual
    assert Scorecard.objects.filter(cycle=cycle, partner=partner).exists()
    assert Accrual.objects.get(partner=partner, policy=policy, period=OCT.first_day).amount == D("18000.00")
