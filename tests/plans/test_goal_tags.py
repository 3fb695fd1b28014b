"""The goal tables' figure and status tags write what the included templates they replace wrote."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

# The templates the tags replace (plans/_goal_value.html and plans/_status_badge.html), as they were.
GOAL_VALUE = "{% load common_tags %}{% if value is None %}—{% elif money %}{{ value|money }}{% else %}{{ value|amount }}{% endif %}"
STATUS_BADGE = (
    '{% load i18n %}{% if status == "on_track" %}<span class="badge text-bg-success">{% translate "On track" %}</span>'
    '{% elif status == "at_risk" %}<span class="badge text-bg-warning">{% translate "At risk" %}</span>'
    '{% elif status == "off_track" %}<span class="badge text-bg-danger">{% translate "Off track" %}</span>'
    '{% else %}<span class="badge text-bg-secondary">{% translate "No data yet" %}</span>{% endif %}'
)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("value", [None, Decimal("0"), Decimal("1234.5"), Decimal("-12.345"), Decimal("87.50")])
@pytest.mark.parametrize("money", [True, False])
def test_goal_value_writes_what_the_template_wrote(language, value, money):
    with translation.override(language):
        old = Template(GOAL_VALUE).render(Context({"value": value, "money": money}))
        new = Template("{% load plans_tags %}{{ value|goal_value:money }}").render(
            Context({"value": value, "money": money})
        )
    assert new == old


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("status", ["on_track", "at_risk", "off_track", "", None])
def test_goal_status_writes_what_the_template_wrote(language, status):
    with translation.override(language):
        old = Template(STATUS_BADGE).render(Context({"status": status}))
        new = Template("{% load plans_tags %}{% goal_status status %}").render(Context({"status": status}))
    assert new == old
