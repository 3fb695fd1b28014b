# ruff: noqa: RUF001 -- the Chinese lines use the full-width colon, as Chinese text does
"""An incentive policy's rules are worded by their kind on its page and in its history, never a Python dict."""

from django.urls import reverse
from django.utils import translation

from incentives.kinds import kind_for
from tests.common.factories import ManagerFactory
from tests.incentives.factories import PolicyFactory

REBATE = {"mode": "retroactive", "brackets": [["0", "0"], ["100000", "1.5"], ["500000", "3"]]}


def test_a_rebate_words_its_mode_and_brackets_in_both_languages():
    with translation.override("en"):
        assert kind_for("volume_rebate").describe(REBATE) == [
            "Retroactive (全额累进)",
            "CNY 0.00 to CNY 100,000.00: 0%",
            "CNY 100,000.00 to CNY 500,000.00: 1.5%",
            "CNY 500,000.00 and above: 3%",
        ]
    with translation.override("zh-hans"):
        lines = kind_for("volume_rebate").describe(REBATE)
    assert lines[2] == "¥100,000.00 至 ¥500,000.00：1.5%"
    assert lines[3] == "¥500,000.00 及以上：3%"


def test_every_kind_words_its_rules():
    with translation.override("en"):
        assert kind_for("commission").describe({"rate": "2.50", "category_rates": {"PHONE": "4"}}) == [
            "Commission rate: 2.5%",
            "Category PHONE: 4%",
        ]
        assert kind_for("target_bonus").describe({"attainment_pct": "100", "fixed_amount": "5000"}) == [
            "Paid from attainment: 100%",
            "Fixed bonus: CNY 5,000.00",
        ]
        assert kind_for("grade_bonus").describe({"amounts": {"A": "1000", "B": "0"}}) == [
            "Bonus for grade A: CNY 1,000.00"
        ]


def test_policy_page_and_history_show_the_rules_worded(client, db):
    policy = PolicyFactory(rules=REBATE)
    client.force_login(ManagerFactory())
    with translation.override("en"):
        text = client.get(reverse("incentives:policy-detail", args=[policy.pk]), HTTP_ACCEPT_LANGUAGE="en").content
    text = text.decode()
    assert "'mode'" not in text and "brackets" not in text
    assert "CNY 100,000.00 to CNY 500,000.00: 1.5%" in text
    assert "Retroactive (全额累进); CNY 0.00 to CNY 100,000.00: 0%" in text  # the version's history line
