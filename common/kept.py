"""Figures kept in this process's memory in front of the shared cache.

A page's panels read a dozen figures from the shared cache (Redis in production), each a round trip. A key
that names the version of what its value was computed from (the sales' token, a cycle's calculation, the
partners' or the targets' history) never changes meaning, so the process keeps the value as well and asks the
shared cache only on its first use. A value with a lifetime (plans.caching) is kept here until the moment it
expires in the shared cache, never longer: the shared cache stores it with that moment. The versions
themselves are read afresh on every request, so a write made through another process shows at once.
Bounded: past LOCAL_ENTRIES values, the least recently used is forgotten first.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
LOCAL_ENTRIES = 256
_local: OrderedDict[str, tuple[float, object]] = OrderedDict()
_lock = threading.Lock()


def kept(key: str, compute: Callable[[], T], timeout: int) -> T:
    """`compute()`'s value under `key` for `timeout` seconds: from this process, else the shared cache (which
    keeps it with its expiry, under "kept:" + `key`), else computed and stored in both."""
    now = time.time()
    with _lock:
        entry = _local.get(key)
        if entry is not None and entry[0] > now:
            _local.move_to_end(key)
            return entry[1]
    shared_key = f"kept:{key}"
    entry = cache.get(shared_key)
    if entry is None or entry[0] <= now:
        entry = (now + timeout, compute())
        cache.set(shared_key, entry, timeout)
    with _lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return entry[1]


def forget() -> None:
    """Empty this process's part (the tests do, with the shared cache, between tests)."""
    with _lock:
        _local.clear()
