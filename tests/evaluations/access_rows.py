import datetime as dt

from tests.access import DIRECTOR, FINANCE, MANAGER, internal, portal
from tests.evaluations.factories import (
    EvaluationCycleFactory,
    PeriodEvaluationFactory,
    PeriodScorecardFactory,
    ScorecardFactory,
    ScorecardTemplateFactory,
)

READERS = (DIRECTOR, MANAGER, FINANCE)
OWNERS = (DIRECTOR, MANAGER)


def populate(world):
    """A published October cycle with partner A's scorecard (partner B has none), and a template."""
    cycle = EvaluationCycleFactory(period=dt.date(2026, 10, 1), status="published")
    world.evaluations_period = "2026-10"
    world.evaluations_scorecard_a = ScorecardFactory(cycle=cycle, partner=world.partner_a)
    world.evaluations_template = ScorecardTemplateFactory()
    quarter = PeriodEvaluationFactory(status="published")
    world.evaluations_quarter = quarter.label
    world.evaluations_quarter_card_a = PeriodScorecardFactory(evaluation=quarter, partner=world.partner_a)


def _label(w):
    return {"label": w.evaluations_quarter}


def _period(w):
    return {"period": w.evaluations_period}


ROWS = [
    internal("evaluations:cycle-list", roles=READERS),
    internal("evaluations:cycle-run", roles=OWNERS, method="post", data=lambda w: {"period": "2026-09"}, ok=302),
    internal("evaluations:cycle", roles=READERS, kwargs=_period),
    internal("evaluations:cycle-progress", roles=READERS, kwargs=_period),
    internal("evaluations:cycle-publish", roles=OWNERS, kwargs=_period),  # the confirmation page
    internal("evaluations:cycle-publish", roles=OWNERS, kwargs=_period, method="post", ok=302),
    internal("evaluations:cycle-apply-tiers", roles=OWNERS, kwargs=_period, method="post", ok=302),
    internal(
        "evaluations:cycle-reopen",
        roles=(DIRECTOR,),
        kwargs=_period,
        method="post",
        data=lambda w: {"reason": "Late sales"},
        ok=302,
    ),
    internal("evaluations:manual-values", roles=OWNERS, kwargs=_period),
    internal("evaluations:scorecard", roles=READERS, kwargs=lambda w: {"pk": w.evaluations_scorecard_a.pk}),
    internal(
        "evaluations:scorecard-note",
        roles=OWNERS,
        kwargs=lambda w: {"pk": w.evaluations_scorecard_a.pk},
        method="post",
        data=lambda w: {"note": "ok"},
        ok=302,
    ),
    internal("evaluations:target-grid", roles=READERS),
    internal("evaluations:target-import", roles=OWNERS),
    internal("evaluations:partner-targets", roles=READERS, kwargs=lambda w: {"pk": w.partner_a.pk}),
    internal("evaluations:template-list", roles=OWNERS),
    internal("evaluations:template-create", roles=OWNERS),
    internal("evaluations:template-edit", roles=OWNERS, kwargs=lambda w: {"pk": w.evaluations_template.pk}),
    internal("evaluations:period-list", roles=READERS),
    internal(
        "evaluations:period-run",
        roles=OWNERS,
        method="post",
        data=lambda w: {"length": "quarter", "period": "2026-07"},
        ok=302,
    ),
    internal("evaluations:period", roles=READERS, kwargs=_label),
    internal("evaluations:period-progress", roles=READERS, kwargs=_label),
    internal("evaluations:period-publish", roles=OWNERS, kwargs=_label),  # the confirmation page
    internal("evaluations:period-publish", roles=OWNERS, kwargs=_label, method="post", ok=302),
    internal("evaluations:period-apply-tiers", roles=OWNERS, kwargs=_label, method="post", ok=302),
    internal(
        "evaluations:period-reopen",
        roles=(DIRECTOR,),
        kwargs=_label,
        method="post",
        data=lambda w: {"reason": "Late sales"},
        ok=302,
    ),
    portal("evaluations_portal:period-scorecard-list"),
    portal("evaluations_portal:period-scorecard", kwargs=_label),
    portal("evaluations_portal:scorecard-list"),
    portal("evaluations_portal:scorecard", kwargs=_period),
]
