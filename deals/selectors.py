"""Reads of the deals app: the queues, the portal lists, the dashboard figures and the lead KPIs the monthly
cycle scores. Each list is a fixed number of queries, whatever the number of rows shown."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from common.counts import named_count
from common.periods import Period
from deals.models import ConflictCase, DealRegistration, Lead, LeadOffer

_CENT = Decimal("0.01")


def registration_list() -> QuerySet[DealRegistration]:
    return DealRegistration.objects.select_related("partner", "region__parent").order_by("-submitted_at", "-pk")


def lead_list() -> QuerySet[Lead]:
    return Lead.objects.select_related("region__parent", "partner").order_by("-created_at", "-pk")


def case_list() -> QuerySet[ConflictCase]:
    return ConflictCase.objects.prefetch_related("partners").order_by("-opened_at", "-pk")


@dataclass(frozen=True)
class Attention:
    registrations_waiting: int
    leads_unassigned: int
    cases_open: int
    protections_ending: int

    @property
    def any(self) -> bool:
        return any((self.registrations_waiting, self.leads_unassigned, self.cases_open, self.protections_ending))


def attention_querysets(*, today: dt.date, ending_days: int = 14) -> dict[str, QuerySet]:
    """What the director's dashboard lists as needing attention, each as the queryset it counts."""
    return {
        "registrations_waiting": DealRegistration.objects.filter(status="pending"),
        "leads_unassigned": Lead.objects.filter(status=Lead.Status.UNASSIGNED),
        "cases_open": ConflictCase.objects.exclude(status=ConflictCase.Status.RESOLVED),
        "protections_ending": DealRegistration.objects.filter(
            status="approved",
            protected_until__gte=today,
            protected_until__lte=today + dt.timedelta(days=ending_days),
        ),
    }


def attention(*, today: dt.date, ending_days: int = 14, memo: dict | None = None) -> Attention:
    """What the director's dashboard lists as needing attention: four counts, counted ahead with the page's
    other counts (deals.dashboard_counts, common.counts) or each on its own."""
    querysets = attention_querysets(today=today, ending_days=ending_days)
    return Attention(**{name: named_count(memo, f"deals:{name}", lambda qs=qs: qs) for name, qs in querysets.items()})


@dataclass(frozen=True)
class LeadFigures:
    """One partner's answers to the leads offered to it in a month."""

    offered: int = 0
    accepted: int = 0
    answered: int = 0  # accepted, declined or run out
    hours_to_accept: Decimal | None = None  # mean over the accepted ones

    @property
    def acceptance_rate(self) -> Decimal | None:
        if not self.answered:
            return None
        return (Decimal(self.accepted) * 100 / Decimal(self.answered)).quantize(_CENT, rounding=ROUND_HALF_UP)


def lead_figures(*, period: Period) -> dict[int, LeadFigures]:
    """Per partner, the leads offered in the month: how many it accepted of those answered or run out, and the
    mean hours it took to accept. Two queries for all partners; an offer still open is not counted yet."""
    start, end = period.bounds()
    offers = LeadOffer.objects.filter(offered_at__gte=start, offered_at__lt=end)
    counts = offers.values("partner_id").annotate(
        offered=Count("pk"),
        accepted=Count("pk", filter=Q(status="accepted")),
        answered=Count("pk", filter=~Q(status="offered")),
    )
    durations: dict[int, list[float]] = defaultdict(list)
    for partner_id, offered_at, responded_at in offers.filter(status="accepted").values_list(
        "partner_id", "offered_at", "responded_at"
    ):
        durations[partner_id].append((responded_at - offered_at).total_seconds())
    result = {}
    for row in counts:
        seconds = durations.get(row["partner_id"])
        hours = None
        if seconds:
            hours = (Decimal(sum(seconds)) / len(seconds) / 3600).quantize(_CENT, rounding=ROUND_HALF_UP)
        result[row["partner_id"]] = LeadFigures(row["offered"], row["accepted"], row["answered"], hours)
    return result
