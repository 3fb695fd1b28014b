"""Spam guard for the public form: at most RECRUITMENT_APPLY_LIMIT submissions an hour from one address
(common/throttles.py keeps the count, atomically, in the shared cache)."""

from __future__ import annotations

from django.conf import settings

from common.throttles import Limit


def _limit() -> Limit:
    return Limit("apply", count=settings.RECRUITMENT_APPLY_LIMIT, window=settings.RECRUITMENT_APPLY_WINDOW_SECONDS)


def is_limited(ip: str) -> bool:
    return _limit().exceeded(ip)


def admit(ip: str) -> bool:
    """Count one submission from `ip`; False when it is over the limit and must not be stored."""
    return _limit().hit(ip)
