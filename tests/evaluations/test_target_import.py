"""The target import on the shared pipeline: GB18030 and XLSX files, row errors, all or nothing."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import Target
from evaluations.selectors import targets_by_month
from evaluations.services import targets_upsert
from evaluations.target_import import TargetImportError, targets_import
from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def run(data: bytes, name="targets.csv"):
    return targets_import(file=io.BytesIO(data), file_name=name, method="even", by=ManagerFactory())


def test_a_gb18030_file_with_a_bad_row_is_rejected_and_writes_nothing():
    PartnerFactory(code="渠道01")
    text = "伙伴编码,期间,目标金额\n渠道01,2027-01,1000\n渠道01,2027-02,一千\n"

    with pytest.raises(TargetImportError) as raised:
        run(text.encode("gb18030"))

    assert [(error.row, error.code) for error in raised.value.errors] == [(3, "not_an_amount")]
    assert "“一千” is not an amount." in raised.value.errors[0].message
    assert not Target.objects.exists()
    assert run(text.replace("一千", "2000").encode("gb18030")) == 2


def test_an_xlsx_file_is_imported_with_a_month_excel_made_a_date():
    from tests.partners.sales_files import xlsx_bytes

    partner = PartnerFactory(code="P1")
    data = xlsx_bytes(
        [["P1", dt.datetime(2027, 3, 1), 1500.5], ["P1", 2028, 1200]], header=["partner_code", "period", "amount"]
    )

    assert run(data, name="targets.xlsx") == 13

    assert Target.objects.get(partner=partner, period=dt.date(2027, 3, 1)).amount == Decimal("1500.50")
    assert Target.objects.filter(partner=partner, period__year=2028).count() == 12


def test_a_month_also_inside_a_yearly_row_writes_nothing():
    PartnerFactory(code="P1")
    with pytest.raises(TargetImportError) as raised:
        run(b"partner_code,period,amount\nP1,2027,1200\nP1,2027-05,7\n")
    assert [error.code for error in raised.value.errors] == ["month_in_year"]
    assert not Target.objects.exists()


def test_the_monthly_target_sums_are_kept_until_a_target_is_written():
    partner, other = PartnerFactory(), PartnerFactory()
    march = dt.date(2027, 3, 1)
    targets_upsert(
        amounts={(partner.pk, march): Decimal("1000"), (other.pk, march): Decimal("500")}, by=ManagerFactory()
    )

    def sums():
        with CaptureQueriesContext(connection) as queries:
            result = targets_by_month(year=2027)
        return result, sum("GROUP BY" in q["sql"] for q in queries.captured_queries)

    assert sums() == ({3: Decimal("1500.00")}, 1)
    assert sums() == ({3: Decimal("1500.00")}, 0)  # kept: the targets' version has not moved

    # Any write (an import, the grid, a removal) adds a history row: the next read sums again.
    run(f"partner_code,period,amount\n{partner.code},2027-03,700\n".encode())
    assert sums() == ({3: Decimal("1200.00")}, 1)
    targets_upsert(amounts={(other.pk, march): None}, by=ManagerFactory())
    assert sums() == ({3: Decimal("700.00")}, 1)
