"""A large upload is imported by the worker, not in the request: queued through the outbox, its page
shows it waiting and refreshes until it is done."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.outbox.models import OutboxMessage
from partners.imports import services
from partners.models import SalesImport, SalesRecord
from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerFactory, ProductCategoryFactory
from tests.partners.sales_files import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    ProductCategoryFactory(code="GENERAL")
    PartnerFactory(code="P00001")
    client.force_login(ManagerFactory())
    return client


def test_a_large_file_is_imported_on_the_worker_and_its_page_refreshes_until_done(
    manager_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "BACKGROUND_FROM", 1024)
    data = csv_bytes([row(ref=f"R{n}") for n in range(100)])
    assert len(data) > 1024

    # when the file is uploaded, the request only stores it and queues the task
    with django_capture_on_commit_callbacks() as relays:
        response = manager_client.post(
            reverse("partners:sales-import"), {"file": SimpleUploadedFile("big.csv", data, content_type="text/csv")}
        )
    record = SalesImport.objects.get()
    assert response.status_code == 302 and record.status == SalesImport.Status.QUEUED
    assert OutboxMessage.objects.get().task_name == "partners.tasks.sales_import_process"
    assert not SalesRecord.objects.exists()
    page = manager_client.get(response.url).content.decode()
    assert 'id="import-pending"' in page and '<meta http-equiv="refresh" content="3">' in page

    # then the worker imports it (the relay after commit; the test settings run tasks eagerly)
    for relay in relays:
        relay()
    record.refresh_from_db()
    assert (record.status, record.rows_new) == (SalesImport.Status.IMPORTED, 100)
    assert SalesRecord.objects.count() == 100 and not record.upload
    page = manager_client.get(response.url).content.decode()
    assert 'id="import-success"' in page and "refresh" not in page

    # and a task delivered twice does nothing the second time
    assert services.sales_import_process(import_id=record.pk) is None
    assert SalesRecord.objects.count() == 100
