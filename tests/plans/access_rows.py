"""The plan's pages are internal only: partners get nothing of them (403), anonymous users the login page."""

from tests.access import DIRECTOR, FINANCE, MANAGER, internal
from tests.plans.factories import BudgetLineFactory, GoalFactory, PlanFactory, ReviewFactory, RiskFactory, SpendFactory

READERS = (DIRECTOR, MANAGER, FINANCE)
OWNER = (DIRECTOR,)


def populate(world):
    world.plan = PlanFactory()
    world.goal = GoalFactory(plan=world.plan)
    world.budget_line = BudgetLineFactory(plan=world.plan)
    world.spend = SpendFactory(line=world.budget_line)
    world.risk = RiskFactory(plan=world.plan)
    world.review = ReviewFactory(plan=world.plan)


ROWS = [
    internal("plans:list", roles=READERS),
    internal("plans:create", roles=OWNER),
    internal("plans:detail", roles=READERS, kwargs=lambda w: {"pk": w.plan.pk}),
    internal("plans:edit", roles=OWNER, kwargs=lambda w: {"pk": w.plan.pk}),
    internal("plans:approve", roles=OWNER, method="post", ok=302, kwargs=lambda w: {"pk": w.plan.pk}),
    internal("plans:close", roles=OWNER, method="post", ok=302, kwargs=lambda w: {"pk": w.plan.pk}),
    internal("plans:goal-create", roles=OWNER, kwargs=lambda w: {"pk": w.plan.pk}),
    internal("plans:goal-edit", roles=OWNER, kwargs=lambda w: {"goal_pk": w.goal.pk}),
    internal("plans:coverage", roles=OWNER, kwargs=lambda w: {"pk": w.plan.pk}),
    internal("plans:budget-line-create", roles=OWNER, kwargs=lambda w: {"pk": w.plan.pk}),
    internal("plans:spend-add", roles=(DIRECTOR, FINANCE), kwargs=lambda w: {"pk": w.budget_line.pk}),
    internal("plans:spend-document", roles=READERS, kwargs=lambda w: {"pk": w.spend.pk}),
    internal("plans:risks", roles=READERS),
    internal("plans:risk-create", roles=(DIRECTOR, MANAGER), kwargs=lambda w: {"pk": w.plan.pk}),
    internal("plans:risk-edit", roles=(DIRECTOR, MANAGER), kwargs=lambda w: {"risk_pk": w.risk.pk}),
    internal("plans:review-create", roles=(DIRECTOR, MANAGER), kwargs=lambda w: {"pk": w.plan.pk}),
    internal("plans:review-detail", roles=READERS, kwargs=lambda w: {"pk": w.review.pk}),
    internal("plans:review-pdf", roles=READERS, kwargs=lambda w: {"pk": w.review.pk}),
    internal(
        "plans:review-close", roles=(DIRECTOR, MANAGER), method="post", ok=302, kwargs=lambda w: {"pk": w.review.pk}
    ),
    internal("plans:market-size", roles=OWNER),
]
