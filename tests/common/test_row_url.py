"""`row_url` gives what `{% url %}` gives, for any number, language and script prefix."""

import pytest
from django.template import Context, Template
from django.urls import set_script_prefix
from django.utils import translation


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("prefix", ["/", "/crm/"])
@pytest.mark.parametrize(
    "name, key",
    [("evaluations:scorecard", "pk"), ("partners:detail", "pk"), ("plans:goal-edit", "goal_pk")],
)
def test_row_url_is_the_url_tags_url(name, key, language, prefix):
    row_url = Template("{% load common_tags %}{% row_url name " + key + "=value %}")
    url = Template("{% url name " + key + "=value %}")
    try:
        set_script_prefix(prefix)
        with translation.override(language):
            for value in (1, 7, 42, 987654321, 10**20):
                context = Context({"name": name, "value": value})
                assert row_url.render(context) == url.render(context)
    finally:
        set_script_prefix("/")
