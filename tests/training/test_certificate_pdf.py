"""Certificates download as PDF (issue 18): by the partner of the holder in the portal, and by internal users
with the permission to view certifications."""

from django.urls import reverse

from tests.common.factories import FinanceFactory, TrainerFactory
from tests.partners.factories import ContactFactory, PartnerUserFactory
from tests.pdfs import pdf_titles
from tests.training.factories import CertificationFactory


def test_the_partner_downloads_its_certificate_as_a_pdf(client, db):
    certification = CertificationFactory(number="CERT-2026-0042")
    client.force_login(PartnerUserFactory(partner=certification.contact.partner))

    page = client.get(reverse("training_portal:certificates")).content.decode()
    response = client.get(reverse("training_portal:certificate-pdf", args=[certification.pk]))

    assert reverse("training_portal:certificate-pdf", args=[certification.pk]) in page
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="certificate-CERT-2026-0042.pdf"' in response["Content-Disposition"]
    assert "CERT-2026-0042" in pdf_titles(response.content)


def test_another_partner_never_gets_the_certificate(client, db):
    certification = CertificationFactory()
    client.force_login(PartnerUserFactory(partner=ContactFactory().partner))

    assert client.get(reverse("training_portal:certificate-pdf", args=[certification.pk])).status_code == 404


def test_internal_users_with_the_permission_download_it(client, db):
    certification = CertificationFactory()
    url = reverse("training:certificate-pdf", args=[certification.pk])
    client.force_login(TrainerFactory())
    assert client.get(url).content.startswith(b"%PDF")
    assert url in client.get(reverse("training:certifications")).content.decode()
    client.force_login(FinanceFactory())
    assert client.get(url).status_code == 403
