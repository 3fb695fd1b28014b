"""The cycle's input digest: a rerun skips the cards whose inputs are unchanged, and picks up every change."""

import dataclasses
import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.periods import Period
from evaluations import card_writes, scoring
from evaluations.measurements import TemplateRules
from evaluations.models import KPI, GradeBand, KPIKind, ManualKPIValue, Scorecard, ScorecardLine, Target
from evaluations.services import _digest, _template_key, cycle_calculate
from partners.models import ChannelType, ComplianceIncident, Partner
from tests.channelrules.factories import InventoryReportFactory
from tests.evaluations.factories import ManualKPIValueFactory, TargetFactory
from tests.partners.factories import ComplianceIncidentFactory, ContactFactory, PartnerFactory, RegionFactory
from tests.partners.factories import SalesRecordFactory as Sale
from tests.training.factories import CertificationFactory, CourseFactory

OCT = Period.month(2026, 10)


def test_every_measured_input_changes_the_digest():
    facts = scoring.PartnerFacts(**{field.name: D("1") for field in dataclasses.fields(scoring.PartnerFacts)})
    rules = TemplateRules(1, (scoring.KPIRule(KPIKind.SALES_ATTAINMENT, D("100")),), {"A": D("90"), "D": D("0")})
    key = _template_key(rules)
    digest = _digest(key, "distributor", facts)
    for field in dataclasses.fields(scoring.PartnerFacts):
        for other in (D("2"), None):
            assert _digest(key, "distributor", dataclasses.replace(facts, **{field.name: other})) != digest, field.name
    assert _digest(key, "retailer", facts) != digest


def test_every_rule_of_the_template_changes_the_digest():
    rule = scoring.KPIRule(KPIKind.SALES_ATTAINMENT, D("100"), label="Sales")
    rules = TemplateRules(1, (rule,), {"A": D("90"), "D": D("0")})
    key = _template_key(rules)
    changed = [
        dataclasses.replace(rules, id=2),
        dataclasses.replace(rules, bands={"A": D("85"), "D": D("0")}),
        dataclasses.replace(rules, rules=(rule, scoring.KPIRule(KPIKind.MANUAL, D("0")))),
    ]
    other = {"kind": KPIKind.MANUAL, "weight": D("90"), "label": "x", "when_unmeasured": scoring.LEAVE_OUT}
    other |= {"zero_at": D("1"), "full_at": D("99"), "ceiling": D("120")}
    for field in dataclasses.fields(scoring.KPIRule):
        changed.append(
            dataclasses.replace(rules, rules=(dataclasses.replace(rule, **{field.name: other[field.name]}),))
        )
    assert len({_template_key(template) for template in changed} | {key}) == len(changed) + 1


@pytest.fixture
def world(db, default_template):
    """Two distributors and a retailer of one region, scored by the default template (every basic KPI)."""
    region = RegionFactory()
    course = CourseFactory(required_channel_types=[ChannelType.DISTRIBUTOR])
    a, b = (PartnerFactory(region=region, channel_type=ChannelType.DISTRIBUTOR, manager=None) for _ in range(2))
    retailer = PartnerFactory(region=region, channel_type=ChannelType.RETAILER, manager=None)
    bystander = PartnerFactory(region=region, status=Partner.Status.SUSPENDED, manager=None)
    for partner, amount in ((a, "1000"), (b, "1500"), (retailer, "700")):
        Sale(partner=partner, date=dt.date(2026, 10, 5), amount=D(amount), new_customers=1)
        Sale(partner=partner, date=dt.date(2025, 10, 5), amount=D("800"))
        TargetFactory(partner=partner, period=OCT.first_day, amount=D("2000"))
        ManualKPIValueFactory(partner=partner, period=OCT.first_day, value=D("70"))
    ComplianceIncidentFactory(partner=b, occurred_on=dt.date(2026, 10, 9), reported_by=None)
    return {"a": a, "b": b, "course": course, "bystander": bystander, "template": default_template}


def _kpi(world, kind):
    return KPI.objects.get(template=world["template"], kind=kind)


