"""What evaluation rows a user may see. Every view, template tag and export asks here: internal users with
the permission see every cycle and scorecard; a partner user only its own partner's scorecards, and only
once their cycle is published (a cycle in review may still change)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from common.access import scope_to_partner
from common.periods import Period
from evaluations.models import EvaluationCycle, PeriodEvaluation, Scorecard
from evaluations.rollup import parse_label

VIEW_SCORECARD = "evaluations.view_scorecard"


def cycles_for(*, user) -> QuerySet[EvaluationCycle]:
    if not user.has_perm("evaluations.view_evaluationcycle"):
        return EvaluationCycle.objects.none()
    return EvaluationCycle.objects.all()


def cycle_by_period(*, user, period: Period) -> EvaluationCycle:
    try:
        return cycles_for(user=user).get(period=period.first_day)
    except EvaluationCycle.DoesNotExist as exc:
        raise Http404 from exc


def published_scorecards() -> QuerySet[Scorecard]:
    """The scorecards a partner may ever read: those of published cycles (the rule is written once, here)."""
    return Scorecard.objects.filter(cycle__status=EvaluationCycle.Status.PUBLISHED)


def scorecards_for(*, user) -> QuerySet[Scorecard]:
    """Internal users with the permission see every scorecard; a partner user only its own published ones."""
    queryset = Scorecard.objects.all() if user.has_perm(VIEW_SCORECARD) else published_scorecards()
    return scope_to_partner(queryset.select_related("cycle", "partner"), user, perm=VIEW_SCORECARD)


def period_evaluations_for(*, user) -> QuerySet[PeriodEvaluation]:
    """Quarterly and yearly evaluations: read by whoever reads the monthly cycles."""
    if not user.has_perm("evaluations.view_evaluationcycle"):
        return PeriodEvaluation.objects.none()
    return PeriodEvaluation.objects.all()


def period_evaluation_by_label(*, user, label: str) -> PeriodEvaluation:
    """The evaluation whose key is `label` (2026-Q4, 2026), or 404."""
    try:
        length, year, month = parse_label(label)
    except ValueError as exc:
        raise Http404 from exc
    evaluation = period_evaluations_for(user=user).filter(length=length, period=dt.date(year, month, 1)).first()
    if evaluation is None:
        raise Http404
    return evaluation
