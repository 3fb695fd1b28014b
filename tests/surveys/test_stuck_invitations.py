"""A round whose invitation run died half-way (its whole worker killed, or its retries spent while the mail
server was down) is finished by the daily job: the rest of its invitations leave, each once."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from common import clock
from common.models import JobRun
from surveys import services
from surveys.models import Invitation, SurveyRound
from surveys.tasks import surveys_daily
from tests.surveys.factories import InvitationFactory, SurveyRoundFactory, standard_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_sent_round():
    """Five invitations, two of which left before the worker died twenty minutes ago."""
    today = clock.today()
    survey_round = SurveyRoundFactory(version=standard_version(), opens_on=today, closes_on=today + dt.timedelta(21))
    invitations = InvitationFactory.create_batch(5, round=survey_round)
    stopped = timezone.now() - dt.timedelta(minutes=20)
    SurveyRound.objects.filter(pk=survey_round.pk).update(created_at=stopped - dt.timedelta(minutes=5))
    Invitation.objects.filter(pk__in=[i.pk for i in invitations[:2]]).update(sent_at=stopped)
    return survey_round, invitations


def test_the_daily_job_sends_what_a_stuck_round_still_owes_once(half_sent_round):
    survey_round, invitations = half_sent_round

    surveys_daily.delay()
    surveys_daily.delay()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(i.contact.email for i in invitations[2:])
    assert not Invitation.objects.filter(sent_at__isnull=True).exists()
    assert JobRun.objects.get(name="survey_invitations_resume").summary == {"resumed": [survey_round.pk]}


def test_a_round_still_sending_or_just_opened_is_left_alone_until_it_stops(half_sent_round):
    survey_round, _invitations = half_sent_round
    Invitation.objects.filter(sent_at__isnull=False).update(sent_at=timezone.now() - dt.timedelta(minutes=1))
    fresh = SurveyRoundFactory(version=standard_version(), opens_on=clock.today(), closes_on=clock.today())
    InvitationFactory(round=fresh)

    assert services.round_invitations_resume() == []
    assert not mail.outbox

    later = timezone.now() + dt.timedelta(minutes=16)
    assert services.round_invitations_resume(now=later) == sorted([survey_round.pk, fresh.pk])
    assert len(mail.outbox) == 4
