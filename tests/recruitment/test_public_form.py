"""The public form: validation, spam guards, duplicates (told to the manager only) and the acknowledgement."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from common.models import EmailLog
from partners.models import Region
from recruitment.models import Application, StageChange
from recruitment.pipeline import Stage
from recruitment.services import application_acknowledge
from tests.partners.factories import ContactFactory, PartnerFactory
from tests.recruitment.factories import ApplicationFactory, CampaignFactory, CampaignGoalFactory, application_data


def form_data(n=0, **overrides):
    data = application_data(n, **overrides)
    data["regions"] = [Region.objects.get(code="330100").pk]
    data["consent"] = "on" if data["consent"] else ""
    return data


def submit(client, data, campaign=None, **extra):
    url = reverse("apply:campaign", kwargs={"slug": campaign.slug}) if campaign else reverse("apply:form")
    return client.post(url, data, **extra)


def test_anonymous_applicant_applies_to_a_campaign_and_gets_one_acknowledgement(
    db, client, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory()
    CampaignGoalFactory(campaign=campaign)  # distributors in Zhejiang

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, form_data(1, credit_code=" " + application_data(1)["credit_code"].lower()), campaign)

    assert response.status_code == 302
    assert response["Location"] == reverse("apply:thanks")
    application = Application.objects.get()
    assert application.campaign == campaign
    assert application.credit_code == application_data(1)["credit_code"]
    assert application.stage == Stage.APPLIED
    assert application.owner == campaign.owner
    assert application.submitted_ip == "127.0.0.1"
    # 5-20M 0.8x30 + team 25 0.8x15 + Zhejiang 20 + distributor 20 + 2 brands 6.67 + 1 store 2.5 = 85.17
    assert application.match_score == application.score == 85
    assert StageChange.objects.get(application=application).to_stage == Stage.APPLIED
    to_applicant = [m for m in mail.outbox if m.to == [application.email]]
    assert len(to_applicant) == 1
    assert application.company_name in to_applicant[0].subject
    assert to_applicant[0].alternatives  # HTML and text
    # A retried task sends nothing more.
    assert application_acknowledge(application_id=application.pk) is False
    assert len(mail.outbox) == 2  # the acknowledgement and the owner's notice
    assert EmailLog.objects.filter(about=f"application:{application.pk}", kind="acknowledgement").count() == 1


def test_general_form_without_campaign_uses_default_weights(db, client):
    response = submit(client, form_data(2))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.campaign is None
    assert application.score == 85  # no goals: region and channel fit


def test_acknowledgement_is_in_the_applicants_language(db, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, form_data(3), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert Application.objects.get().language == "zh-hans"
    assert "已收到" in next(m for m in mail.outbox if m.to == [Application.objects.get().email]).subject


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("credit_code", "91330100MA2B3C4D5X", "check digit"),
        ("credit_code", "123", "exactly 18 characters"),
        ("email", "not-an-email", "valid email"),
        ("consent", "", "Please agree"),
        ("company_name", "", "required"),
        ("team_size", "-3", "greater than or equal to 0"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(db, client, field, value, message):
    response = submit(client, form_data(4, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_regions_are_required(db, client):
    data = form_data(5)
    data["regions"] = []
    response = submit(client, data)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


def test_honeypot_looks_like_success_but_keeps_nothing(db, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, form_data(6, website="http://spam.example.com"))
    assert response.status_code == 302
    assert response["Location"] == reverse("apply:thanks")
    assert not Application.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_ip(db, client, settings):
    settings.RECRUITMENT_APPLY_LIMIT = 3
    for n in range(3):
        assert submit(client, form_data(10 + n), REMOTE_ADDR="198.51.100.7").status_code == 302
    refused = submit(client, form_data(20), REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert Application.objects.count() == 3
    # Another address is not affected.
    assert submit(client, form_data(21), REMOTE_ADDR="198.51.100.8").status_code == 302


def test_rate_limit_counts_bots_too(db, client, settings):
    settings.RECRUITMENT_APPLY_LIMIT = 2
    for n in range(2):
        submit(client, form_data(30 + n, website="x"), REMOTE_ADDR="198.51.100.9")
    assert submit(client, form_data(32), REMOTE_ADDR="198.51.100.9").status_code == 429
    assert not Application.objects.exists()


def test_rate_limit_behind_a_trusted_proxy_uses_the_forwarded_address(db, client, settings):
    settings.RECRUITMENT_APPLY_LIMIT = 1
    settings.TRUSTED_PROXIES = 1
    assert submit(client, form_data(40), HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 302
    assert submit(client, form_data(41), HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 302
    assert submit(client, form_data(42), HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429


@pytest.mark.parametrize(
    ("setup", "kind", "field"),
    [
        ("open application, same credit code", "application", "credit_code"),
        ("open application, same email", "application", "email"),
        ("partner, same credit code", "partner", "credit_code"),
        ("contact, same email", "contact", "email"),
    ],
)
def test_duplicates_are_flagged_for_the_manager_not_the_applicant(db, client, setup, kind, field):
    data = form_data(50)
    if kind == "application":
        earlier = ApplicationFactory(n=51, **{field: data[field]})
    elif kind == "partner":
        earlier = PartnerFactory(credit_code=data["credit_code"])
    else:
        earlier = ContactFactory(email=data["email"].upper()).partner

    response = submit(client, data, follow=True)

    assert "duplicate" not in response.content.decode().lower()
    application = Application.objects.get(credit_code=data["credit_code"], company_name=data["company_name"])
    assert application.is_possible_duplicate
    assert application.duplicates == [{"kind": kind, "id": earlier.pk, "label": str(earlier), "field": field}]
    if kind == "application":
        earlier.refresh_from_db()
        assert earlier.is_possible_duplicate
        assert earlier.duplicates[0]["id"] == application.pk


def test_closed_applications_are_not_duplicates(db, client):
    data = form_data(60)
    ApplicationFactory(n=61, credit_code=data["credit_code"], stage=Stage.REJECTED)
    submit(client, data)
    assert not Application.objects.get(company_name=data["company_name"]).is_possible_duplicate


def test_closed_campaign_shows_a_notice_and_takes_no_application(db, client):
    import datetime as dt

    from django.utils import timezone

    campaign = CampaignFactory(
        starts_on=timezone.localdate() - dt.timedelta(days=60), ends_on=timezone.localdate() - dt.timedelta(days=1)
    )
    response = submit(client, form_data(70), campaign)
    assert response.status_code == 200
    assert not Application.objects.exists()
    assert reverse("apply:form") in response.content.decode()


def test_form_renders_in_both_languages_for_phones(db, client):
    campaign = CampaignFactory(name="华东招募")
    english = client.get(reverse("apply:campaign", kwargs={"slug": campaign.slug}), HTTP_ACCEPT_LANGUAGE="en")
    assert "Unified social credit code" in english.content.decode()
    assert 'name="viewport"' in english.content.decode()
    chinese = client.get(reverse("apply:form"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "统一社会信用代码" in chinese.content.decode()
    assert "华东招募" in chinese.content.decode()  # open campaigns are listed


@pytest.mark.parametrize(
    "same",
    [
        {"credit_code": application_data(30)["credit_code"]},
        {"phone": "13900000030"},
        {"email": "APPLICANT30@example.com"},
    ],
)
def test_the_same_application_within_24_hours_is_refused_with_a_clear_message(db, client, settings, same):
    campaign = CampaignFactory()
    assert submit(client, form_data(30), campaign).status_code == 302
    again = submit(client, form_data(31, **same), campaign, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert again.status_code == 200
    assert "无需重复提交" in again.content.decode()
    assert Application.objects.count() == 1


def test_the_same_company_may_apply_again_after_24_hours_or_to_another_campaign(db, client):
    first, second = CampaignFactory(), CampaignFactory()
    assert submit(client, form_data(32), first).status_code == 302
    assert submit(client, form_data(32), second).status_code == 302
    Application.objects.update(
        submitted_at=Application.objects.get(campaign=first).submitted_at - dt.timedelta(hours=25)
    )
    assert submit(client, form_data(32), first).status_code == 302
    assert Application.objects.count() == 3
