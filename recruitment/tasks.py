"""Thin tasks: each takes an application id and calls one service that sends at most once."""

from celery import shared_task
from django.db import OperationalError

from common.retrying import retry_on
from recruitment.services import application_acknowledge, application_invite, application_notify_owner


@shared_task(**retry_on(OperationalError, OSError))
def send_acknowledgement(application_id: int) -> bool:
    return application_acknowledge(application_id=application_id)


@shared_task(**retry_on(OperationalError, OSError))
def send_invitation(application_id: int) -> bool:
    return application_invite(application_id=application_id)


@shared_task(**retry_on(OperationalError, OSError))
def notify_owner(application_id: int) -> bool:
    return application_notify_owner(application_id=application_id)
