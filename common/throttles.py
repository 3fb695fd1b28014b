"""Rate limits as atomic counters in the default cache.

The count is raised first and checked after, in one cache operation (`incr`), so concurrent requests cannot
all read "under the limit" and all pass. The cache must be shared by every web process for a limit to hold
across them: base settings use Redis when CACHE_URL or a Redis CELERY_BROKER_URL is configured, and fall back
to the per-process local-memory cache otherwise (README, "Limits and the cache").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """REMOTE_ADDR, or — behind `TRUSTED_PROXIES` proxies — the address the outermost of ours saw."""
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `window` seconds for one identity (an address, say) under `name`."""

    name: str
    count: int
    window: int

    def _key(self, identity: str) -> str:
        return f"throttle:{self.name}:{identity}"

    def exceeded(self, identity: str) -> bool:
        """Whether `identity` has used up its hits; a cheap early answer before doing any work."""
        return (cache.get(self._key(identity)) or 0) >= self.count

    def hit(self, identity: str) -> bool:
        """Count one hit; True while it is within the limit. Atomic: of N concurrent hits on a fresh window
        exactly `count` answer True."""
        key = self._key(identity)
        cache.add(key, 0, timeout=self.window)
        try:
            used = cache.incr(key)
        except ValueError:  # the window expired between add() and incr(): this hit opens the next one
            used = 1 if cache.add(key, 1, timeout=self.window) else cache.incr(key)
        if used == 1:
            # An incr() racing the expiry may have created the key without a timeout; the first hit of a
            # window sets it, so a counter can never outlive its window.
            cache.touch(key, self.window)
        return used <= self.count
