"""Onboarding turns a signed application into a partner, its contact, a draft agreement and a portal admin."""

import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import close_old_connections
from django.urls import reverse

from common.models import EmailLog
from partners.models import Agreement, Contact, Partner, PartnerMembership
from recruitment.models import Application
from recruitment.pipeline import Stage
from recruitment.services import application_invite, application_move
from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerFactory
from tests.recruitment.factories import ApplicationFactory
from tests.services import require_postgres


def onboard(application, by, captured):
    with captured(execute=True):
        return application_move(application=application, to_stage=Stage.ONBOARDED, by=by)


def test_onboarding_creates_partner_contact_draft_agreement_and_invited_admin(
    db, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://prm.example.com"
    application = ApplicationFactory(stage=Stage.SIGNED, region_codes=("330100", "330000"))
    manager = ManagerFactory()
    mail.outbox.clear()

    onboarded = onboard(application, manager, django_capture_on_commit_callbacks)

    partner = Partner.objects.get()
    assert onboarded.partner == partner
    assert partner.status == Partner.Status.ONBOARDING
    assert partner.code == f"R{application.pk:06d}"
    assert (partner.name, partner.credit_code, partner.channel_type) == (
        application.company_name,
        application.credit_code,
        application.channel_type,
    )
    assert partner.region.code == "330100"  # the city before the province
    assert partner.manager == application.owner
    contact = Contact.objects.get(partner=partner)
    assert contact.is_primary and contact.email == application.email and contact.name == application.contact_name
    agreement = Agreement.objects.get(partner=partner)
    assert agreement.status == Agreement.Status.DRAFT
    assert {r.code for r in agreement.territory.all()} == {"330100", "330000"}
    membership = PartnerMembership.objects.get(partner=partner)
    assert membership.role == PartnerMembership.Role.ADMIN
    assert not membership.user.has_usable_password()
    assert membership.user.username == application.email

    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == [application.email]
    assert re.search(r"https://prm\.example\.com/accounts/reset/\S+/", invitation.body)
    assert membership.user.username in invitation.body
    assert EmailLog.objects.get(about=f"application:{application.pk}", kind=EmailLog.Kind.INVITATION)
    # A retried task sends nothing more.
    assert application_invite(application_id=application.pk) is False
    assert len(mail.outbox) == 1


def test_invitation_link_lets_the_new_partner_set_a_password_and_log_in(
    db, client, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://testserver"
    application = ApplicationFactory(stage=Stage.SIGNED)
    mail.outbox.clear()
    onboard(application, ManagerFactory(), django_capture_on_commit_callbacks)
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Qx7!partner-pass", "new_password2": "Qx7!partner-pass"}
    )
    assert done.status_code == 302
    login = client.post(reverse("login"), {"username": application.email, "password": "Qx7!partner-pass"})
    assert login.status_code == 302
    portal = client.get(reverse("portal-home"))
    assert application.company_name in portal.content.decode()


def test_submitting_onboarding_twice_creates_one_partner_and_one_invitation(db, django_capture_on_commit_callbacks):
    application = ApplicationFactory(stage=Stage.SIGNED)
    stale = Application.objects.get(pk=application.pk)
    manager = ManagerFactory()
    mail.outbox.clear()
    onboard(application, manager, django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError):
        onboard(stale, manager, django_capture_on_commit_callbacks)

    assert Partner.objects.count() == 1
    assert get_user_model().objects.filter(partner_membership__isnull=False).count() == 1
    assert len(mail.outbox) == 1


def test_double_click_through_the_board_creates_one_partner(db, client, django_capture_on_commit_callbacks):
    application = ApplicationFactory(stage=Stage.SIGNED)
    client.force_login(application.owner)
    url = reverse("recruitment:application-move-confirm", kwargs={"pk": application.pk, "stage": Stage.ONBOARDED})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        second = client.post(url, follow=True)
    assert "cannot move" in second.content.decode()
    assert Partner.objects.count() == 1
    assert len(mail.outbox) == 1


def test_no_second_partner_for_the_same_credit_code(db, django_capture_on_commit_callbacks):
    application = ApplicationFactory(stage=Stage.SIGNED)
    existing = PartnerFactory(credit_code=application.credit_code)

    with pytest.raises(ValidationError) as error:
        onboard(application, ManagerFactory(), django_capture_on_commit_callbacks)

    assert error.value.code == "partner_exists"
    assert list(Partner.objects.all()) == [existing]
    application.refresh_from_db()
    assert application.stage == Stage.SIGNED
    assert not EmailLog.objects.filter(kind=EmailLog.Kind.INVITATION).exists()


def test_an_email_already_used_as_username_gets_a_distinct_username(db, django_capture_on_commit_callbacks):
    application = ApplicationFactory(stage=Stage.SIGNED)
    get_user_model().objects.create_user(username=application.email, email=application.email)
    onboard(application, ManagerFactory(), django_capture_on_commit_callbacks)
    user = PartnerMembership.objects.get().user
    assert user.username == f"r{application.pk:06d}-{application.email}"


@pytest.mark.django_db(transaction=True)
def test_concurrent_onboarding_requests_create_exactly_one_partner():
    """Two requests at once on PostgreSQL: the row lock makes the second wait, then refuse."""
    require_postgres()
    application = ApplicationFactory(stage=Stage.SIGNED)
    manager = ManagerFactory()
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            application_move(application=application, to_stage=Stage.ONBOARDED, by=manager)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "refused"]
    assert Partner.objects.count() == 1
    assert EmailLog.objects.filter(kind=EmailLog.Kind.INVITATION).count() == 1
    assert len(mail.outbox) == 1
