"""A channel manager registers a partner, uploads its sales with one bad row, reads the error, fixes
the file, uploads it again and finds the sales in the partner's monthly chart."""

import datetime as dt

from playwright.sync_api import expect

from common.periods import Period
from partners.models import SalesRecord
from tests.common.factories import ManagerFactory
from tests.partners.factories import ProductCategoryFactory, RegionFactory, credit_code
from tests.partners.sales_files import csv_bytes, row


def test_manager_imports_sales_fixes_a_bad_row_and_sees_the_chart(login, live_server, transactional_db, tmp_path):
    ManagerFactory(username="mgr", first_name="Mei", last_name="Li")
    city = RegionFactory(name="佛山市")
    ProductCategoryFactory(code="HW", name="硬件设备")
    this_month = Period.current()
    day = this_month.previous().first_day + dt.timedelta(days=9)
    page = login("mgr")

    # Register the partner through the form.
    page.click("nav >> text=Partners")
    page.click("#new-partner")
    page.fill("#id_code", "P9001")
    page.fill("#id_name", "顺德电器")
    page.fill("#id_legal_name", "佛山市顺德电器有限公司")
    page.fill("#id_credit_code", credit_code(9001))
    page.select_option("#id_channel_type", "distributor")
    page.select_option("#id_region", str(city.pk))
    page.click("#partner-form button[type=submit]")
    expect(page.locator("#partner-name")).to_have_text("顺德电器")

    # Upload a file whose third row has an amount with three decimals.
    bad = tmp_path / "october.csv"
    bad.write_bytes(
        csv_bytes(
            [
                row(code="P9001", date=day.isoformat(), amount="8000.00", category="HW", ref="INV-1"),
                row(code="P9001", date=day.isoformat(), amount="1500.125", category="硬件设备", ref="INV-2"),
            ]
        )
    )
    page.click("nav >> text=Partners")
    page.click("#import-sales")
    page.set_input_files("#id_file", str(bad))
    page.click("#sales-upload-submit")
    expect(page.locator("#import-rejected")).to_contain_text("1 row has errors; nothing was imported.")
    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("3")
    expect(errors.first).to_contain_text("The amount “1500.125” has more than two decimals.")
    assert not SalesRecord.objects.exists()

    # Fix the row and upload again.
    bad.write_bytes(
        csv_bytes(
            [
                row(code="P9001", date=day.isoformat(), amount="8000.00", category="HW", ref="INV-1"),
                row(code="P9001", date=day.isoformat(), amount="1500.13", category="硬件设备", ref="INV-2"),
            ]
        )
    )
    page.click("#upload-another")
    page.set_input_files("#id_file", str(bad))
    page.click("#sales-upload-submit")
    expect(page.locator("#import-success")).to_contain_text("Imported: 2 new, 0 updated, 0 unchanged.")

    # The history lists both uploads; the partner's sales tab charts the month.
    page.click("nav >> text=Sales import")
    expect(page.locator("#import-history tbody tr")).to_have_count(2)
    page.click("nav >> text=Partners")
    page.click("#partner-table >> text=顺德电器")
    page.click("#partner-tabs >> text=Sales")
    expect(page.locator("#sales-chart")).to_have_attribute("data-ready", "true")
    expect(page.locator("#monthly-sales")).to_contain_text("9,500.13")
    expect(page.locator("#recent-sales")).to_contain_text("INV-2")
