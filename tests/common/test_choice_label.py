"""The `choice_label` filter shows what get_FOO_display() shows, in the language of the page."""

import pytest
from django.template import Context, Template
from django.utils import translation

from partners.models import ChannelType, Partner
from plans.models import BudgetLine, BudgetSubLine, Risk


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "instance, field",
    [
        *((Partner(channel_type=value), "channel_type") for value in ChannelType.values),
        (Partner(channel_type="gone"), "channel_type"),  # a value no longer among the choices shows as it is
        *((BudgetLine(sub_line=value), "sub_line") for value in BudgetSubLine.values),
        *((Risk(status=value), "status") for value in Risk.Status.values),
    ],
)
def test_choice_label_shows_what_get_display_shows(instance, field, language):
    template = Template('{% load common_tags %}{{ obj|choice_label:"' + field + '" }}')
    with translation.override(language):
        expected = Template("{{ shown }}").render(Context({"shown": getattr(instance, f"get_{field}_display")()}))
        assert template.render(Context({"obj": instance})) == expected
