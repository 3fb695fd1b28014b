import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from common.money import round_money
from common.periods import Period


def test_parse_and_format():
    assert str(Period.parse("2026-02")) == "2026-02"
    with pytest.raises(ValueError):
        Period.parse("2026-13")
    with pytest.raises(ValueError):
        Period.parse("26-1")


def test_month_arithmetic_crosses_years():
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.month(2025, 12).next() == Period.month(2026, 1)
    assert Period.month(2024, 2).last_day == dt.date(2024, 2, 29)
    assert Period.month(2026, 11).quarter_months() == [Period.month(2026, m) for m in (10, 11, 12)]
    assert Period.month(2026, 3).trailing(3) == [Period.month(2026, m) for m in (1, 2, 3)]


def test_a_sale_at_2330_on_the_last_day_in_shanghai_belongs_to_that_month(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    moment = dt.datetime(2026, 10, 31, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert Period.containing(moment) == Period.month(2026, 10)
    # the same instant seen in UTC is 15:30 on the 31st, still October; 00:30 on Nov 1 local is November
    assert Period.containing(dt.datetime(2026, 10, 31, 16, 30, tzinfo=dt.UTC)) == Period.month(2026, 11)


def test_bounds_are_local_midnights(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    start, end = Period.month(2026, 10).bounds()
    assert start.isoformat() == "2026-10-01T00:00:00+08:00"
    assert end.isoformat() == "2026-11-01T00:00:00+08:00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.005", "0.01"), ("0.004", "0.00"), ("-0.005", "-0.01"), ("2.675", "2.68"), ("10", "10.00")],
)
def test_round_money_is_half_up(value, expected):
    assert round_money(Decimal(value)) == Decimal(expected)
