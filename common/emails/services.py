"""Sending an email once: recorded pending, sent, then marked sent.

The record is committed before the message leaves, so a worker killed in between leaves a pending
row that the retried task sends; the send and the "sent" mark share one transaction holding the
row's lock, so two runs never both send it, and a failed send leaves it pending for the retry.
Subjects and plain-text bodies are plain text: rendered without HTML escaping, subjects on one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from common.emails.channels import other_channels
from common.emails.models import EmailLog


@dataclass(frozen=True)
class Email:
    """One email to send: its key, its language and how to render it.

    `template` names `<template>.txt`, `<template>.html` and, unless `subject` is given,
    `<template>_subject.txt`.
    """

    kind: str
    recipient: str
    language: str
    template: str
    context: dict = field(default_factory=dict)
    partner_id: int | None = None
    period: str = ""
    version: int = 1
    about: str = ""
    facts: dict = field(default_factory=dict)
    subject: str = ""
    # False: email only, when the same message to several colleagues should reach the team's robot once.
    other_channels: bool = True

    @property
    def key(self) -> dict:
        return {
            "kind": self.kind,
            "partner_id": self.partner_id,
            "recipient": self.recipient,
            "period": self.period,
            "version": self.version,
            "about": self.about,
        }


def email_send_once(email: Email, *, connection=None) -> bool:
    """Send `email` unless it was sent before; True when it left now."""
    record = _record(email)
    if record.status == EmailLog.Status.SENT:
        return False
    with transaction.atomic():
        record = EmailLog.objects.select_for_update().get(pk=record.pk)
        if record.status == EmailLog.Status.SENT:
            return False  # another run sent it while we waited for the lock
        _message(email, connection).send()
        record.status = EmailLog.Status.SENT
        record.sent_at = timezone.now()
        record.save(update_fields=["status", "sent_at"])
    # Once the email is out, the same message goes to the other channels of its kind (the team's robot).
    for channel in other_channels(email.kind) if email.other_channels else ():
        channel.deliver(email)
    return True


def _record(email: Email) -> EmailLog:
    """The pending (or already sent) row of this email, committed before anything is sent."""
    found = EmailLog.objects.filter(**email.key).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return EmailLog.objects.create(**email.key, language=email.language, facts=email.facts)
    except IntegrityError:  # a concurrent run recorded it first
        return EmailLog.objects.get(**email.key)


def _message(email: Email, connection) -> EmailMultiAlternatives:
    with translation.override(email.language):
        subject = email.subject or render_plain(f"{email.template}_subject.txt", email.context)
        text = render_plain(f"{email.template}.txt", email.context)
        html = render_to_string(f"{email.template}.html", email.context)
    message = EmailMultiAlternatives(one_line(subject), text, to=[email.recipient], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def render_plain(template_name: str, context: dict) -> str:
    """A template rendered as plain text: no HTML escaping (a name with `&` stays `&`)."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def one_line(subject: str) -> str:
    """A subject never spans lines (a newline in a name would start a header of its own)."""
    return " ".join(subject.split())


def emails_about(about: str):
    """The emails recorded about one thing (an application, a certificate), oldest first."""
    return EmailLog.objects.filter(about=about).order_by("recorded_at")
