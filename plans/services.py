"""Writes of the channel work plan: the plan's status workflow, goals and their revisions, budget and spend,
risks and their reminders, reviews and their snapshots.

A plan goes draft → approved → closed. Approving freezes its goals: a later change to a goal is saved only
with a reason and leaves a `GoalRevision` (before / after). A review's figures are recomputed while it is
open; closing it stores them, and a closed review is never rewritten. Risk reminders are emails sent once
per risk and review date (common.emails' unique log), so the daily job can run any number of times.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from common.clock import today as local_today
from common.emails.services import Email, email_send_once
from common.history import changed_by
from common.periods import Period
from plans import figures, forecasting
from plans.models import (
    SUB_LINES_OF,
    BudgetLine,
    CoverageTarget,
    Goal,
    GoalKind,
    GoalMonth,
    GoalRevision,
    MarketSize,
    Plan,
    Review,
    Risk,
    Spend,
)


@transaction.atomic
def plan_create(*, year: int, title: str, owner, region=None, strategy: str = "", by=None) -> Plan:
    plan = Plan(year=year, title=title, owner=owner, region=region, strategy=strategy)
    plan.full_clean()
    changed_by(plan, by)
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, title: str, owner, strategy: str, by=None) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == Plan.Status.CLOSED:
        raise ValidationError(_("A closed plan cannot be changed."))
    plan.title, plan.owner, plan.strategy = title, owner, strategy
    plan.full_clean()
    changed_by(plan, by)
    plan.save()
    return plan


@transaction.atomic
def plan_approve(*, plan: Plan, by) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(_("Only a draft plan can be approved."))
    if not plan.goals.exists():
        raise ValidationError(_("A plan needs at least one goal before it is approved."))
    plan.status, plan.approved_at, plan.approved_by = Plan.Status.APPROVED, timezone.now(), by
    changed_by(plan, by, reason=_("Approved"))
    plan.save()
    return plan


@transaction.atomic
def plan_close(*, plan: Plan, by) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError(_("Only an approved plan can be closed."))
    plan.status = Plan.Status.CLOSED
    changed_by(plan, by, reason=_("Closed"))
    plan.save()
    return plan


def _goal_state(goal: Goal) -> dict:
    return {
        "yearly_value": str(Decimal(goal.yearly_value).quantize(Decimal("0.01"))),
        "months": {str(m.month): str(m.value) for m in GoalMonth.objects.filter(goal=goal).order_by("month")},
    }


SPLIT_EVENLY = "even"
SPLIT_BY_TARGETS = "targets"
SPLIT_BY_LAST_YEAR = "last_year"


def monthly_split(*, plan: Plan, kind: str, yearly_value: Decimal, method: str) -> list[Decimal]:
    """Twelve months for a yearly value. Cumulative goals split evenly, in the shape of the partners' monthly
    targets, or of last year's sales; level goals hold the same level every month."""
    if kind not in figures.CUMULATIVE:
        return [yearly_value] * 12
    reader = figures._Reader(plan, dt.date(plan.year, 1, 1))
    if method == SPLIT_BY_TARGETS:
        targets = reader.partner_targets()
        return forecasting.split_by_weights(yearly_value, [targets.get(m, Decimal("0")) for m in range(1, 13)])
    if method == SPLIT_BY_LAST_YEAR and kind == GoalKind.SALES:
        last = reader.sales(plan.year - 1)
        return forecasting.split_by_weights(yearly_value, [last.get(m, Decimal("0")) for m in range(1, 13)])
    return forecasting.split_evenly(yearly_value)


