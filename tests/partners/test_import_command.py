"""`manage.py import_sales`: prints row errors and exits 1 on any; imports otherwise."""

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import connections

from partners.models import SalesImport, SalesRecord
from tests.partners.factories import PartnerFactory, ProductCategoryFactory
from tests.partners.sales_files import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    ProductCategoryFactory(code="GENERAL", name="General")
    return PartnerFactory(code="P00001")


def test_bad_rows_are_printed_and_nothing_is_written(partner, tmp_path, capsys):
    path = tmp_path / "sales.csv"
    path.write_bytes(csv_bytes([row(ref="A"), row(ref="B", amount="-3"), row(code="ZZZ", ref="C")]))

    with pytest.raises(CommandError) as raised:
        call_command("import_sales", str(path))

    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert "row 3 [amount]: The amount “-3” is negative" in err
    assert "row 4 [partner_code]: No partner has the code “ZZZ”." in err
    assert not SalesRecord.objects.exists()


def test_a_good_file_is_imported_twice_without_duplicates(partner, tmp_path, capsys):
    path = tmp_path / "sales.xlsx"
    path.write_bytes(xlsx_bytes([row(ref="A"), row(ref="B")]))

    call_command("import_sales", str(path))
    assert "2 rows imported: 2 new, 0 updated, 0 unchanged." in capsys.readouterr().out
    call_command("import_sales", str(path))
    assert "0 new, 0 updated, 2 unchanged." in capsys.readouterr().out

    assert SalesRecord.objects.count() == 2
    assert SalesImport.objects.filter(uploaded_by=None).count() == 2


def test_dry_run_writes_nothing(partner, tmp_path, capsys):
    path = tmp_path / "sales.csv"
    path.write_bytes(csv_bytes([row(ref="A")]))
    call_command("import_sales", str(path), "--dry-run")
    assert "dry run" in capsys.readouterr().out
    assert not SalesRecord.objects.exists() and not SalesImport.objects.exists()


def test_partner_option_limits_the_rows(partner, tmp_path):
    PartnerFactory(code="P00002")
    path = tmp_path / "sales.csv"
    path.write_bytes(csv_bytes([row(code="P00002", ref="A")]))
    with pytest.raises(CommandError):
        call_command("import_sales", str(path), "--partner", "P00001")
    assert not SalesRecord.objects.exists()


@pytest.mark.parametrize("name", ["sales.txt", "missing.csv"])
def test_wrong_file_type_or_missing_file(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("hello")
    with pytest.raises(CommandError):
        call_command("import_sales", str(path))


def test_exit_status_seen_by_a_shell(partner, tmp_path, capsys, monkeypatch):
    """Through Django's command-line entry point, as `manage.py import_sales FILE` runs it."""
    # The entry point closes the connections when done; the test's transaction must stay open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row(ref="A", date="yesterday")]))
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([row(ref="A")]))

    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "import_sales", str(bad)])
    assert exited.value.code == 1
    assert "row 2 [date]: “yesterday” is not a date written as YYYY-MM-DD." in capsys.readouterr().err

    execute_from_command_line(["manage.py", "import_sales", str(good)])  # no SystemExit: status 0
    assert SalesRecord.objects.count() == 1
