"""Figures kept in this process's memory in front of the shared cache.

A page's panels read a dozen figures from the shared cache (Redis in production), each a round trip. A key
that names the version of what its value was computed from (the sales' token, a cycle's calculation, the
partners' or the targets' history) never changes meaning, so the process keeps the value as well and asks the
shared cache only on its first use. A value with a lifetime (plans.caching) is kept here until the moment it
expires in the shared cache, never longer: the shared cache stores it with that moment. The versions
themselves are read afresh on every request, so a write made through another process shows at once.
Bounded: past LOCAL_ENTRIES values, the least recently used is forgotten first.

A value computed from other kept values never outlives them: while `compute()` runs, every value it takes from
here reports its expiry, and the outer value expires with the earliest (plans.figures keeps a plan's goal figures
whole, some of whose parts are remembered for minutes only).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
LOCAL_ENTRIES = 256
_local: OrderedDict[str, tuple[float, object]] = OrderedDict()
_lock = threading.Lock()
# The earliest expiry among the kept values read by the `compute()` running now, in a one-item list.
_earliest: ContextVar[list[float] | None] = ContextVar("kept_earliest", default=None)


def kept(key: str, compute: Callable[[], T], timeout: int) -> T:
    """`compute()`'s value under `key` for `timeout` seconds: from this process, else the shared cache (which
    keeps it with its expiry, under "kept:" + `key`), else computed and stored in both."""
    now = time.time()
    with _lock:
        entry = _local.get(key)
        if entry is not None and entry[0] > now:
            _local.move_to_end(key)
            _report(entry[0])
            return entry[1]
    shared_key = f"kept:{key}"
    entry = cache.get(shared_key)
    if entry is None or entry[0] <= now:
        earliest = [now + timeout]
        token = _earliest.set(earliest)
        try:
            value = compute()
        finally:
            _earliest.reset(token)
        entry = (earliest[0], value)
        cache.set(shared_key, entry, max(1, math.ceil(earliest[0] - now)))
    _report(entry[0])
    with _lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return entry[1]


def expire_at(moment: float) -> None:
    """Inside a `compute()` given to `kept`: keep what it returns until `moment` (a timestamp) at the latest, for
    a value the clock changes (a list of upcoming sessions, once the first of them has ended)."""
    _report(moment)


def _report(expiry: float) -> None:
    """Tell the `compute()` running now, if any, that a value it read expires at `expiry`."""
    earliest = _earliest.get()
    if earliest is not None and expiry < earliest[0]:
        earliest[0] = expiry


def forget() -> None:
    """Empty this process's part (the tests do, with the shared cache, between tests)."""
    with _lock:
        _local.clear()
