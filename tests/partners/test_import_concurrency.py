"""The same new file uploaded three times at once (issue 23): one import, two clear refusals, no server
error and nothing duplicated; real threads, each with its own PostgreSQL connection."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from partners.models import SalesImport, SalesRecord
from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerFactory, ProductCategoryFactory
from tests.partners.sales_files import csv_bytes, row
from tests.services import require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_three_identical_uploads_at_once_give_one_import_and_two_refusals():
    require_postgres()
    ProductCategoryFactory(code="GENERAL")
    PartnerFactory(code="P00001")
    manager = ManagerFactory()
    data = csv_bytes([row(ref=f"REF-{n:05d}", amount=f"{n % 900 + 1}.00") for n in range(10_000)])
    barrier = threading.Barrier(3)
    answers = []

    def post():
        client = Client()
        client.force_login(manager)
        file = SimpleUploadedFile("october.csv", data, content_type="text/csv")
        try:
            barrier.wait()
            response = client.post(reverse("partners:sales-import"), {"file": file})
            answers.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(status for status, _page in answers) == [302, 409, 409]
    for _status, page in (answer for answer in answers if answer[0] == 409):
        assert "The same file is being imported right now. Wait for that import to finish." in page
    assert SalesRecord.objects.count() == 10_000
    (imported,) = SalesImport.objects.all()
    assert (imported.status, imported.rows_new) == (SalesImport.Status.IMPORTED, 10_000)
