"""`{% kept_html key %}` renders its block once per key, language and place, and every time without a key."""

from django.template import Context, Template
from django.utils import translation


class Renders:
    """Counts how often the block that shows it is rendered."""

    def __init__(self):
        self.count = 0

    def __str__(self):
        self.count += 1
        return str(self.count)


TEMPLATE = Template(
    "{% load common_tags i18n %}"
    "{% kept_html key %}[{{ renders }} {% translate 'Search' %}]{% endkept_html %}"
    "{% kept_html key %}({{ other }}){% endkept_html %}"
)


def render(key, renders, other="x", language="en"):
    with translation.override(language):
        return TEMPLATE.render(Context({"key": key, "renders": renders, "other": other}))


def test_a_block_is_rendered_once_per_key_and_language():
    renders = Renders()
    assert render("a", renders) == "[1 Search](x)"
    assert render("a", renders, other="changed") == "[1 Search](x)"  # kept: the key names what the block reads
    assert render("b", renders) == "[2 Search](x)"
    assert render("a", renders, language="zh-hans") == "[3 搜索](x)"  # each language its own


def test_two_blocks_under_one_key_are_told_apart_and_no_key_renders_every_time():
    renders = Renders()
    assert render("", renders) == "[1 Search](x)"
    assert render(None, renders, other="y") == "[2 Search](y)"
    assert render("k", renders).endswith("(x)") and not render("k", renders).startswith("(")
