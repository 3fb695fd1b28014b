"""Dashboard panels: the month's payouts for internal users, the partner's balance and last statement."""

from django import template
from django.db.models import Count, Sum

from common.access import partner_of
from common.memo import request_memo
from common.versions import kept_under
from incentives import selectors, services
from incentives.access import statements_released_to
from incentives.models import LineStatus

register = template.Library()


@register.inclusion_tag("incentives/_dashboard_panel_body.html", takes_context=True)
def incentives_dashboard(context):
    user = context["request"].user
    if not user.has_perm("incentives.view_payout"):
        return {"show": False}
    by_status = selectors.payouts_for(user=user).values("status").annotate(n=Count("pk"), total=Sum("amount"))
    # Every payout ever made, counted only after a payout was written (each write adds a history row).
    rows = kept_under(
        "payouts-by-status",
        ("payouts",),
        by_status,
        lambda: {row["status"]: row for row in by_status},
        memo=request_memo(context["request"]),
    )
    return {
        "show": True,
        "perms": context.get("perms"),
        "rows": [
            (value, label, rows.get(value, {}).get("n", 0), rows.get(value, {}).get("total"))
            for value, label in LineStatus.choices
        ],
    }


@register.inclusion_tag("incentives/_portal_panel_body.html", takes_context=True)
def incentives_portal_panel(context):
    user = context["request"].user
    partner = partner_of(user)
    latest = statements_released_to(user).order_by("-period").first()
    return {"balance": services.rebate_balance(partner) if partner else None, "latest": latest}
