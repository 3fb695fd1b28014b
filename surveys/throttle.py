"""Spam guard for the public customer survey: at most SURVEYS_PUBLIC_LIMIT answers an hour from one address
(common/throttles.py keeps the count, atomically, in the shared cache)."""

from __future__ import annotations

from django.conf import settings

from common.throttles import Limit


def _limit() -> Limit:
    return Limit(
        "survey-answer",
        count=settings.SURVEYS_PUBLIC_LIMIT,
        window=settings.SURVEYS_PUBLIC_WINDOW_SECONDS,
    )


def is_limited(ip: str) -> bool:
    return _limit().exceeded(ip)


def admit(ip: str) -> bool:
    return _limit().hit(ip)
