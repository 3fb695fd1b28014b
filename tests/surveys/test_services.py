import datetime as dt
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.emails.models import EmailLog
from surveys import selectors, services
from surveys.models import Invitation, Response, SurveyRound
from tests.partners.factories import ContactFactory, PartnerFactory
from tests.surveys.factories import (
    CustomerRoundFactory,
    InvitationFactory,
    SurveyRoundFactory,
    standard_version,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 10, 10)


def _answers(version, recommend, rating=4, text=""):
    q = list(version.questions.all())
    return {q[0].pk: str(recommend), q[1].pk: str(rating), q[2].pk: "", q[3].pk: text}


def test_the_schedule_opens_a_round_once_and_emails_every_contact(django_capture_on_commit_callbacks):
    from surveys.models import SurveySchedule

    version = standard_version()
    schedule = SurveySchedule.objects.create(template=version.template, next_on=TODAY)
    partner = PartnerFactory()
    ContactFactory.create_batch(2, partner=partner)
    ContactFactory(partner=partner, email="")  # no address, no invitation
    ContactFactory(partner=PartnerFactory(status="suspended"))

    with django_capture_on_commit_callbacks(execute=True):
        opened = services.partner_rounds_start_due(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.partner_rounds_start_due(today=TODAY) == []

    assert len(opened) == 1
    assert Invitation.objects.filter(round=opened[0]).count() == 2
    assert len(mail.outbox) == 2
    assert "/portal/surveys/answer/" in mail.outbox[0].body
    schedule.refresh_from_db()
    assert schedule.next_on == dt.date(2027, 1, 10)  # quarterly by default


def test_reminder_is_sent_once_after_seven_days_to_those_who_did_not_answer():
    survey_round = SurveyRoundFactory(version=standard_version(), opens_on=TODAY, closes_on=TODAY + dt.timedelta(21))
    now = timezone.make_aware(dt.datetime(2026, 10, 12, 9))
    sent_at = now - dt.timedelta(days=8)
    waiting = InvitationFactory(round=survey_round, sent_at=sent_at)
    answered = InvitationFactory(round=survey_round, sent_at=sent_at)
    services.response_submit(
        survey_round=survey_round, data=_answers(survey_round.version, 9), invitation=answered, today=TODAY
    )
    InvitationFactory(round=survey_round, sent_at=now - dt.timedelta(days=3))  # too early

    assert services.invitation_reminders_send(now=now) == 1
    assert services.invitation_reminders_send(now=now + dt.timedelta(days=1)) == 0

    assert [m.to for m in mail.outbox] == [[waiting.contact.email]]
    assert mail.outbox[0].subject.startswith("提醒")  # in the contact's language (Chinese by default)
    assert EmailLog.objects.filter(kind="survey_reminder").count() == 1


def test_one_answer_per_contact_and_round_a_reused_link_is_refused_clearly():
    survey_round = SurveyRoundFactory(version=standard_version())
    invitation = InvitationFactory(round=survey_round)
    services.response_submit(
        survey_round=survey_round, data=_answers(survey_round.version, 9), invitation=invitation, today=TODAY
    )
    invitation.refresh_from_db()

    with pytest.raises(ValidationError, match="already answered"):
        services.response_submit(
            survey_round=survey_round, data=_answers(survey_round.version, 2), invitation=invitation, today=TODAY
        )
    assert "already used" in services.invitation_refusal(invitation, today=TODAY)
    assert Response.objects.count() == 1


def test_a_closed_round_refuses_answers_with_the_date():
    survey_round = SurveyRoundFactory(version=standard_version(), closes_on=dt.date(2026, 10, 5))
    invitation = InvitationFactory(round=survey_round)

    with pytest.raises(ValidationError, match=r"closed on Oct\. 5, 2026"):
        services.response_submit(
            survey_round=survey_round, data=_answers(survey_round.version, 9), invitation=invitation, today=TODAY
        )


def test_missing_and_out_of_range_answers_are_field_errors():
    survey_round = SurveyRoundFactory(version=standard_version())
    invitation = InvitationFactory(round=survey_round)
    q = list(survey_round.version.questions.all())

    with pytest.raises(ValidationError) as error:
        services.response_submit(
            survey_round=survey_round, data={q[0].pk: "11", q[1].pk: ""}, invitation=invitation, today=TODAY
        )
    assert set(error.value.message_dict) == {f"q{q[0].pk}", f"q{q[1].pk}"}
    assert not Response.objects.exists()


def test_public_form_tokens_expire_and_are_used_once(monkeypatch):
    survey_round = CustomerRoundFactory(version=standard_version(audience="customer"))
    token = services.form_token_issue(survey_round)
    nonce = services.form_token_check(survey_round, token)
    services.response_submit(
        survey_round=survey_round, data=_answers(survey_round.version, 9), submission_token=nonce, today=TODAY
    )
    with pytest.raises(ValidationError, match="already answered"):
        services.response_submit(
            survey_round=survey_round, data=_answers(survey_round.version, 9), submission_token=nonce, today=TODAY
        )
    monkeypatch.setattr(services, "FORM_MAX_AGE_SECONDS", -1)
    with pytest.raises(ValidationError, match="expired"):
        services.form_token_check(survey_round, token)
    other = CustomerRoundFactory(version=survey_round.version)
    with pytest.raises(ValidationError, match="not valid"):
        services.form_token_check(other, token)  # a token is bound to its round


def test_kpi_figures_read_the_latest_closed_round_and_not_measured_below_the_minimum():
    partner_round = SurveyRoundFactory(
        version=standard_version(min_answers=2), status=SurveyRound.Status.CLOSED, closes_on=dt.date(2026, 10, 20)
    )
    measured, thin = PartnerFactory(), PartnerFactory()
    for score, partner in [(10, measured), (6, measured), (9, measured), (10, thin)]:
        invitation = InvitationFactory(round=partner_round, contact=ContactFactory(partner=partner))
        Response.objects.create(
            round=partner_round, version=partner_round.version, partner=partner, invitation=invitation
        )
        _store(partner_round, invitation.response, score)
    customer_round = CustomerRoundFactory(
        partner=measured,
        version=standard_version(audience="customer", min_answers=2),
        status=SurveyRound.Status.CLOSED,
        closes_on=dt.date(2026, 10, 25),
    )
    for rating in (5, 4, 2, 5):
        response = Response.objects.create(round=customer_round, version=customer_round.version, partner=measured)
        _store(customer_round, response, 9, rating=rating)
    # A later round still open is not read.
    CustomerRoundFactory(partner=measured, version=customer_round.version, closes_on=dt.date(2026, 10, 30))

    figures = selectors.satisfaction_by_partner(as_of=dt.date(2026, 10, 31))

    assert figures[measured.pk].partner_nps == D("33.3")  # 2 promoters, 1 detractor of 3
    assert figures[measured.pk].customer_csat == D("75.0")  # 3 of 4 rated 4 or 5
    assert figures[thin.pk].partner_nps is None  # one answer, minimum 2: not measured
    assert figures[thin.pk].customer_csat is None
    # Before the round closed nothing is measured.
    assert selectors.satisfaction_by_partner(as_of=dt.date(2026, 10, 19)) == {}
    # The plan's satisfaction goals read the same rounds, company-wide: 3 promoters and 1 detractor of 4.
    summary = selectors.satisfaction_summary(as_of=dt.date(2026, 10, 31))
    assert (summary.partner_nps, summary.partner_answers) == (D("50.0"), 4)
    assert (summary.customer_csat, summary.customer_answers) == (D("75.0"), 4)
    # The scorecard's KPIs read the same figures.
    from common.periods import Period
    from evaluations import measurements, scoring

    period = Period.month(2026, 10)
    facts = measurements.partner_facts(period=period, partners=measurements.partner_rows(period))
    assert scoring.raw_value(scoring.PARTNER_NPS, facts[measured.pk]) == D("33.30")
    assert scoring.raw_value(scoring.CUSTOMER_SATISFACTION, facts[measured.pk]) == D("75.00")
    assert scoring.raw_value(scoring.CUSTOMER_SATISFACTION, facts[thin.pk]) is None


def _store(survey_round, response, score, rating=4):
    from surveys.models import Answer

    q = list(survey_round.version.questions.all())
    Answer.objects.create(response=response, question=q[0], score=score)
    Answer.objects.create(response=response, question=q[1], score=rating)


def test_a_new_version_leaves_the_answers_of_the_old_one_as_they_were():
    survey_round = SurveyRoundFactory(version=standard_version())
    invitation = InvitationFactory(round=survey_round)
    answered = services.response_submit(
        survey_round=survey_round, data=_answers(survey_round.version, 9), invitation=invitation, today=TODAY
    )
    template = survey_round.version.template

    second = services.version_create(
        template=template, questions=[{"kind": "rating", "text_zh": "总体满意度", "text_en": "Overall satisfaction"}]
    )

    assert (second.number, template.current_version()) == (2, second)
    assert answered.version.number == 1
    assert selectors.round_results(survey_round=survey_round).questions[0].scores == [9]
    with pytest.raises(ValidationError):
        services.version_create(template=template, questions=[{"kind": "choice", "text_zh": "选", "text_en": "Pick"}])
