import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.uploads import MB
from partners.forms import AgreementForm, PartnerForm, StatusChangeForm
from partners.models import Agreement
from tests.common.factories import ManagerFactory
from tests.partners.factories import PDF_BYTES, AgreementFactory, PartnerFactory, RegionFactory, credit_code

pytestmark = pytest.mark.django_db


def _agreement_data(**overrides):
    return {"number": "HT-2026-9001", "status": "signed", "start_on": "2026-01-01", "end_on": "2027-12-31"} | overrides


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("contract.docx", b"PK\x03\x04....", "Upload a file of one of these types: PDF, JPEG, PNG."),
        ("contract.pdf", b"<html>not a pdf</html>", "Upload a file of one of these types"),
        ("contract.pdf", PDF_BYTES + b"0" * (10 * MB), "The file is too large"),
    ],
)
def test_agreement_form_refuses_bad_files(name, content, message):
    partner = PartnerFactory()
    form = AgreementForm(
        data=_agreement_data(),
        files={"signed_file": SimpleUploadedFile(name, content)},
        partner=partner,
        instance=Agreement(partner=partner),
    )
    assert not form.is_valid()
    assert any(message in error for error in form.errors["signed_file"])


def test_agreement_form_wants_the_end_after_the_start():
    partner = PartnerFactory()
    form = AgreementForm(
        data=_agreement_data(end_on="2025-12-31"), partner=partner, instance=Agreement(partner=partner)
    )
    assert not form.is_valid()
    assert form.errors["end_on"] == ["The end date is before the start date."]


def test_agreement_upload_through_the_page_stores_the_file_and_territory(client):
    partner = PartnerFactory()
    region = RegionFactory()
    client.force_login(ManagerFactory())
    response = client.post(
        reverse("partners:agreement-create", kwargs={"pk": partner.pk}),
        _agreement_data(territory=[region.pk], signed_file=SimpleUploadedFile("signed.pdf", PDF_BYTES)),
    )
    assert response.status_code == 302
    agreement = partner.agreements.get()
    assert list(agreement.territory.all()) == [region]
    assert agreement.signed_file.read() == PDF_BYTES
    download = client.get(reverse("partners:agreement-file", kwargs={"pk": agreement.pk}))
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_agreement_list_flags_what_expires_within_60_days(client):
    soon = AgreementFactory(end_on=dt.date.today() + dt.timedelta(days=10), start_on=dt.date(2025, 1, 1))
    later = AgreementFactory(end_on=dt.date.today() + dt.timedelta(days=200), start_on=dt.date(2025, 1, 1))
    client.force_login(ManagerFactory())
    everything = client.get(reverse("partners:agreements"))
    flags = {agreement.pk: agreement.expiring for agreement in everything.context["agreements"]}
    assert flags == {soon.pk: True, later.pk: False}
    assert everything.context["expiring_count"] == 1
    only_expiring = client.get(reverse("partners:agreements"), {"expiring": "true"})
    assert list(only_expiring.context["agreements"]) == [soon]


def test_partner_form_normalises_codes():
    code = credit_code(5)
    form = PartnerForm(
        data={
            "code": " p0099 ",
            "name": "n",
            "legal_name": "ln",
            "credit_code": f" {code[:9].lower()} {code[9:]} ",
            "channel_type": "agent",
            "region": RegionFactory().pk,
            "status": "prospect",
        }
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["code"], form.cleaned_data["credit_code"]) == ("P0099", code)


def test_status_form_offers_only_the_legal_next_statuses():
    form = StatusChangeForm(partner=PartnerFactory(status="suspended"))
    assert [value for value, _label in form.fields["status"].choices] == ["active", "terminated"]
    assert StatusChangeForm(partner=PartnerFactory(status="terminated")).fields["status"].choices == []
