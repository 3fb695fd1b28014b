"""The same new file imported three times at once through each import that writes rows with a unique key
(issue 23's racing imports, beyond the sales import): no server error, nothing duplicated; a loser that
collided gets the clear "the data changed, try again" answer. Real threads, each its own PostgreSQL connection."""

import threading
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from channelrules.models import Product, Shipment
from deals.models import Lead
from tests.channelrules.factories import ProductFactory
from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerFactory, ProductCategoryFactory, RegionFactory
from tests.services import require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _leads(rows: int) -> tuple[bytes, Callable[[], int]]:
    region = RegionFactory(code="449901")
    PartnerFactory(region=region)
    lines = ["customer_name,region_code,external_ref", *(f"Customer {n},449901,L-{n:05d}" for n in range(rows))]
    return "\n".join(lines).encode(), Lead.objects.count


def _shipments(rows: int) -> tuple[bytes, Callable[[], int]]:
    PartnerFactory(code="P00001")
    ProductFactory(code="HW-1")
    lines = ["partner_code,product_code,date,quantity,external_ref"]
    lines += [f"P00001,HW-1,2026-10-15,{n % 9 + 1},S-{n:05d}" for n in range(rows)]
    return "\n".join(lines).encode(), Shipment.objects.count


def _products(rows: int) -> tuple[bytes, Callable[[], int]]:
    ProductCategoryFactory(code="HW", name="Hardware")
    lines = ["code,name,category,unit", *(f"P-{n:05d},Product {n},HW,pcs" for n in range(rows))]
    return "\n".join(lines).encode(), Product.objects.count


IMPORTS = {
    "deals:lead-import": (_leads, 150),
    "channelrules:shipment-import": (_shipments, 3000),
    "channelrules:product-import": (_products, 1000),
}


@pytest.mark.parametrize("url_name", IMPORTS, ids=str)
def test_three_identical_imports_at_once_write_once_and_never_fail_with_a_server_error(url_name):
    require_postgres()
    build, rows = IMPORTS[url_name]
    data, count = build(rows)
    manager = ManagerFactory()
    barrier = threading.Barrier(3)
    answers = []

    def post():
        client = Client()
        client.force_login(manager)
        try:
            barrier.wait()
            file = SimpleUploadedFile("same.csv", data, content_type="text/csv")
            response = client.post(reverse(url_name), {"file": file})
            answers.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert len(answers) == 3 and 302 in [status for status, _page in answers]
    for status, page in answers:
        assert status == 302 or (status == 400 and "The data changed while the file was imported" in page)
    assert count() == rows
