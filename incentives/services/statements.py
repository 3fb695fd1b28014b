"""Statements and their payouts, rebuilt set-wise for a month after each calculation or hand entry.

A statement whose payout is approved or paid is locked: it is never rebuilt, and later differences
reach the partner as adjustment lines of a later month.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Max, Sum
from django.utils import timezone

from common.money import ZERO
from common.periods import Period
from incentives import calculations as calc
from incentives.models import Accrual, Adjustment, LineStatus, Payout, Statement


def carried_balances(period: Period, partner_ids) -> dict[int, Decimal]:
    """partner → the negative balance its latest earlier statement carried forward (two queries)."""
    latest = dict(
        Statement.objects.filter(period__lt=period.first_day, partner_id__in=partner_ids)
        .values("partner_id")
        .annotate(last=Max("period"))
        .values_list("partner_id", "last")
    )
    carried = {}
    for partner_id, month, amount in Statement.objects.filter(
        period__lt=period.first_day, partner_id__in=partner_ids, carried_out__lt=0
    ).values_list("partner_id", "period", "carried_out"):
        if latest.get(partner_id) == month:
            carried[partner_id] = amount
    return carried


def statements_refresh(*, period: Period) -> int:
    """(Re)build the month's draft statements and payouts from its lines; returns how many were written."""
    month = period.first_day
    totals: dict[int, dict[str, Decimal]] = defaultdict(lambda: {"accruals": ZERO, "adjustments": ZERO})
    for partner_id, total in (
        Accrual.objects.filter(period=month)
        .values("partner_id")
        .annotate(total=Sum("amount"))
        .values_list("partner_id", "total")
    ):
        totals[partner_id]["accruals"] = total
    for partner_id, total in (
        Adjustment.objects.filter(period=month)
        .values("partner_id")
        .annotate(total=Sum("amount"))
        .values_list("partner_id", "total")
    ):
        totals[partner_id]["adjustments"] = total
    locked = set(
        Payout.objects.filter(period=month).exclude(status=LineStatus.DRAFT).values_list("partner_id", flat=True)
    )
    open_ids = [partner_id for partner_id in totals if partner_id not in locked]
    # Draft statements of partners with no line left this month go away with their payouts.
    Payout.objects.filter(period=month, status=LineStatus.DRAFT).exclude(partner_id__in=list(totals)).delete()
    Statement.objects.filter(period=month, payout__isnull=True).exclude(partner_id__in=list(totals)).delete()
    carried = carried_balances(period, open_ids)
    now = timezone.now()
    statements = []
    for partner_id in open_ids:
        lines = totals[partner_id]
        carried_in = carried.get(partner_id, ZERO)
        payable, carried_out = calc.net_of_carry(lines["accruals"] + lines["adjustments"], carried_in)
        statements.append(
            Statement(
                partner_id=partner_id,
                period=month,
                accrual_total=lines["accruals"],
                adjustment_total=lines["adjustments"],
                carried_in=carried_in,
                payable=payable,
                carried_out=carried_out,
                updated_at=now,
            )
        )
    Statement.objects.bulk_create(
        statements,
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["partner", "period"],
        update_fields=["accrual_total", "adjustment_total", "carried_in", "payable", "carried_out", "updated_at"],
    )
    ids = dict(Statement.objects.filter(period=month, partner_id__in=open_ids).values_list("partner_id", "pk"))
    payouts = [
        Payout(statement_id=ids[s.partner_id], partner_id=s.partner_id, period=month, amount=s.payable)
        for s in statements
    ]
    Payout.objects.bulk_create(
        payouts, batch_size=5000, update_conflicts=True, unique_fields=["statement"], update_fields=["amount"]
    )
    return len(statements)
