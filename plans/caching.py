"""The expensive reads of the plan's figures (sums over every partner's approved payouts, manual scores and
survey answers, every partner's training status) are remembered for PLANS_FIGURES_CACHE_SECONDS (default 300)
in Django's cache (common.kept), keyed by what they depend on and the day; the sums over every sale are kept
under the sales' version as well, and the approved payouts under the payouts' (common.versions), so a sales or
a payout write shows at once. The plan page says so; closing a review and
the budget shown before an approval always read afresh. 0 turns the cache off (the tests of exact figures
do)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from common.kept import kept

T = TypeVar("T")
DEFAULT_SECONDS = 300


def seconds() -> int:
    return getattr(settings, "PLANS_FIGURES_CACHE_SECONDS", DEFAULT_SECONDS)


def remembered(key: str, compute: Callable[[], T], *, fresh: bool = False) -> T:
    ttl = seconds()
    if fresh or ttl <= 0:
        return compute()
    return kept(f"plans:figures:{key}", compute, ttl)
