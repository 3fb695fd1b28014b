"""The count of the training panel on `/`, declared for common.counts so the page reads it with the other
panels' counts in one query."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from common.periods import local_date
from training.certificates import EXPIRING_SOON_DAYS
from training.models import Certification
from training.selectors import certification_list


def certifications_expiring(*, user) -> QuerySet[Certification]:
    """The certificates the user may see that expire within EXPIRING_SOON_DAYS from today."""
    today = local_date(timezone.now())
    return certification_list(user=user).filter(
        expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=EXPIRING_SOON_DAYS)
    )


def home_counts(request) -> dict[str, QuerySet]:
    """The panel's count, for a user who sees the panel (training.view_session)."""
    if not request.user.has_perm("training.view_session"):
        return {}
    return {"training:certifications-expiring": certifications_expiring(user=request.user)}
