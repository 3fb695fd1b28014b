import pytest
from django.urls import reverse

from partners.models import PartnerMembership
from tests.partners.factories import AgreementFactory, ContactFactory, PartnerUserFactory

pytestmark = pytest.mark.django_db


def test_a_member_sees_contacts_but_cannot_change_them(client):
    member = PartnerUserFactory(partner__role=PartnerMembership.Role.MEMBER)
    contact = ContactFactory(partner=member.partner_membership.partner, name="赵敏")
    client.force_login(member)
    page = client.get(reverse("partners_portal:contacts"))
    assert "赵敏" in page.content.decode()
    assert reverse("partners_portal:contact-create") not in page.content.decode()
    assert client.get(reverse("partners_portal:contact-create")).status_code == 403
    edit = reverse("partners_portal:contact-edit", kwargs={"pk": contact.pk})
    assert client.post(edit, {"name": "改名", "language": "zh-hans"}).status_code == 403
    contact.refresh_from_db()
    assert contact.name == "赵敏"


def test_an_admin_edits_its_own_contact(client):
    admin = PartnerUserFactory()
    contact = ContactFactory(partner=admin.partner_membership.partner)
    client.force_login(admin)
    edit = reverse("partners_portal:contact-edit", kwargs={"pk": contact.pk})
    response = client.post(edit, {"name": "新名字", "email": "new@example.com", "language": "en"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.name, contact.language) == ("新名字", "en")
    assert contact.history.first().history_user == admin


def test_an_admin_cannot_edit_another_partners_contact(client):
    client.force_login(PartnerUserFactory())
    other = ContactFactory()
    edit = reverse("partners_portal:contact-edit", kwargs={"pk": other.pk})
    assert client.post(edit, {"name": "x", "language": "en"}).status_code == 404


def test_draft_agreements_stay_internal(client):
    user = PartnerUserFactory()
    partner = user.partner_membership.partner
    signed = AgreementFactory(partner=partner, status="signed")
    draft = AgreementFactory(partner=partner, status="draft")
    client.force_login(user)
    assert list(client.get(reverse("partners_portal:agreements")).context["agreements"]) == [signed]
    assert client.get(reverse("partners_portal:agreement-file", kwargs={"pk": draft.pk})).status_code == 404


def test_sales_page_shows_the_partners_own_months(client):
    user = PartnerUserFactory()
    client.force_login(user)
    response = client.get(reverse("partners_portal:sales"))
    assert len(response.context["monthly_sales"]) == 18
    assert "sales-chart-data" in response.content.decode()