@transaction.atomic
def goal_save(
    *,
    plan: Plan,
    kind: str,
    yearly_value: Decimal,
    months: list[Decimal] | None = None,
    channel_type: str = "",
    goal: Goal | None = None,
    reason: str = "",
    by=None,
) -> Goal:
    """Create or change a goal and its twelve months. On an approved plan only with a reason, kept as a revision.

    Cumulative goals' months must add up to the yearly value.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == Plan.Status.CLOSED:
        raise ValidationError(_("A closed plan cannot be changed."))
    frozen = plan.status == Plan.Status.APPROVED
    if frozen and not reason.strip():
        raise ValidationError({"reason": _("The plan is approved: say why the goal changes.")})
    if frozen and goal is None:
        raise ValidationError(_("The plan is approved: its goals are frozen."))
    if kind != GoalKind.ACTIVE_PARTNERS:
        channel_type = ""
    if months is None:
        months = monthly_split(plan=plan, kind=kind, yearly_value=yearly_value, method=SPLIT_EVENLY)
    if len(months) != 12:
        raise ValidationError(_("A goal needs a value for each of the twelve months."))
    if kind in figures.CUMULATIVE and sum(months, Decimal("0")) != yearly_value:
        raise ValidationError(
            {"yearly_value": _("The months add up to %(sum)s, not the yearly value.") % {"sum": sum(months)}}
        )
    if goal is not None:
        goal = Goal.objects.select_for_update().get(pk=goal.pk, plan=plan)
    before = _goal_state(goal) if goal is not None else None
    if goal is None:
        goal = Goal(plan=plan, position=plan.goals.count())
    goal.kind, goal.channel_type, goal.yearly_value = kind, channel_type, yearly_value
    goal.full_clean(exclude=["plan"])
    if Goal.objects.filter(plan=plan, kind=kind, channel_type=channel_type).exclude(pk=goal.pk).exists():
        raise ValidationError({"kind": _("The plan already has this goal.")})
    changed_by(goal, by, reason=reason)
    goal.save()
    GoalMonth.objects.filter(goal=goal).delete()
    GoalMonth.objects.bulk_create(GoalMonth(goal=goal, month=m, value=v) for m, v in enumerate(months, start=1))
    if frozen:
        GoalRevision.objects.create(
            goal=goal, reason=reason.strip(), before=before, after=_goal_state(goal), changed_by=by
        )
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, by=None) -> None:
    if goal.plan.status != Plan.Status.DRAFT:
        raise ValidationError(_("Only a draft plan's goals can be removed."))
    changed_by(goal, by)
    goal.delete()


@transaction.atomic
def market_size_set(*, region, period: Period, amount: Decimal) -> MarketSize:
    row, _created = MarketSize.objects.update_or_create(
        region=region, period=period.first_day, defaults={"amount": amount}
    )
    return row


@transaction.atomic
def coverage_targets_set(*, plan: Plan, regions) -> None:
    plan.coverage_targets.exclude(region__in=regions).delete()
    existing = set(plan.coverage_targets.values_list("region_id", flat=True))
    # With their history rows: the plan's figures are kept under the coverage targets' version (common.versions).
    bulk_create_with_history(
        [CoverageTarget(plan=plan, region=r) for r in regions if r.pk not in existing], CoverageTarget
    )


@transaction.atomic
def budget_line_save(
    *, plan: Plan, category: str, sub_line: str, quarters: list[Decimal], line: BudgetLine | None = None, by=None
) -> BudgetLine:
    if plan.status == Plan.Status.CLOSED:
        raise ValidationError(_("A closed plan cannot be changed."))
    if sub_line not in SUB_LINES_OF.get(category, ()):
        raise ValidationError({"sub_line": _("This sub-line does not belong to the category.")})
    line = line or BudgetLine(plan=plan)
    line.category, line.sub_line = category, sub_line
    line.q1, line.q2, line.q3, line.q4 = quarters
    line.full_clean(exclude=["plan"])
    if BudgetLine.objects.filter(plan=plan, sub_line=sub_line).exclude(pk=line.pk).exists():
        raise ValidationError({"sub_line": _("The budget already has this sub-line.")})
    changed_by(line, by)
    line.save()
    return line


@transaction.atomic
def spend_add(*, line: BudgetLine, spent_on: dt.date, amount: Decimal, description: str, document, by) -> Spend:
    spend = Spend(
        line=line, spent_on=spent_on, amount=amount, description=description, document=document, entered_by=by
    )
    spend.full_clean()
    changed_by(spend, by)
    spend.save()
    return spend


@transaction.atomic
def risk_save(*, plan: Plan, risk: Risk | None = None, by=None, **fields) -> Risk:
    risk = risk or Risk(plan=plan)
    for name, value in fields.items():
        setattr(risk, name, value)
    risk.full_clean(exclude=["plan"])
    changed_by(risk, by)
    risk.save()
    return risk


def risk_reminders_send(*, today: dt.date | None = None) -> int:
    """Email each open risk's owner once when its review date has passed; returns the number sent now."""
    today = today or local_today()
    sent = 0
    due = (
        Risk.objects.exclude(status=Risk.Status.CLOSED).filter(next_review_on__lt=today).select_related("owner", "plan")
    )
    for risk in due:
        if not risk.owner.email:
            continue
        email = Email(
            kind="plans.risk_review",
            recipient=risk.owner.email,
            language=getattr(risk.owner, "language", "") or "zh-hans",
            template="plans/email/risk_review",
            context={"risk": risk},
            period=risk.next_review_on.isoformat(),
            about=f"plans.risk:{risk.pk}",
        )
        sent += email_send_once(email)
    return sent


def review_period(kind: str, day: dt.date) -> dt.date:
    """The first day of the month, quarter or year a review of `kind` covers."""
    if kind == Review.Kind.YEAR:
        return dt.date(day.year, 1, 1)
    if kind == Review.Kind.QUARTER:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return dt.date(day.year, day.month, 1)


def review_end(review: Review) -> dt.date:
    months = {Review.Kind.MONTH: 1, Review.Kind.QUARTER: 3, Review.Kind.YEAR: 12}[review.kind]
    return Period.containing(review.period).next(months).first_day - dt.timedelta(days=1)


def review_as_of(review: Review, today: dt.date) -> dt.date:
    """The figures of a review are those of the day after its period ends (or today, when earlier)."""
    return min(today, review_end(review) + dt.timedelta(days=1))


@transaction.atomic
def review_create(*, plan: Plan, kind: str, period: dt.date, by) -> Review:
    review = Review(plan=plan, kind=kind, period=review_period(kind, period), created_by=by)
    review.full_clean(exclude=["plan"])
    if Review.objects.filter(plan=plan, kind=review.kind, period=review.period).exists():
        raise ValidationError({"period": _("This plan already has a review of that period.")})
    changed_by(review, by)
    review.save()
    return review


@transaction.atomic
def review_save(*, review: Review, went_well: str, problems: str, changes: str, by) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_closed:
        raise ValidationError(_("A closed review cannot be changed."))
    review.went_well, review.problems, review.changes = went_well, problems, changes
    changed_by(review, by)
    review.save()
    return review


@transaction.atomic
def review_close(*, review: Review, by, today: dt.date | None = None) -> Review:
    """Store the goals' figures as they are now; from here on the review shows only that snapshot."""
    review = Review.objects.select_for_update().select_related("plan").get(pk=review.pk)
    if review.is_closed:
        raise ValidationError(_("This review is already closed."))
    as_of = review_as_of(review, today or local_today())
    review.snapshot = {
        "as_of": as_of.isoformat(),
        "goals": [fig.as_snapshot() for fig in figures.goal_figures(review.plan, today=as_of, fresh=True)],
    }
    review.status, review.closed_at = Review.Status.CLOSED, timezone.now()
    changed_by(review, by, reason=_("Closed"))
    review.save()
    return review
