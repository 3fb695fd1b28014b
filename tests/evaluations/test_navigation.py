"""The portal home's latest scorecard, and applying the review's tier recommendations in one confirmed action."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from evaluations.models import PeriodEvaluation
from partners.models import Partner
from tests.common.factories import DirectorFactory, FinanceFactory
from tests.evaluations.factories import (
    EvaluationCycleFactory,
    PeriodEvaluationFactory,
    PeriodScorecardFactory,
    ScorecardFactory,
)
from tests.partners.factories import PartnerFactory, PartnerUserFactory, SalesRecordFactory, TierFactory


def test_portal_home_shows_the_latest_published_scorecard_with_a_link(db, client):
    partner = PartnerFactory()
    user = PartnerUserFactory(partner=partner)
    ScorecardFactory(partner=partner, cycle=EvaluationCycleFactory(period=dt.date(2026, 9, 1), status="published"))
    ScorecardFactory(
        partner=partner,
        grade="A",
        total=Decimal("91.50"),
        cycle=EvaluationCycleFactory(period=dt.date(2026, 10, 1), status="published"),
    )
    ScorecardFactory(partner=partner, cycle=EvaluationCycleFactory(period=dt.date(2026, 11, 1)))  # in review
    client.force_login(user)
    html = client.get(reverse("portal-home")).content.decode()
    assert reverse("evaluations_portal:scorecard", kwargs={"period": "2026-10"}) in html
    assert "91.50" in html
    assert ">A</span>" in html


def test_portal_home_shows_no_scorecard_before_any_cycle_is_published(db, client):
    partner = PartnerFactory()
    user = PartnerUserFactory(partner=partner)
    ScorecardFactory(partner=partner)  # the cycle is in review
    client.force_login(user)
    assert 'id="evaluations-portal-panel"' not in client.get(reverse("portal-home")).content.decode()


def _recommended_up():
    gold = TierFactory(name="Gold", rank=1, annual_sales_threshold=Decimal("500000"))
    silver = TierFactory(name="Silver", rank=2, annual_sales_threshold=Decimal("1000"))
    partner = PartnerFactory(tier=silver)
    SalesRecordFactory(partner=partner, amount=Decimal("600000"))
    steady = PartnerFactory(tier=silver)
    SalesRecordFactory(partner=steady, amount=Decimal("2000"))
    return partner, gold, silver


def test_applying_a_cycles_tier_recommendation_asks_first_then_moves_the_partner_with_history(db, client):
    partner, gold, silver = _recommended_up()
    EvaluationCycleFactory(period=dt.date(2026, 10, 1))
    client.force_login(DirectorFactory())
    url = reverse("evaluations:cycle-apply-tiers", kwargs={"period": "2026-10"})

    review = client.get(reverse("evaluations:cycle", kwargs={"period": "2026-10"})).content.decode()
    assert f'name="partner" value="{partner.pk}"' in review

    confirm = client.post(url, {"partner": [partner.pk]})
    assert confirm.status_code == 200
    assert 'name="confirm" value="yes"' in confirm.content.decode()
    partner.refresh_from_db()
    assert partner.tier == silver

    response = client.post(url, {"partner": [partner.pk], "confirm": "yes"})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.tier == gold
    change = partner.history.first()
    assert change.history_change_reason == "Tier recommendation of the October 2026 review"
    # Applied, it is no longer recommended.
    review = client.get(reverse("evaluations:cycle", kwargs={"period": "2026-10"})).content.decode()
    assert f'name="partner" value="{partner.pk}"' not in review


def test_only_recommended_partners_move(db, client):
    partner, _gold, silver = _recommended_up()
    steady = Partner.objects.exclude(pk=partner.pk).get()
    EvaluationCycleFactory(period=dt.date(2026, 10, 1))
    client.force_login(DirectorFactory())
    client.post(
        reverse("evaluations:cycle-apply-tiers", kwargs={"period": "2026-10"}),
        {"partner": [steady.pk], "confirm": "yes"},
    )
    steady.refresh_from_db()
    assert steady.tier == silver


def test_yearly_evaluation_tier_recommendation_can_be_applied(db, client):
    gold = TierFactory(name="Gold", rank=1, annual_sales_threshold=Decimal("500000"))
    partner = PartnerFactory(tier=TierFactory(name="Silver", rank=2, annual_sales_threshold=Decimal("1000")))
    evaluation = PeriodEvaluationFactory(length=PeriodEvaluation.Length.YEAR, period=dt.date(2025, 1, 1))
    PeriodScorecardFactory(evaluation=evaluation, partner=partner, sales=Decimal("700000"))
    client.force_login(DirectorFactory())
    client.post(
        reverse("evaluations:period-apply-tiers", kwargs={"label": evaluation.label}),
        {"partner": [partner.pk], "confirm": "yes"},
    )
    partner.refresh_from_db()
    assert partner.tier == gold


def test_finance_cannot_apply_tier_changes(db, client):
    partner, _gold, silver = _recommended_up()
    EvaluationCycleFactory(period=dt.date(2026, 10, 1))
    client.force_login(FinanceFactory())
    response = client.post(
        reverse("evaluations:cycle-apply-tiers", kwargs={"period": "2026-10"}),
        {"partner": [partner.pk], "confirm": "yes"},
    )
    assert response.status_code == 403
    partner.refresh_from_db()
    assert partner.tier == silver
