from django import template

from common import clock
from deals import selectors

register = template.Library()


@register.inclusion_tag("deals/_dashboard_panel_body.html")
def deals_dashboard():
    return {"attention": selectors.attention(today=clock.today())}
