"""The expensive reads of the plan's figures (sums over every partner's manual scores and survey answers, every
partner's training status) are remembered for PLANS_FIGURES_CACHE_SECONDS (default 300) in Django's cache
(common.kept), keyed by what they depend on and the day; the sums over every sale are kept under the sales'
version as well, so a sales write shows at once. What is read only from tables whose every write adds a history
row (the goals, the budget lines and their spend, the funds, the payouts, the market sizes and coverage targets)
is kept under their versions instead (`versioned`, common.versions): read again as soon as one of them is
written. A plan's goal figures are kept whole that way (plans.figures.goal_figures), never past the earliest
expiry of the remembered parts they read. The plan page says so; closing a
review and the budget shown before an approval always read afresh. 0 turns the cache off (the tests of exact
figures do)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from common.kept import kept
from common.versions import KEPT_SECONDS, version_of

T = TypeVar("T")
DEFAULT_SECONDS = 300


def seconds() -> int:
    return getattr(settings, "PLANS_FIGURES_CACHE_SECONDS", DEFAULT_SECONDS)


def remembered(key: str, compute: Callable[[], T], *, fresh: bool = False) -> T:
    ttl = seconds()
    if fresh or ttl <= 0:
        return compute()
    return kept(f"plans:figures:{key}", compute, ttl)


class StampedList(list):
    """Figures kept by `versioned(..., stamped=True)` as a list, with `stamp` (see `versioned`). Figures read
    afresh are a plain list, without one."""

    stamp = ""


def versioned(
    key: str, tables: tuple[str, ...], compute: Callable[[], T], *, memo=None, fresh: bool = False, stamped=False
) -> T:
    """`compute()` kept under the versions of `tables` (common.versions: every write to them adds a history row),
    so read again as soon as one of them is written rather than after a lifetime; 0 still turns it off.
    `stamped`: the value kept gets a `stamp`, a token new each time it is computed, the key of the HTML rendered
    from it ({% kept_html %}); a list is kept as a StampedList, any other value must have a `stamp` attribute."""
    if fresh or seconds() <= 0:
        return compute()

    def computed():
        value = compute()
        if stamped:
            if isinstance(value, list):
                value = StampedList(value)
            value.stamp = uuid.uuid4().hex
        return value

    # Stamped figures under keys of their own: a process of the code before them never reads one.
    kind = "stamped:" if stamped else ""
    return kept(f"plans:figures:{kind}{key}:{version_of(*tables, memo=memo)}", computed, KEPT_SECONDS)
