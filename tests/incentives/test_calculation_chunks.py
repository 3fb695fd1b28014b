"""The reward calculation a chunk of partners at a time (issue 17: memory that does not grow with the sales):
a run in chunks of two partners writes exactly what a run of the whole month writes, through a first run,
changed sales, a locked statement, a partner gone inactive, a clawback and an unchanged rerun."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from common.periods import Period
from incentives import services
from incentives.models import Accrual, Adjustment, LineStatus, Payout, PeriodLength, PolicyKind, Statement
from incentives.services.rewards import _chunks, _Partner
from partners.models import Partner, PartnerStatusChange
from partners.services import partner_change_status
from tests.common.factories import FinanceFactory
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import PartnerFactory, ReturnRecordFactory, SalesRecordFactory

SEP, OCT, NOV = (Period.month(2026, m) for m in (9, 10, 11))


def _rows() -> dict:
    """Every row the calculation writes, as a user or Finance reads them (no ids, no times)."""
    return {
        "accruals": sorted(
            Accrual.objects.values_list("partner_id", "policy_id", "period", "basis", "rate", "amount", "status", "why")
        ),
        "adjustments": sorted(
            Adjustment.objects.values_list("partner_id", "period", "kind", "policy_id", "amount", "status", "reason")
        ),
        "statements": sorted(
            Statement.objects.values_list(
                "partner_id", "period", "accrual_total", "adjustment_total", "carried_in", "payable", "carried_out"
            )
        ),
        "payouts": sorted(Payout.objects.values_list("partner_id", "period", "amount", "status")),
    }


def _target_reads(queries) -> int:
    return sum(1 for q in queries.captured_queries if 'FROM "evaluations_target"' in q["sql"])


def _calculate_both_ways(settings, period: Period) -> int:
    """Calculate the month whole (then roll it back) and in chunks of two; both must write the same rows.
    Returns how many more times the chunked run read targets (each chunk reads its partners')."""
    settings.INCENTIVES_CALCULATION_CHUNK_SIZE = 10_000
    with transaction.atomic(), CaptureQueriesContext(connection) as whole_queries:
        whole = services.rewards_calculate(period=period)
        whole_rows = _rows()
        transaction.set_rollback(True)
    settings.INCENTIVES_CALCULATION_CHUNK_SIZE = 2
    with CaptureQueriesContext(connection) as queries:
        chunked = services.rewards_calculate(period=period)
    assert _rows() == whole_rows
    assert chunked == whole
    return _target_reads(queries) - _target_reads(whole_queries)


@pytest.mark.django_db
def test_a_month_calculated_two_partners_at_a_time_is_the_month_calculated_whole(settings):
    PolicyFactory(kind=PolicyKind.COMMISSION, rules={"rate": "3"})
    PolicyFactory(kind=PolicyKind.PENALTY, rules={"amounts": {"medium": "100"}})
    PolicyFactory(period_length=PeriodLength.QUARTER)  # reads October too, and what October accrued
    partners = PartnerFactory.create_batch(7)
    returned = SalesRecordFactory(partner=partners[0], amount=D("90000"), date=dt.date(2026, 9, 10))
    for i, partner in enumerate(partners):
        SalesRecordFactory(partner=partner, amount=D(120_000 + 1_000 * i), date=dt.date(2026, 10, 5))
        SalesRecordFactory(partner=partner, amount=D(110_000 + 1_000 * i), date=dt.date(2026, 11, 5))
    services.rewards_calculate(period=SEP)
    services.rewards_calculate(period=OCT)
    finance = FinanceFactory()
    services.payout_approve(payout=Payout.objects.get(partner=partners[0], period=SEP.first_day), by=finance)

    # a first run: seven partners in four chunks, each reading its partners' facts
    assert _calculate_both_ways(settings, NOV) == 3

    # then a partner sells more, another's November is approved and changes, a third is suspended since
    # October, and the first returns its September sale, more than November's sales (a clawback)
    SalesRecordFactory(partner=partners[1], amount=D("400000"), date=dt.date(2026, 11, 20))
    Payout.objects.filter(partner=partners[2], period=NOV.first_day).update(status=LineStatus.APPROVED)
    Accrual.objects.filter(partner=partners[2], period=NOV.first_day).update(status=LineStatus.APPROVED)
    SalesRecordFactory(partner=partners[2], amount=D("300000"), date=dt.date(2026, 11, 21))
    change = partner_change_status(partner=partners[3], status=Partner.Status.SUSPENDED, reason="Overdue", by=None)
    PartnerStatusChange.objects.filter(pk=change.pk).update(changed_at=dt.datetime(2026, 10, 15, tzinfo=dt.UTC))
    ReturnRecordFactory(partner=partners[0], amount=D("-250000"), date=dt.date(2026, 11, 25), original=returned)
    _calculate_both_ways(settings, NOV)
    assert not Accrual.objects.filter(partner=partners[3], period=NOV.first_day).exists()
    assert Adjustment.objects.filter(partner=partners[2], kind=Adjustment.Kind.RECALCULATION).exists()
    assert Adjustment.objects.filter(partner=partners[0], kind=Adjustment.Kind.CLAWBACK).exists()

    # and an unchanged rerun is the same whole or in chunks
    _calculate_both_ways(settings, NOV)


def test_the_chunks_spans_follow_each_other_and_cover_every_id():
    partners = [_Partner(pk, None, "retailer", None, None) for pk in (3, 5, 8, 13, 21)]

    chunks = _chunks(partners, 2)

    assert [[p.pk for p in chunk] for _span, chunk in chunks] == [[3, 5], [8, 13], [21]]
    assert [tuple(span) for span, _chunk in chunks] == [(None, 5), (5, 13), (13, None)]
    for pk in (1, 3, 5, 6, 13, 14, 21, 99):  # a stored row of any partner, active or not, is in one chunk
        assert sum(pk in span for span, _chunk in chunks) == 1
    assert [tuple(span) for span, _chunk in _chunks([], 2)] == [(None, None)]  # nobody to calculate
