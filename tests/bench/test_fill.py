"""The benchmark filler and runner (bench/): other apps' benchmarks build on them."""

import datetime as dt

import pytest

from bench import fill as bench_fill
from bench import run as bench_run
from partners.credit_code import problem_with
from partners.models import ChannelType, Partner, SalesRecord
from tests.partners.sales_summary import from_lines, summary
from tests.services import require_postgres


def test_runner_discovers_benchmarks_and_refuses_sqlite(capsys):
    assert "partners" in bench_run.discover()
    with pytest.raises(SystemExit, match="Refusing to benchmark"):
        bench_run.main(["--database-url", "sqlite:///tmp/bench.sqlite3"])


def test_runner_rejects_unknown_names(capsys):
    assert bench_run.main(["no-such-bench"]) == 2
    assert "Unknown benchmark" in capsys.readouterr().err


def test_credit_codes_are_valid_and_distinct():
    codes = {bench_fill.credit_code_for(index, "440100") for index in range(1, 2000)}
    assert len(codes) == 1999
    assert all(problem_with(code) is None for code in codes)


@pytest.mark.postgres
def test_fill_creates_partners_and_sales_over_the_months_then_reuses_them(db):
    require_postgres()

    result = bench_fill.fill(partners=40, sales=2_000, months=3, end=dt.date(2026, 9, 1))

    assert Partner.objects.count() == 40 and SalesRecord.objects.count() == 2_000
    assert not result.reused and len(result.partner_ids) == 40
    dates = SalesRecord.objects.values_list("date", flat=True)
    assert min(dates) >= dt.date(2026, 7, 1) and max(dates) <= dt.date(2026, 9, 30)
    assert {p.channel_type for p in Partner.objects.all()} <= set(ChannelType.values)
    for partner in Partner.objects.all()[:10]:
        partner.full_clean()
    again = bench_fill.fill(partners=40, sales=2_000, months=3, end=dt.date(2026, 9, 1))
    assert again.reused and SalesRecord.objects.count() == 2_000
    assert summary() == from_lines()  # the monthly sales summary the pages read
