# ruff: noqa: RUF001 -- the cases are Chinese names written with full-width characters on purpose
"""The matching and territory rules on a table of cases (pure, no database)."""

import datetime as dt

import pytest

from deals import matching
from deals.matching import Candidate, Claim, conflict_for, normalise_code, normalise_name

TODAY = dt.date(2026, 11, 28)
CODE = "91440300MA5FXXXX0X"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("华为技术有限公司", "华为技术"),
        ("华为技术有限公司", "华为技术 有限公司"),
        ("华为技术有限公司", "  华为 技术有限责任公司 "),
        ("深圳市ABC科技股份有限公司", "深圳市ＡＢＣ科技"),  # full-width letters
        ("深圳市abc科技有限公司", "深圳市ABC科技（集团）有限公司"),  # case, full-width brackets, group
        ("Acme Co., Ltd.", "ACME"),
        ("Acme Limited", "acme  inc"),
        ("北京·未来（中国）有限公司", "北京未来中国"),
    ],
)
def test_same_name_written_differently(a, b):
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("华为技术有限公司", "华为终端有限公司"),
        ("Taco Bell", "Ta Bell"),  # "co" is only a suffix as a word of its own
        ("Acme Trading", "Acme"),
    ],
)
def test_different_names_stay_different(a, b):
    assert normalise_name(a) != normalise_name(b)


def test_codes_compare_without_width_case_or_spaces():
    assert normalise_code(" 91440300ma5fxxxx0x ") == CODE
    assert normalise_code("９１４４０３００ＭＡ５ＦＸＸＸＸ０Ｘ") == CODE


def _claim(partner_id=2, name="华为技术有限公司", code="", status="approved", until=TODAY):
    return Claim(partner_id, normalise_name(name), normalise_code(code), status, until)


def _candidate(name="华为技术", code="", partner_id=1):
    return Candidate(partner_id, normalise_name(name), normalise_code(code))


@pytest.mark.parametrize(
    ("candidate", "claim", "expected"),
    [
        # same code, different names
        (_candidate("Huawei", CODE), _claim(name="华为技术有限公司", code=CODE), matching.PROTECTED),
        # same name with other spacing, case, width or suffix
        (_candidate("华为 技术"), _claim(), matching.PROTECTED),
        (_candidate("ＨＵＡＷＥＩ"), _claim(name="huawei co., ltd."), matching.PROTECTED),
        (_candidate("华为技术股份有限公司"), _claim(), matching.PROTECTED),
        # two different codes are two companies, even under one name
        (_candidate("华为技术", CODE), _claim(code="91110000100000000X"), None),
        # protection ended yesterday: free again; ending today still protects
        (_candidate(), _claim(until=TODAY - dt.timedelta(days=1)), None),
        (_candidate(), _claim(until=TODAY), matching.PROTECTED),
        # an extended protection (its last day moved on) still protects
        (_candidate(), _claim(until=TODAY + dt.timedelta(days=80)), matching.PROTECTED),
        # first come: a pending claim holds the customer too
        (_candidate(), _claim(status="pending", until=None), matching.PROTECTED),
        # the partner's own claim
        (_candidate(partner_id=2), _claim(), matching.OWN),
        # rejected and expired registrations do not hold anything
        (_candidate(), _claim(status="rejected"), None),
        (_candidate(), _claim(status="expired"), None),
        # another customer
        (_candidate("腾讯科技"), _claim(), None),
    ],
)
def test_conflict_table(candidate, claim, expected):
    assert conflict_for(candidate, claims=[claim], today=TODAY) == expected


def test_reserved_for_direct_sales_wins_over_everything():
    reserved = [(normalise_name("国家电网有限公司"), "")]
    assert conflict_for(_candidate("国家电网"), claims=[], reserved=reserved, today=TODAY) == matching.RESERVED


@pytest.mark.parametrize(
    ("region", "province", "territory", "inside"),
    [
        (4403, 44, {4403}, True),  # the city itself
        (4403, 44, {44}, True),  # its province
        (4403, 44, {4401}, False),  # another city of the province
        (3101, 31, {44}, False),  # outside territory
        (4403, 44, set(), False),  # no agreement in force
    ],
)
def test_territory(region, province, territory, inside):
    assert matching.in_territory(region_id=region, province_id=province, territory_ids=territory) is inside


def test_protection_end_and_reminder_window():
    end = matching.protection_end(approved_on=dt.date(2026, 1, 1), days=90)
    assert end == dt.date(2026, 3, 31)
    assert matching.reminder_due(protected_until=end, today=end - dt.timedelta(days=14), days_before=14)
    assert not matching.reminder_due(protected_until=end, today=end - dt.timedelta(days=15), days_before=14)
