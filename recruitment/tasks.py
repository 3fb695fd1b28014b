"""Thin tasks: each takes an application id and calls one service that sends at most once."""

from celery import shared_task

from recruitment.services import application_acknowledge, application_invite


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_acknowledgement(application_id: int) -> bool:
    return application_acknowledge(application_id=application_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(application_id: int) -> bool:
    return application_invite(application_id=application_id)
