"""Publishing emails every contact: its GET says how many and changes nothing, its POST publishes."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from evaluations.models import EvaluationCycle
from tests.common.factories import ManagerFactory
from tests.evaluations.factories import (
    EvaluationCycleFactory,
    PeriodEvaluationFactory,
    PeriodScorecardFactory,
    ScorecardFactory,
)
from tests.partners.factories import ContactFactory, PartnerFactory

URL = reverse("evaluations:cycle-publish", kwargs={"period": "2026-10"})


@pytest.fixture
def manager(db):
    return ManagerFactory(email="boss@example.com")


def _cycle_with_three_contacts(manager):
    cycle = EvaluationCycleFactory(period=dt.date(2026, 10, 1), status=EvaluationCycle.Status.REVIEW)
    for contacts in (2, 1):
        card = ScorecardFactory(cycle=cycle, partner=PartnerFactory(manager=manager))
        ContactFactory.create_batch(contacts, partner=card.partner)
    ContactFactory(partner=card.partner, email="")  # no address: not emailed, not counted
    return cycle


def test_get_says_how_many_are_emailed_and_changes_nothing(client, manager):
    cycle = _cycle_with_three_contacts(manager)
    client.force_login(manager)
    page = client.get(URL)
    text = page.content.decode()
    assert "show 2 scorecards to their partners in the portal;" in text
    assert "email 3 partner contacts their scorecards;" in text
    assert "email 1 channel manager a summary;" in text
    assert ">Publish and send emails</button>" in text
    cycle.refresh_from_db()
    assert cycle.status == EvaluationCycle.Status.REVIEW and not mail.outbox


def test_post_publishes_and_sends_what_the_page_announced(client, manager, django_capture_on_commit_callbacks):
    cycle = _cycle_with_three_contacts(manager)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL)
    assert response.url == reverse("evaluations:cycle", kwargs={"period": "2026-10"})
    cycle.refresh_from_db()
    assert cycle.status == EvaluationCycle.Status.PUBLISHED
    assert len(mail.outbox) == 3 + 1


def test_the_review_page_leads_to_the_confirmation_not_straight_to_publishing(client, manager):
    _cycle_with_three_contacts(manager)
    client.force_login(manager)
    text = client.get(reverse("evaluations:cycle", kwargs={"period": "2026-10"})).content.decode()
    assert f'href="{URL}" id="publish-button"' in text


def test_a_quarters_publication_is_confirmed_too(client, manager):
    evaluation = PeriodEvaluationFactory(status=EvaluationCycle.Status.REVIEW)
    PeriodScorecardFactory(evaluation=evaluation)
    client.force_login(manager)
    url = reverse("evaluations:period-publish", kwargs={"label": evaluation.label})
    assert "show 1 scorecard to its partner in the portal;" in client.get(url).content.decode()
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationCycle.Status.REVIEW
