"""Broker down: the pages answer at once, the data is saved, and the work runs once when Redis is back."""

import datetime as dt
import time
from decimal import Decimal as D

from django.urls import reverse
from django.utils import timezone

from common.models import EmailLog, OutboxMessage
from common.outbox import outbox_relay_pending
from common.periods import Period
from evaluations.models import EvaluationCycle
from evaluations.services import cycle_calculate
from partners.models import Partner, Region
from recruitment.models import Application
from recruitment.pipeline import Stage
from tests.common.factories import ManagerFactory
from tests.evaluations.factories import TargetFactory
from tests.partners.factories import ContactFactory, PartnerFactory, SalesRecordFactory
from tests.recruitment.factories import ApplicationFactory, application_data
from tests.workers import wait_for

OCT = Period.month(2026, 10)
SENT = EmailLog.Status.SENT


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_pages_answer_while_the_broker_is_down_and_the_work_runs_once_when_it_is_back(broker, start_worker, client):
    # given a cycle in review, a signed application, and the broker down
    partner = PartnerFactory(name="Reliable Co")
    SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 3), amount=D("800"))
    TargetFactory(partner=partner, period=OCT.first_day, amount=D("1000"))
    contact = ContactFactory(partner=partner, language="en", email="boss@reliable.example.com")
    cycle_calculate(period=OCT)
    signed = ApplicationFactory(stage=Stage.SIGNED)
    broker.stop()
    before = OutboxMessage.objects.order_by("pk").values_list("pk", flat=True).last() or 0

    # when an applicant applies, a manager publishes the cycle and another onboards the application
    data = {**application_data(7, email="new@applicant.example.com"), "consent": "on"}
    data["regions"] = [Region.objects.get(code="330100").pk]
    assert client.get(reverse("apply:form")).status_code == 200  # the applicant opens the form first
    applied, apply_seconds = _timed(lambda: client.post(reverse("apply:form"), data))
    client.force_login(ManagerFactory())
    publish_url = reverse("evaluations:cycle-publish", kwargs={"period": str(OCT)})
    published, publish_seconds = _timed(lambda: client.post(publish_url))
    client.force_login(signed.owner)
    move_url = reverse("recruitment:application-move-confirm", kwargs={"pk": signed.pk, "stage": Stage.ONBOARDED})
    onboarded, onboard_seconds = _timed(lambda: client.post(move_url))

    # then each page answers at once, and the data and the intents are stored
    print(f"broker down: apply {apply_seconds:.2f}s, publish {publish_seconds:.2f}s, onboard {onboard_seconds:.2f}s")
    assert [applied.status_code, published.status_code, onboarded.status_code] == [302, 302, 302]
    assert max(apply_seconds, publish_seconds, onboard_seconds) < 2
    application = Application.objects.get(email="new@applicant.example.com")
    assert EvaluationCycle.objects.get().status == EvaluationCycle.Status.PUBLISHED
    assert Partner.objects.filter(credit_code=signed.credit_code).exists()
    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, pk__gt=before)
    assert set(pending.values_list("task_name", flat=True)) >= {
        "recruitment.tasks.send_acknowledgement",
        "evaluations.tasks.cycle_send_emails",
        "recruitment.tasks.send_invitation",
    }
    assert not EmailLog.objects.filter(status=SENT).exists()

    # when Redis is back, a worker runs and beat's relay job re-sends what is pending
    broker.start()
    worker = start_worker()
    back = time.monotonic()
    outbox_relay_pending(now=timezone.now() + dt.timedelta(minutes=1))

    # then every piece of work runs, once
    expected = {
        (EmailLog.Kind.ACKNOWLEDGEMENT, application.email),
        (EmailLog.Kind.SCORECARD, contact.email),
        (EmailLog.Kind.INVITATION, signed.email),
    }
    done = EmailLog.objects.filter(status=SENT)
    wait_for(lambda: expected <= set(done.values_list("kind", "recipient")), what="the delayed emails")
    print(f"broker back: the delayed work ran within {time.monotonic() - back:.2f}s")
    assert not OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists()
    assert outbox_relay_pending(now=timezone.now() + dt.timedelta(minutes=1)) == 0  # beat again: nothing left
    time.sleep(2)
    log = worker.output()  # the console email backend prints each message the worker sends
    for _kind, recipient in expected:
        assert log.count(f"To: {recipient}") == done.filter(recipient=recipient).count(), recipient
    assert done.filter(recipient=contact.email).count() == 1
