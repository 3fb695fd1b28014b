"""Notifications are written once and leave by every channel of their kind: email, and a group robot's webhook."""

import pytest
from django.core import mail

from common.emails import Email, email_send_once
from common.emails.channels import WebhookChannel
from common.models import EmailLog, OutboxMessage
from common.tasks import webhook_post
from config.celery import app
from tests.common.webhook_server import Robot


def _summary_email(**overrides) -> Email:
    return Email(
        **{
            "kind": EmailLog.Kind.RUN_FINISHED,
            "recipient": "lin@example.com",
            "language": "zh-hans",
            "template": "common/email/run_finished",
            "context": {"user": None, "job": "cycle", "period": "2026-10", "figures": {"partners": 47}, "link": "x"},
            "period": "2026-10",
            "about": "cycle-1",
            **overrides,
        }
    )


def test_the_robot_receives_the_emails_text_once(db, settings, django_capture_on_commit_callbacks):
    with Robot() as robot:
        settings.NOTIFY_WEBHOOK_URL = robot.url
        with django_capture_on_commit_callbacks(execute=True):
            assert email_send_once(_summary_email()) is True
            assert email_send_once(_summary_email()) is False  # sent before: neither channel repeats it

    assert len(mail.outbox) == 1
    assert len(robot.received) == 1
    message = robot.received[0]
    assert message["msgtype"] == "text"
    content = message["text"]["content"]
    # The same words the email carries, in the email's language: subject first, then the body.
    assert content.startswith(mail.outbox[0].subject)
    assert "47" in content and "2026年10月" in content
    assert mail.outbox[0].subject == "2026年10月 评估周期已计算完成"


def test_a_partners_own_mail_never_reaches_the_team_robot(db, settings, django_capture_on_commit_callbacks):
    with Robot() as robot:
        settings.NOTIFY_WEBHOOK_URL = robot.url
        with django_capture_on_commit_callbacks(execute=True):
            email_send_once(_summary_email(kind=EmailLog.Kind.SCORECARD))
    assert len(mail.outbox) == 1
    assert robot.received == []


def test_without_a_webhook_url_only_email_is_sent(db, settings):
    settings.NOTIFY_WEBHOOK_URL = ""
    email_send_once(_summary_email())
    assert len(mail.outbox) == 1
    assert not OutboxMessage.objects.exists()


def test_a_failing_robot_is_retried_until_it_accepts(db, retries_run_eagerly):
    # A 500 and then a refusal (WeCom answers 200 with a non-zero errcode) are both retried.
    answers = [(500, {}), (200, {"errcode": 93000, "errmsg": "invalid webhook url"}), (200, {"errcode": 0})]
    with Robot(answers) as robot:
        result = webhook_post.apply(args=[robot.url, "你好"])
    assert [m["text"]["content"] for m in robot.received] == ["你好", "你好", "你好"]
    assert result.successful()


def test_a_robot_that_never_accepts_is_given_up_after_its_retries(db, retries_run_eagerly):
    with Robot([(503, {})]) as robot:
        result = webhook_post.apply(args=[robot.url, "hello"])
    assert len(robot.received) == 1 + 8  # the first try and every retry retry_on allows
    assert result.failed()


def test_a_message_for_the_robot_is_only_queued_by_the_sender(db, settings):
    # The sender (a request or a task) writes an outbox row; the post itself is the worker's affair.
    settings.NOTIFY_WEBHOOK_URL = "http://127.0.0.1:9/unreachable"
    assert email_send_once(_summary_email()) is True
    [message] = OutboxMessage.objects.all()
    assert message.task_name == "common.tasks.webhook_post" and message.args[0] == settings.NOTIFY_WEBHOOK_URL


@pytest.fixture
def retries_run_eagerly():
    """Eager mode runs a task's retries one after the other, as a worker would (without the waits),
    only when it does not re-raise the first failure."""
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"


def test_only_an_http_address_is_ever_opened():
    with pytest.raises(ValueError, match="http"):
        WebhookChannel.post("file:///etc/passwd", "hello")
