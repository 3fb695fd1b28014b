# ruff: noqa: RUF001 -- the input is full-width, as Chinese input methods type it
"""Rebate brackets accept what Chinese users type: full-width colon and digits, 万 amounts."""

from incentives.kinds.base import parse_pairs


def test_brackets_accept_the_full_width_colon_and_wan_amounts():
    assert parse_pairs("0：1，10万：2\n1.5万:3, ５０万：４") == [
        ("0", "1"),
        ("100000", "2"),
        ("15000", "3"),
        ("500000", "4"),
    ]
