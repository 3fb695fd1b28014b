# ruff: noqa: RUF001 -- Chinese headers use full-width brackets
"""The display rules for money, dates and people, in both languages (common/display.py)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.utils import translation

from common import display
from common.periods import Period

MOMENT = dt.datetime(2026, 11, 28, 8, 40, 39, 862141, tzinfo=dt.UTC)  # 16:40 in Shanghai


def user(username="finance", given="", family=""):
    return get_user_model()(username=username, first_name=given, last_name=family)


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("zh-hans", D("1234.5"), "¥1,234.50"),
        ("zh-hans", D("-0.005"), "-¥0.01"),
        ("en", D("1234.5"), "CNY 1,234.50"),
        ("en", D("-1234567.125"), "CNY -1,234,567.13"),
    ],
)
def test_money_shows_the_installations_currency_in_each_language(language, value, shown):
    with translation.override(language):
        assert display.money(value) == shown


def test_money_follows_the_currency_setting(settings):
    settings.CURRENCY = "USD"
    with translation.override("zh-hans"):
        assert display.money(D("5")) == "US$5.00"
    with translation.override("en"):
        assert display.money(D("5")) == "USD 5.00"


def test_a_column_of_amounts_names_the_currency_in_its_header():
    assert display.amount(D("600000")) == "600,000.00"
    assert display.amount(None) == display.money(None) == ""
    with translation.override("zh-hans"):
        assert str(display.money_header_lazy("金额")) == "金额（元）"
    with translation.override("en"):
        assert display.money_header("Amount") == "Amount (CNY)"


def test_dates_and_moments_use_the_language_and_the_local_time_zone():
    with translation.override("zh-hans"):
        assert display.day(dt.date(2026, 11, 28)) == display.day("2026-11-28") == "2026年11月28日"
        assert display.moment(MOMENT) == "2026年11月28日 16:40"
        assert display.day(dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.UTC)) == "2026年12月1日"
    with translation.override("en"):
        assert display.day(dt.date(2026, 11, 28)) == display.day("2026-11-28") == "Nov. 28, 2026"
        assert display.moment(MOMENT) == "Nov. 28, 2026, 4:40 p.m."


@pytest.mark.parametrize(
    ("language", "person", "shown"),
    [
        ("zh-hans", user(given="总监", family="王"), "王总监"),
        ("en", user(given="总监", family="王"), "王总监"),  # a Chinese name is written one way
        ("zh-hans", user(given="Wei", family="Wang"), "Wang Wei"),
        ("en", user(given="Wei", family="Wang"), "Wei Wang"),
        ("en", user(given="张"), "张"),
        ("zh-hans", user(username="manager2"), "manager2"),
        ("en", None, ""),
    ],
)
def test_people_are_named_in_the_languages_order_else_by_login(language, person, shown):
    with translation.override(language):
        assert display.person(person) == shown


def test_pages_use_the_same_rules_through_template_filters():
    template = Template("{% load common_tags %}{{ a|money }} {{ a|amount }} {{ d|day }} {{ u|person }}")
    with translation.override("zh-hans"):
        text = template.render(
            Context({"a": D("18000"), "d": dt.date(2026, 10, 1), "u": user(given="伟", family="王")})
        )
    assert text == "¥18,000.00 18,000.00 2026年10月1日 王伟"


@pytest.mark.parametrize(
    ("language", "shown"),
    [("zh-hans", "2026年11月"), ("en", "November 2026")],
)
def test_a_month_has_one_format_per_language_whatever_it_is_given_as(language, shown):
    given = [
        Period.month(2026, 11),
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 17),
        "2026-11",
        dt.datetime(2026, 10, 31, 16, 30, tzinfo=dt.UTC),  # already November in Shanghai
    ]
    with translation.override(language):
        assert {display.month(value) for value in given} == {shown}
        assert display.month(None) == ""
        assert Template("{% load common_tags %}{{ p|month }}").render(Context({"p": Period.month(2026, 11)})) == shown


@pytest.mark.parametrize(
    ("language", "quarter", "year"),
    [("zh-hans", "2026年第4季度", "2026年"), ("en", "Q4 2026", "2026")],
)
def test_a_quarters_and_a_years_label_are_written_the_languages_way(language, quarter, year):
    with translation.override(language):
        assert display.month("2026-Q4") == quarter
        assert display.month("2026") == year
        assert display.month("Spring campaign") == "Spring campaign"
