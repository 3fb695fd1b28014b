"""One answer per contact per round, even when two submissions arrive at once (two transactions on PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from common import clock
from surveys import services
from surveys.models import Answer, Response
from tests.services import require_postgres
from tests.surveys.factories import InvitationFactory, SurveyRoundFactory, standard_version

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_submissions_of_one_invitation_keep_one_answer():
    require_postgres()
    today = clock.today()
    survey_round = SurveyRoundFactory(version=standard_version(), opens_on=today, closes_on=today)
    invitation = InvitationFactory(round=survey_round)
    questions = list(survey_round.version.questions.all())
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(score):
        try:
            barrier.wait()
            services.response_submit(
                survey_round=survey_round,
                data={questions[0].pk: str(score), questions[1].pk: "3"},
                invitation=invitation,
                today=today,
            )
            outcomes.append("answered")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(score,)) for score in (9, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["This survey was already answered with this link. Only one answer counts.", "answered"]
    assert Response.objects.filter(invitation=invitation).count() == 1
    assert Answer.objects.filter(response__invitation=invitation).count() == 2
