from django import template

from common.money import round_money

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (pagination and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def money(value):
    """Cents with thousands separators, e.g. 18,000.00; blank for None."""
    if value is None or value == "":
        return ""
    return f"{round_money(value):,.2f}"
