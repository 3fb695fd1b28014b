"""The partner status badge tag writes what the included template it replaces wrote."""

import pytest
from django.template import Context, Template
from django.utils import translation

from partners.models import Partner

# partners/_status_badge.html, as it was.
STATUS_BADGE = (
    "<span class=\"badge {% if status == 'active' %}text-bg-success{% elif status == 'onboarding' %}text-bg-info"
    "{% elif status == 'prospect' %}text-bg-light border{% elif status == 'suspended' %}text-bg-warning"
    '{% else %}text-bg-secondary{% endif %}">{{ label }}</span>'
)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("status", [*Partner.Status.values, "unknown"])
def test_status_badge_writes_what_the_template_wrote(language, status):
    label = dict(Partner.Status.choices).get(status, "<b>odd</b>")
    with translation.override(language):
        old = Template(STATUS_BADGE).render(Context({"status": status, "label": label}))
        new = Template("{% load partners_tags %}{% status_badge status label %}").render(
            Context({"status": status, "label": label})
        )
    assert new == old