def _reweigh(world):
    first, second = _kpi(world, KPIKind.SALES_ATTAINMENT), _kpi(world, KPIKind.MANUAL)
    KPI.objects.filter(pk=first.pk).update(weight=first.weight - 5)
    KPI.objects.filter(pk=second.pk).update(weight=second.weight + 5)


CHANGES = {
    "sale": lambda w: Sale(partner=w["a"], date=dt.date(2026, 10, 20), amount=D("500")),
    "sale a year ago": lambda w: Sale(partner=w["a"], date=dt.date(2025, 10, 20), amount=D("300")),
    "new customers": lambda w: Sale(partner=w["a"], date=dt.date(2026, 10, 21), amount=D("0.01"), new_customers=4),
    "region's sales": lambda w: Sale(partner=w["bystander"], date=dt.date(2026, 10, 22), amount=D("9000")),
    "target": lambda w: Target.objects.filter(partner=w["a"]).update(amount=D("1000")),
    "manual value": lambda w: ManualKPIValue.objects.filter(partner=w["a"]).update(value=D("95")),
    "incident": lambda w: ComplianceIncidentFactory(partner=w["a"], occurred_on=dt.date(2026, 10, 9), reported_by=None),
    "incident dismissed": lambda w: ComplianceIncident.objects.filter(partner=w["b"]).update(
        status=ComplianceIncident.Status.DISMISSED
    ),
    "training": lambda w: CertificationFactory(contact=ContactFactory(partner=w["a"]), course=w["course"]),
    "template weights": _reweigh,
    "KPI anchor": lambda w: KPI.objects.filter(pk=_kpi(w, KPIKind.NEW_CUSTOMERS).pk).update(full_at=D("2")),
    "grade band": lambda w: GradeBand.objects.filter(template=w["template"]).update(min_total=D("0")),
    "channel type": lambda w: Partner.objects.filter(pk=w["b"].pk).update(channel_type=ChannelType.RETAILER),
}


def _state() -> dict[int, tuple]:
    """partner → its card's figures and its lines, as stored."""
    cards = Scorecard.objects.filter(cycle__period=OCT.first_day)
    lines = {}
    for partner_id, *line in (
        ScorecardLine.objects.filter(scorecard__cycle__period=OCT.first_day)
        .order_by("kind")
        .values_list("scorecard__partner_id", "kind", *card_writes.LINE_FIELDS)
    ):
        lines.setdefault(partner_id, []).append(tuple(line))
    return {
        partner_id: (tuple(card), tuple(lines[partner_id]))
        for partner_id, *card in cards.values_list("partner_id", *card_writes.CARD_FIELDS)
    }


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_rerun_picks_up_each_kind_of_input_and_history_records_each_changed_card(world, change):
    # given a calculated month
    cycle_calculate(period=OCT)
    before = _state()
    history = Scorecard.history.count()

    # when one input changes and the cycle runs again
    CHANGES[change](world)
    cycle_calculate(period=OCT)
    after, written = _state(), Scorecard.history.count() - history

    # then each card that changed (and no other) has one more history row
    changed = [partner_id for partner_id in after if after[partner_id] != before.get(partner_id)]
    assert changed, "the change moves some card"
    assert written == len(changed)
    # and the cards are what a calculation from scratch gives
    Scorecard.objects.all().delete()
    cycle_calculate(period=OCT)
    assert after == _state()


def test_inputs_the_card_does_not_show_update_the_digest_alone(world):
    cycle_calculate(period=OCT)
    digests, history = dict(Scorecard.objects.values_list("partner_id", "inputs_digest")), Scorecard.history.count()

    # an inventory report on time is measured, but the default template does not score it
    InventoryReportFactory(partner=world["a"], period=OCT.first_day, late=False)
    cycle_calculate(period=OCT)

    new = dict(Scorecard.objects.values_list("partner_id", "inputs_digest"))
    assert [pk for pk in new if new[pk] != digests[pk]] == [world["a"].pk]
    assert Scorecard.history.count() == history
    with CaptureQueriesContext(connection) as rerun:
        cycle_calculate(period=OCT)
    assert not [q for q in rerun.captured_queries if "evaluations_scorecard" in q["sql"] and "UPDATE" in q["sql"]]
