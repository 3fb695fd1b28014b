from django import template

from common import display

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (pagination and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


# The display rules of common/display.py, for pages: ¥1,234.50, 1,234.50, 2026年11月28日, 2026年11月, 王伟.
register.filter("money", display.money)
register.filter("amount", display.amount)
register.filter("day", display.day)
register.filter("month", display.month)
register.filter("moment", display.moment)
register.filter("person", display.person)
register.filter("money_header", display.money_header)


@register.filter
def filter_field(bound_field):
    """A list page's filter field, as crispy's `as_crispy_field` renders it but without its templates
    (common/field_render.py): `{{ field|filter_field }}`."""
    from common.field_render import field_html

    return field_html(bound_field)
