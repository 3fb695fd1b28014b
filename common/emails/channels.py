"""Notification channels: a message is written once (an `Email` and its templates) and delivered by each channel.

Email is the first channel (`email_send_once`); a WeCom/DingTalk group robot is the second, configured by
URL (NOTIFY_WEBHOOK_URL). The robot receives the same plain text the email carries, for the kinds the team
wants in its group (NOTIFY_WEBHOOK_KINDS): never a partner's own mail. A robot's post leaves through the
outbox, so a slow or failing robot delays nothing and breaks no request; the task retries it.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils import translation

from common.outbox import outbox_enqueue

WEBHOOK_TIMEOUT_SECONDS = 5


def message_text(email) -> str:
    """The email's subject and plain-text body, in its language: what every other channel sends."""
    from common.emails.services import one_line, render_plain

    with translation.override(email.language):
        subject = email.subject or render_plain(f"{email.template}_subject.txt", email.context)
        body = render_plain(f"{email.template}.txt", email.context)
    return f"{one_line(subject)}\n\n{body.strip()}"


class WebhookChannel:
    """A group robot (WeCom 企业微信 or DingTalk 钉钉): both accept {"msgtype": "text", "text": {"content": …}}."""

    def __init__(self, url: str):
        self.url = url

    def deliver(self, email) -> None:
        outbox_enqueue("common.tasks.webhook_post", self.url, message_text(email))

    @staticmethod
    def post(url: str, content: str) -> None:
        """One POST; an HTTP error status or a robot's non-zero `errcode` raises, so the task retries."""
        if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
            raise ValueError(f"NOTIFY_WEBHOOK_URL must be an http(s) address, not {url!r}")
        body = json.dumps({"msgtype": "text", "text": {"content": content}}, ensure_ascii=False).encode()
        request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json; charset=utf-8"})
        # The scheme is checked above, so no file:// or custom scheme is ever opened.
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # nosec B310
            answer = response.read()
        try:
            errcode = json.loads(answer or b"{}").get("errcode", 0)
        except (ValueError, AttributeError):
            errcode = 0  # a robot that answers without JSON accepted the message
        if errcode:
            raise OSError(f"webhook refused the message: {answer[:200]!r}")


def other_channels(kind: str) -> list[WebhookChannel]:
    """The channels besides email that carry messages of this kind."""
    if settings.NOTIFY_WEBHOOK_URL and kind in settings.NOTIFY_WEBHOOK_KINDS:
        return [WebhookChannel(settings.NOTIFY_WEBHOOK_URL)]
    return []
