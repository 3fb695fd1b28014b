# ruff: noqa: RUF002, RUF003 -- the Chinese examples use full-width punctuation, as Chinese text does
"""One display rule each for money, dates and people, for pages, emails and exports alike.

Pages use the template filters of `common_tags` (`money`, `amount`, `day`, `month`, `moment`, `person`); emails
and exports call these functions. Each reads the active language when it is called, so an email
rendered under the recipient's language shows that language's forms.

Money (one currency per installation, the CURRENCY setting, default CNY), always a Decimal rounded
half-up to cents with thousands separators:
  - Chinese pages put the currency's symbol in front, as Chinese statements and invoices print it:
    ¥1,234.50 and -¥1,234.50;
  - English pages put the ISO code in front, as banks and contracts do, because "¥" alone reads as
    yen to a foreign reader: CNY 1,234.50 and CNY -1,234.50;
  - a column of amounts (an export, a table whose header says the currency) shows the number alone,
    1,234.50, under a header naming the currency: "金额（元）", "Amount (CNY)" (`money_header`).
Dates use the active language's date format (2026年11月28日, Nov. 28, 2026); moments are first
converted to the installation's time zone (2026年11月28日 16:40); a month (a period) uses the language's
year-and-month format (2026年11月, November 2026). URLs, form values and machine-readable exports keep ISO
(2026-11-28, 2026-11).
People: the full name in the language's order, else the login name. Chinese puts the family name
first; a name written in Chinese characters is written family name first with no space in every
language (王伟, also in English text, as English writing about Chinese people does); a name in Latin
letters is "family given" on Chinese pages and "given family" on English ones.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.utils import formats, timezone
from django.utils.encoding import force_str
from django.utils.functional import lazy
from django.utils.hashable import make_hashable
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from common.money import round_money
from common.periods import Period


class Currency(NamedTuple):
    symbol: str  # in front of the amount on Chinese pages
    unit: str  # how a Chinese column header names it: 金额（元）


CURRENCIES = {
    "CNY": Currency("¥", "元"),
    "HKD": Currency("HK$", "港元"),
    "USD": Currency("US$", "美元"),
    "EUR": Currency("€", "欧元"),
}


def _chinese() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).lower().startswith("zh")


def currency_code() -> str:
    return settings.CURRENCY


def currency_unit() -> str:
    """How a column header names the currency: 元 on Chinese pages, the ISO code on English ones."""
    code = currency_code()
    known = CURRENCIES.get(code)
    return known.unit if known and _chinese() else code


def amount(value: Decimal | int | str | None) -> str:
    """The number alone: 1,234.50; blank for None. Rounded half-up to cents, never through a float."""
    if value is None or value == "":
        return ""
    return f"{round_money(value):,.2f}"


def money(value: Decimal | int | str | None) -> str:
    """An amount with the installation's currency: ¥1,234.50 on Chinese pages, CNY 1,234.50 on English ones."""
    if value is None or value == "":
        return ""
    rounded = round_money(value)
    code = currency_code()
    known = CURRENCIES.get(code)
    if known and _chinese():
        sign = "-" if rounded < 0 else ""
        return f"{sign}{known.symbol}{abs(rounded):,.2f}"
    return f"{code} {rounded:,.2f}"


def money_header(label) -> str:
    """A column header that names the currency: 金额（元）, Amount (CNY)."""
    return _("%(label)s (%(currency)s)") % {"label": label, "currency": currency_unit()}


# For header tuples declared at import time: the header is built in the language active when it is shown.
money_header_lazy = lazy(money_header, str)


def day(value: dt.date | dt.datetime | None) -> str:
    """A date in the active language's format; a moment is first taken in the installation's time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formats.date_format(value, "DATE_FORMAT")


QUARTER_LABEL = re.compile(r"^(\d{4})-Q([1-4])$")


def month(value) -> str:
    """A month (a Period, any date in it, or its YYYY-MM text) in the active language's year-and-month format:
    2026年11月, November 2026. A quarter's or a year's label (2026-Q4, 2026) is written the language's way too:
    2026年第4季度, Q4 2026; 2026年, 2026."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        if quarter := QUARTER_LABEL.match(value):
            return _("Q%(quarter)s %(year)s") % {"year": quarter[1], "quarter": quarter[2]}
        if value.isdigit():
            return pgettext("a year's label", "%(year)s") % {"year": value}
        try:
            value = Period.parse(value)
        except ValueError:  # any other label is shown as it is
            return value
    value = getattr(value, "first_day", value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "YEAR_MONTH_FORMAT")


def moment(value: dt.datetime | None) -> str:
    """A date and time in the active language's format, in the installation's time zone."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")


def _is_chinese_script(text: str) -> bool:
    return any(unicodedata.name(char, "").startswith("CJK") for char in text)


def person(user) -> str:
    """The full name in the language's order, else the login name; blank for nobody."""
    if user is None:
        return ""
    given = (getattr(user, "first_name", "") or "").strip()
    family = (getattr(user, "last_name", "") or "").strip()
    if not (given and family):
        return given or family or user.get_username()
    if _is_chinese_script(given + family):
        return f"{family}{given}"
    return f"{family} {given}" if _chinese() else f"{given} {family}"


# A field's {value: label} (the labels lazy, translated when shown), read once per field: Django's
# get_FOO_display() rebuilds it from the field's choices on every call, hashing each lazy label (which
# translates it), a tenth of a millisecond a call: most of a 25-row table's per-row cost.
_CHOICE_LABELS: dict = {}


def choice_label(instance, field_name: str) -> str:
    """What `instance.get_<field_name>_display()` gives, for a field with fixed choices (the template filter
    `{{ card|choice_label:"channel_type" }}`)."""
    field = instance._meta.get_field(field_name)
    labels = _CHOICE_LABELS.get(field)
    if labels is None:
        labels = _CHOICE_LABELS[field] = {make_hashable(value): label for value, label in field.flatchoices}
    value = getattr(instance, field.attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)
