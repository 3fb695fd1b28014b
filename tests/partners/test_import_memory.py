"""A large file imports in bounded memory: the peak does not grow with the number of rows."""

import time
import tracemalloc

import pytest

from partners.imports.services import sales_import_run
from partners.models import SalesRecord
from tests.partners.factories import PartnerFactory, ProductCategoryFactory
from tests.partners.sales_files import write_csv

pytestmark = pytest.mark.django_db

BOUND = 6 * 1024 * 1024


def peak_while_importing(path) -> tuple[int, object]:
    with open(path, "rb") as handle:
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            result = sales_import_run(file=handle, file_name=path.name)
            return tracemalloc.get_traced_memory()[1], result
        finally:
            tracemalloc.stop()


def test_peak_memory_does_not_grow_with_the_file(tmp_path):
    ProductCategoryFactory(code="GENERAL")
    PartnerFactory(code="P00001")
    peaks = {}
    for count in (10_000, 20_000):
        SalesRecord.objects.all().delete()
        path = tmp_path / f"sales-{count}.csv"
        write_csv(path, count)
        started = time.perf_counter()
        peaks[count], result = peak_while_importing(path)
        assert result.rows_new == count, result.errors[:3]
        print(f"{count} rows: peak {peaks[count] / 1024:.0f} KiB in {time.perf_counter() - started:.1f} s")
    assert peaks[20_000] < BOUND
    # Twice the rows, (almost) the same peak: nothing is kept per row.
    assert peaks[20_000] < peaks[10_000] * 1.25
