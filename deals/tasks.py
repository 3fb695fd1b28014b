import datetime as dt

from celery import shared_task
from django.db import OperationalError

from common.retrying import retry_on
from deals import services


@shared_task(**retry_on(OperationalError, OSError))
def protection_daily(today: str | None = None) -> dict:
    """Daily: end the protections whose last day has passed, remind the partners of those ending soon."""
    day = dt.date.fromisoformat(today) if today else None
    return {
        "expired": services.registrations_expire(today=day),
        "reminded": services.protection_reminders_send(today=day),
    }


@shared_task(**retry_on(OperationalError))
def leads_pull_back() -> int:
    """Every few minutes: leads not answered before their deadline go to the next eligible partner."""
    return services.leads_pull_back()


@shared_task(**retry_on(OperationalError, OSError))
def lead_offer_email(offer_id: int) -> int:
    return services.lead_offer_email_send(offer_id=offer_id)
