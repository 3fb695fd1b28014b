"""Uploads are checked by content, not by name; what is stored leaves only as an attachment through an
access-checked view, under a path nobody can guess, and never from a public URL."""

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.uploads import MB, upload_validator
from incentives.models import ClaimProof, FundClaim
from partners.models import Agreement, SalesImport
from tests.common.factories import ManagerFactory
from tests.incentives.factories import FundRequestFactory
from tests.partners.factories import PDF_BYTES, AgreementFactory, PartnerFactory, SalesImportFactory
from tests.plans.factories import SpendFactory
from tests.training.factories import CourseFactory
from training.models import CourseMaterial

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'

DISGUISED = [
    ("contract.pdf", HTML),  # HTML renamed
    ("photo.png", SVG),  # SVG renamed
    ("contract.pdf", b"%PDF-1.7\n" + HTML),  # a polyglot: the right signature, then a page for a sniffing browser
    ("photo.png", PNG_BYTES[:16] + b"\n<svg onload=alert(1)>"),
    ("contract.pdf", b"%PDF-1.7\n" + b" " * 600 + b"<  SCRIPT>alert(1)</script>"),
]


@pytest.mark.parametrize(("name", "content"), DISGUISED)
def test_markup_disguised_as_a_document_or_image_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        upload_validator("pdf", "jpg", "png")(SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert error.value.code == "file_type"


def test_genuine_files_pass_the_content_check():
    validator = upload_validator("pdf", "jpg", "png")
    validator(SimpleUploadedFile("signed.pdf", PDF_BYTES + b"<< /Type /Catalog >>"))
    validator(SimpleUploadedFile("photo.png", PNG_BYTES))


def _agreement_post(client, partner, upload):
    return client.post(
        reverse("partners:agreement-create", kwargs={"pk": partner.pk}),
        {"number": "HT-1", "status": "signed", "start_on": "2026-01-01", "end_on": "2026-12-31", "signed_file": upload},
    )


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("HT-1.pdf", b"%PDF-1.4\n" + HTML, content_type="application/pdf"),
        SimpleUploadedFile("HT-1.png", SVG, content_type="image/png"),
        SimpleUploadedFile("HT-1.exe", b"MZ\x90\x00", content_type="application/pdf"),
        SimpleUploadedFile("HT-1.pdf", PDF_BYTES + b"0" * (10 * MB), content_type="application/pdf"),
    ],
    ids=["html-as-pdf", "svg-as-png", "wrong-type", "oversize"],
)
def test_the_upload_page_answers_a_field_error_and_stores_nothing(client, db, upload):
    partner = PartnerFactory()
    client.force_login(ManagerFactory())
    response = _agreement_post(client, partner, upload)
    assert response.status_code == 200
    assert response.context["form"].errors["signed_file"]
    assert not Agreement.objects.exists()


def test_downloads_are_attachments_the_browser_may_not_sniff_or_run(client, db):
    agreement = AgreementFactory(signed_file=ContentFile(PDF_BYTES, name="HT-2026-P0002.pdf"))
    client.force_login(ManagerFactory())
    response = client.get(reverse("partners:agreement-file", kwargs={"pk": agreement.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="HT-2026-P0002.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def _stored_files() -> list[str]:
    """One file of each kind the application stores, as the pages store them."""
    agreement = AgreementFactory(signed_file=ContentFile(PDF_BYTES, name="HT-2026-P0002.pdf"))
    material = CourseMaterial.objects.create(
        course=CourseFactory(), title="Deck", file=ContentFile(PDF_BYTES, name="deck.pdf")
    )
    request = FundRequestFactory()
    claim = FundClaim.objects.create(request=request, partner=request.partner, amount=Decimal("10"), report="ok")
    proof = ClaimProof.objects.create(claim=claim, file=ContentFile(PNG_BYTES, name="shop.png"))
    spend = SpendFactory(document=ContentFile(PDF_BYTES, name="invoice.pdf"))
    queued = SalesImportFactory(status=SalesImport.Status.QUEUED, upload=ContentFile(b"date,amount\n", name="1.csv"))
    return [agreement.signed_file.name, material.file.name, proof.file.name, spend.document.name, queued.upload.name]


def test_stored_paths_cannot_be_guessed_from_ids_and_numbers(db):
    agreement_path, material_path, proof_path, spend_path, _queued_import = _stored_files()
    _partner, token, filename = agreement_path.removeprefix("agreements/").split("/")
    assert filename == "HT-2026-P0002.pdf"  # the download keeps the name the user gave
    assert len(token) >= 20
    assert material_path.startswith("training/materials/") and material_path.endswith("/deck.pdf")
    assert len(material_path.split("/")) == 5
    assert proof_path.startswith("fund-proofs/") and len(proof_path.split("/")) == 4
    assert spend_path.startswith("plans/spend/") and spend_path.endswith("/invoice.pdf")
    assert len(spend_path.split("/")[3]) >= 20


# Run in a fresh interpreter, so config.urls is built under the settings module being checked. Static files
# come from the finders: production's manifest needs a collectstatic this test has no reason to run.
ANONYMOUS_GETS = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
).enable()
client = Client()
paths = json.loads(sys.argv[1])
urls = [prefix + path for path in paths for prefix in ("/media/", "/")]
print(json.dumps({url: client.get(url, secure=True).status_code for url in urls}))
"""


@pytest.mark.parametrize("settings_module", ["config.settings.local", "config.settings.production"])
def test_anonymous_gets_of_every_stored_file_answer_404(db, settings_module):
    paths = _stored_files()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SECRET_KEY": "media-test-0123456789abcdefghijklmnopqrstuvwxyz-0123456789",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", ANONYMOUS_GETS, json.dumps(paths)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert all((settings.MEDIA_ROOT / path).exists() for path in paths)
    assert statuses == dict.fromkeys(statuses, 404)
