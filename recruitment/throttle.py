"""Spam guards for the public form: a per-IP rate limit kept in Django's cache.

The cache is `CACHES["default"]` (local memory unless CACHE_URL points at Redis or another shared
cache, which a deployment with several web processes should do so that the limit holds across them).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

# How many applications one address may send per window; override in settings.
DEFAULT_LIMIT = 5
DEFAULT_WINDOW_SECONDS = 60 * 60


def client_ip(request) -> str:
    """REMOTE_ADDR, or — behind `RECRUITMENT_TRUSTED_PROXIES` proxies — the address they saw."""
    proxies = getattr(settings, "RECRUITMENT_TRUSTED_PROXIES", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(ip: str) -> str:
    return f"recruitment:apply:{ip}"


def is_limited(ip: str) -> bool:
    limit = getattr(settings, "RECRUITMENT_APPLY_LIMIT", DEFAULT_LIMIT)
    return (cache.get(_key(ip)) or 0) >= limit


def record_attempt(ip: str) -> int:
    """Count one submission from `ip` within the current window; returns the count so far."""
    window = getattr(settings, "RECRUITMENT_APPLY_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS)
    key = _key(ip)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1
