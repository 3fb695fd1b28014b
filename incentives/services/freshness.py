"""Stale statements: a draft statement whose inputs changed after the reward calculation built it.

The calculation stores, on each statement it builds, a summary of what it read for the partner and month
(`inputs_now`): the sales of the policy window, the published grade, the targets and manual KPI values of
the window, and the latest history row of the policies that apply to the month. A statement is stale when
the same summary taken now differs; Finance cannot approve it until the month is calculated again.
Comparing summaries rather than timestamps also catches a sale updated or deleted by an import.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, Max, Min, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from common.periods import Period
from evaluations.models import EvaluationCycle, ManualKPIValue, Scorecard, Target
from incentives.models import Accrual, IncentivePolicy, PolicyVersion
from partners.models import Partner
from partners.selectors import sales_fingerprints

Key = tuple[int, dt.date]  # (partner id, first day of the statement's month)

INPUT_LABELS = {
    "sales": _("sales"),
    "grade": _("the published grade"),
    "targets": _("sales targets"),
    "manual": _("manual KPI values"),
    "policies": _("incentive policies"),
}


def window_starts(keys: set[Key]) -> dict[Key, dt.date]:
    """The first month each statement's lines cover (a quarterly policy reads the quarter so far)."""
    starts = {key: key[1] for key in keys}
    rows = (
        Accrual.objects.filter(partner_id__in=_scope({p for p, _m in keys}), period__in={m for _p, m in keys})
        .values("partner_id", "period")
        .annotate(start=Min("covers_from"))
        .values_list("partner_id", "period", "start")
    )
    for partner_id, month, start in rows:
        if (partner_id, month) in starts:
            starts[(partner_id, month)] = min(start, month)
    return starts


# Above this many partners a query reads them through a semi-join on the partner table rather than naming
# each: a list of thousands of ids costs more to send and plan than the rows it leaves out (keys filter after).
NAMED_PARTNERS_MAX = 500


def _scope(partner_ids: set[int]):
    return partner_ids if len(partner_ids) <= NAMED_PARTNERS_MAX else Partner.objects.values("pk")


def inputs_now(keys: Iterable[Key]) -> dict[Key, dict[str, str]]:
    """The summary of each statement's inputs as they are now; a fixed number of queries per month."""
    keys = set(keys)
    if not keys:
        return {}
    starts = window_starts(keys)
    partner_ids = _scope({partner_id for partner_id, _month in keys})
    months = {month for _partner_id, month in keys}
    first, last = min(starts.values()), max(months)

    sales = sales_fingerprints(partner_ids=partner_ids, first=Period(first), last=Period(last))
    grades = {
        (partner_id, month): grade
        for partner_id, month, grade in Scorecard.objects.filter(
            partner_id__in=partner_ids, cycle__period__in=months, cycle__status=EvaluationCycle.Status.PUBLISHED
        ).values_list("partner_id", "cycle__period", "grade")
    }
    targets, manual = defaultdict(list), defaultdict(list)
    window = {"partner_id__in": partner_ids, "period__gte": first, "period__lte": last}
    for partner_id, month, amount in Target.objects.filter(**window).values_list("partner_id", "period", "amount"):
        targets[partner_id].append((month, str(amount)))
    for partner_id, month, value in ManualKPIValue.objects.filter(**window).values_list(
        "partner_id", "period", "value"
    ):
        manual[partner_id].append((month, str(value)))
    policies = {month: policies_stamp(Period(month)) for month in months}

    labels: dict[dt.date, str] = {}  # month → "YYYY-MM": formatted once a month, not once a row (10⁴ partners)

    def label(month: dt.date) -> str:
        text = labels.get(month)
        if text is None:
            text = labels[month] = f"{month:%Y-%m}"
        return text

    def within(rows, key):
        start, end = starts[key], key[1]
        return ";".join(f"{label(m)}={v}" for m, v in sorted(rows.get(key[0], ())) if start <= m <= end)

    return {
        key: {
            "sales": within(sales, key),
            "grade": grades.get(key, ""),
            "targets": within(targets, key),
            "manual": within(manual, key),
            "policies": policies[key[1]],
        }
        for key in keys
    }


def policies_stamp(period: Period) -> str:
    """The latest history rows of the policies (and their versions) that apply to the month or paid in it."""
    # A policy with an accrual of the month: one probe of the (policy, period) index per policy, where a DISTINCT
    # over the month's accruals read all of them (40,000 rows, 20 ms at 10,000 partners).
    accrued = Exists(Accrual.objects.filter(policy_id=OuterRef("pk"), period=period.first_day))
    ids = set(
        IncentivePolicy.objects.filter(
            Q(valid_from__lte=period.last_day, valid_to__isnull=True)
            | Q(valid_from__lte=period.last_day, valid_to__gte=period.first_day)
            | accrued
        ).values_list("pk", flat=True)
    )
    policy = IncentivePolicy.history.filter(id__in=ids).aggregate(last=Max("history_id"))["last"]
    version = PolicyVersion.history.filter(policy_id__in=ids).aggregate(last=Max("history_id"))["last"]
    return f"{policy or 0}/{version or 0}"


def changed_inputs(stored: dict[str, str], now: dict[str, str]) -> list[str]:
    """The labels of the inputs that differ between the calculation's summary and today's."""
    return [str(label) for name, label in INPUT_LABELS.items() if stored.get(name) != now.get(name)]
