"""What the plan tells other apps' pages through common.hooks (they never import plans)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from common import clock, display
from plans import figures
from plans.models import BudgetSubLine, Plan


def incentive_budget_before_approval(*, user, **_context) -> str | None:
    """On the approvals queue: the incentives budget line of this year's plan, what is left of it, and what
    would be left after approving every payout waiting."""
    if not user.has_perm("plans.view_budgetline"):
        return None
    year = clock.today().year
    plan = Plan.objects.filter(year=year, region__isnull=True).exclude(status=Plan.Status.DRAFT).first()
    if plan is None:
        return None
    # Before approving: what is left now.
    line = next(
        (b for b in figures.budget_figures(plan, fresh=True) if b.line.sub_line == BudgetSubLine.INCENTIVES), None
    )
    if line is None:
        return None
    waiting = figures.payouts_waiting(plan, fresh=True)
    return _(
        "Incentive budget %(year)s: %(planned)s planned, %(remaining)s remaining; "
        "%(after)s after approving the %(waiting)s waiting."
    ) % {
        "year": year,
        "planned": display.money(line.planned),
        "remaining": display.money(line.remaining),
        "after": display.money(line.remaining - waiting),
        "waiting": display.money(waiting),
    }
