"""The dashboard panel of the channel work plan, shown at the top of `/`."""

from django import template

from common import clock
from plans.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("plans/_dashboard_panel_body.html", takes_context=True)
def plans_dashboard(context):
    request = context["request"]
    user = request.user
    if not user.has_perm("plans.view_plan"):
        return {"show": False}
    return {
        "show": True,
        "d": dashboard(user=user, today=clock.today(), scope=request.GET.get("scope")),
        "perms": context.get("perms"),
    }
