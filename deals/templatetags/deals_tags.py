from django import template

from common import clock
from common.memo import request_memo
from deals import selectors

register = template.Library()


@register.inclusion_tag("deals/_dashboard_panel_body.html", takes_context=True)
def deals_dashboard(context):
    return {"attention": selectors.attention(today=clock.today(), memo=request_memo(context["request"]))}


@register.inclusion_tag("deals/_portal_panel_body.html", takes_context=True)
def deals_portal_panel(context):
    """Portal home: the partner's protected customers, registrations waiting and leads waiting for an answer."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from deals.access import offers_visible_to, registrations_visible_to

    user = context["request"].user
    counts = registrations_visible_to(user).aggregate(
        protected=Count("pk", filter=Q(status="approved")), waiting=Count("pk", filter=Q(status="pending"))
    )
    offers = offers_visible_to(user).filter(status="offered", deadline__gt=timezone.now()).count()
    return {"counts": counts, "offers": offers}
