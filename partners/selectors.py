"""Reads of the partner register, scoped by user where a user asks, set-wise where many partners are read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from common.money import ZERO
from common.periods import Period
from partners.access import owned_by_visible_partner, partners_visible_to
from partners.models import Agreement, Partner, SalesRecord

EXPIRY_WINDOW_DAYS = 60


@dataclass(frozen=True)
class MonthSales:
    amount: Decimal = ZERO
    quantity: int = 0
    new_customers: int = 0
    records: int = 0


def monthly_sales(*, partners_qs: QuerySet[Partner], months: list[Period]) -> dict[int, dict[Period, MonthSales]]:
    """Sales per partner and month for `months`, in one query whatever the number of partners.

    Every partner of `partners_qs` gets every month, with zeros where nothing was sold, so callers
    (charts, KPIs, exports) need no gaps handling.
    """
    months = sorted(months)
    result = {pk: dict.fromkeys(months, MonthSales()) for pk in partners_qs.values_list("pk", flat=True)}
    if not months or not result:
        return result
    rows = (
        SalesRecord.objects.filter(
            partner__in=partners_qs.values("pk"),
            date__gte=months[0].first_day,
            date__lt=months[-1].next().first_day,
        )
        .annotate(month=TruncMonth("date"))
        .values("partner_id", "month")
        .annotate(amount=Sum("amount"), quantity=Sum("quantity"), new_customers=Sum("new_customers"), n=Count("pk"))
        .order_by()
    )
    wanted = set(months)
    for row in rows:
        period = Period.containing(row["month"])
        if period in wanted:
            result[row["partner_id"]][period] = MonthSales(
                amount=row["amount"] or ZERO,
                quantity=row["quantity"] or 0,
                new_customers=row["new_customers"] or 0,
                records=row["n"],
            )
    return result


def partner_monthly_sales(*, partner: Partner, months: list[Period]) -> list[tuple[Period, MonthSales]]:
    """One partner's months, oldest first (the sales tab and the portal's sales page)."""
    per_month = monthly_sales(partners_qs=Partner.objects.filter(pk=partner.pk), months=months)[partner.pk]
    return sorted(per_month.items())


def partner_list(*, user) -> QuerySet[Partner]:
    """The partners a user may see, with what the list and the CSV export show, in one query."""
    return partners_visible_to(user).select_related("tier", "region", "region__parent", "manager")


def agreements_for(*, user) -> QuerySet[Agreement]:
    return owned_by_visible_partner(Agreement.objects.all(), user, perm="partners.view_agreement").select_related(
        "partner"
    )


def agreements_expiring(*, user, today: dt.date, days: int = EXPIRY_WINDOW_DAYS) -> QuerySet[Agreement]:
    """Signed agreements whose term ends within `days` of `today` (and has not ended yet)."""
    return agreements_for(user=user).filter(expiring_q(today, days))


def expiring_q(today: dt.date, days: int = EXPIRY_WINDOW_DAYS) -> Q:
    return Q(status=Agreement.Status.SIGNED, end_on__gte=today, end_on__lte=today + dt.timedelta(days=days))


def with_expiring_flag(queryset: QuerySet[Agreement], today: dt.date) -> QuerySet[Agreement]:
    """Adds `expiring` (True for a signed agreement ending within the window) to each agreement."""
    return queryset.annotate(expiring=ExpressionWrapper(expiring_q(today), output_field=BooleanField()))
