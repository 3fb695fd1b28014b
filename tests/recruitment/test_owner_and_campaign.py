"""Issue 19, item 4: an application from /apply/ keeps the campaign the form showed, gets an owner, and
the owner is told once."""

from django.core import mail
from django.urls import reverse

from common.models import EmailLog
from recruitment.models import Application
from recruitment.services import application_notify_owner
from tests.common.factories import DirectorFactory, ManagerFactory
from tests.recruitment.factories import CampaignFactory
from tests.recruitment.test_public_form import form_data


def test_general_form_shows_the_open_campaign_and_the_application_carries_it(
    db, client, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory(name="2026 华东区渠道招募计划")
    page = client.get(reverse("apply:form")).content.decode()
    assert "2026 华东区渠道招募计划" in page
    assert f'<option value="{campaign.pk}" selected>' in page

    data = form_data(50) | {"campaign": str(campaign.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("apply:form"), data).status_code == 302

    application = Application.objects.get()
    assert application.campaign == campaign
    assert application.owner == campaign.owner
    notices = [m for m in mail.outbox if m.to == [campaign.owner.email]]
    assert len(notices) == 1
    assert application.company_name in notices[0].subject
    assert reverse("recruitment:application-detail", kwargs={"pk": application.pk}) in notices[0].body
    # a retried task sends nothing more
    assert application_notify_owner(application_id=application.pk) is False
    assert EmailLog.objects.filter(kind=EmailLog.Kind.APPLICATION_OWNER).count() == 1


def test_a_closed_or_unknown_campaign_cannot_be_posted(db, client):
    campaign = CampaignFactory()
    data = form_data(51) | {"campaign": str(campaign.pk + 999)}
    response = client.post(reverse("apply:form"), data)
    assert response.status_code == 200 and not Application.objects.exists()


def test_without_a_campaign_owner_channel_managers_take_turns(db, client, django_capture_on_commit_callbacks):
    DirectorFactory()  # directors are not in the rotation while there are channel managers
    first, second = ManagerFactory(), ManagerFactory()
    campaign = CampaignFactory(owner=None)
    owners = []
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("apply:form"), form_data(60 + n) | {"campaign": str(campaign.pk)})
        owners.append(Application.objects.order_by("-pk").first().owner)
    assert owners == [first, second, first]
    assert all(a.campaign == campaign for a in Application.objects.all())
    assert len([m for m in mail.outbox if m.to == [first.email]]) == 2
    assert len([m for m in mail.outbox if m.to == [second.email]]) == 1


def test_general_application_without_open_campaigns_still_gets_an_owner(db, client, django_capture_on_commit_callbacks):
    manager = ManagerFactory()
    page = client.get(reverse("apply:form")).content.decode()
    assert 'name="campaign"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("apply:form"), form_data(70))
    application = Application.objects.get()
    assert application.campaign is None and application.owner == manager
    assert len([m for m in mail.outbox if m.to == [manager.email]]) == 1
