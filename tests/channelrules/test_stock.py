"""Weeks of stock on a hand-made series, and the alerts."""

from decimal import Decimal as D

import pytest

from channelrules import stock

# October to December: 92 days, 13.14 weeks.
DAYS = 92


@pytest.mark.parametrize(
    ("on_hand", "sold", "weeks"),
    [
        (46, [20, 26, 46], D("6.6")),  # 92 sold in 92 days: 7 a week; 46 ÷ 7 = 6.57
        (0, [20, 26, 46], D("0.0")),  # nothing on hand
        (10, [0, 0, 0], None),  # stock that does not move lasts forever
        (7, [92], D("1.0")),  # one month's lump counts the same as spread sales
        (3, [1, 0, 0], D("39.4")),  # 1 unit in 92 days is 0.076 a week
    ],
)
def test_weeks_of_stock(on_hand, sold, weeks):
    assert stock.weeks_of_stock(stock=on_hand, sold=sold, days=DAYS) == weeks


@pytest.mark.parametrize(
    ("on_hand", "weeks", "expected"),
    [
        (0, D("0"), stock.STOCK_OUT),
        (5, D("1.9"), stock.LOW),
        (5, D("2.0"), stock.OK),
        (5, D("8.0"), stock.OK),
        (5, D("8.1"), stock.OVERSTOCK),
        (5, None, stock.OVERSTOCK),
    ],
)
def test_alerts_by_threshold(on_hand, weeks, expected):
    assert stock.alert(stock=on_hand, weeks=weeks, min_weeks=D("2"), max_weeks=D("8")) == expected
