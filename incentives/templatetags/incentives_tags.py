"""Dashboard panels: payouts by status for internal users, the partner's balance and last statement."""

from django import template

from common.access import partner_of
from common.memo import request_memo
from incentives import selectors, services
from incentives.access import statements_released_to
from incentives.models import LineStatus

register = template.Library()


@register.inclusion_tag("incentives/_dashboard_panel_body.html", takes_context=True)
def incentives_dashboard(context):
    user = context["request"].user
    if not user.has_perm("incentives.view_payout"):
        return {"show": False}
    rows = selectors.payouts_by_status(user=user, memo=request_memo(context["request"]))
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
