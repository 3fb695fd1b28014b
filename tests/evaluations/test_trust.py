"""Issue 19, items 1 to 3: what a partner is shown can be trusted.

An internal note never reaches the partner; an unfinished month is provisional and cannot be published;
a KPI nobody measured is listed before publishing and scores as its template says.
"""

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from common.periods import Period
from evaluations import scoring, selectors
from evaluations.emails import cycle_emails_send
from evaluations.models import EvaluationCycle, KPIKind, ManualKPIValue, Scorecard, ScorecardLine, TemplateAssignment
from evaluations.services import (
    CycleStateError,
    cycle_calculate,
    cycle_publish,
    manual_values_set,
    month_has_ended,
    scorecard_note_set,
)
from partners.models import ChannelType
from tests.access import PARTNER_A
from tests.access_world import ROWS, build_world
from tests.common.factories import DirectorFactory, ManagerFactory
from tests.evaluations.factories import ManualKPIValueFactory, ScorecardTemplateFactory, TargetFactory
from tests.partners.factories import ContactFactory, PartnerFactory, PartnerUserFactory, SalesRecordFactory

OCT = Period.month(2026, 10)
NOV = Period.month(2026, 11)
SHANGHAI = ZoneInfo("Asia/Shanghai")
SECRET = "10月直播场次减少，已约谈 INTERNAL-ONLY-7f3a"  # noqa: RUF001
MESSAGE = "感谢十月的努力，请关注新客户开发。"  # noqa: RUF001


# 1. An internal note never reaches the partner -----------------------------------------------------------


def test_internal_note_is_absent_from_every_portal_page_and_email_of_the_partner(db, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = build_world()
    card = world.evaluations_scorecard_a
    Scorecard.objects.filter(pk=card.pk).update(note=SECRET, partner_message=MESSAGE)
    client.force_login(world.users[PARTNER_A])
    checked = 0
    for row in ROWS:
        if row.method != "get" or row.expect[PARTNER_A] != 200:
            continue
        url = reverse(row.name, kwargs=row.kwargs(world)) + (f"?{row.query}" if row.query else "")
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET.encode() not in body, url
        assert b"INTERNAL-ONLY" not in body, url
        checked += 1
    assert checked >= 10  # every portal page, download and export partner A can open

    page = client.get(reverse("evaluations_portal:scorecard", kwargs={"period": "2026-10"}))
    assert MESSAGE in page.content.decode()

    assert cycle_emails_send(cycle_id=card.cycle_id) >= 1
    to_partner = [m for m in mail.outbox if world.contact_a.email in m.to]
    assert to_partner
    for message in to_partner:
        raw = message.message().as_bytes()
        assert b"INTERNAL-ONLY" not in raw
        assert MESSAGE in message.body


def test_scorecard_form_labels_who_reads_each_text_and_previews_the_message(client, simple_cycle):
    manager = ManagerFactory()
    card = simple_cycle.scorecards.get()
    client.force_login(manager)
    client.post(
        reverse("evaluations:scorecard-note", kwargs={"pk": card.pk}), {"note": SECRET, "partner_message": MESSAGE}
    )
    card.refresh_from_db()
    assert (card.note, card.partner_message) == (SECRET, MESSAGE)
    body = client.get(reverse("evaluations:scorecard", kwargs={"pk": card.pk})).content.decode()
    assert "Internal note (staff only)" in body and "Message to the partner" in body
    preview = body[body.index('id="partner-message-preview"') : body.index('<h2 class="h5 mt-4">')]
    assert "Message from your channel manager" in preview and MESSAGE in preview and SECRET not in preview


def test_a_recalculation_keeps_the_note_and_the_message(simple_cycle):
    card = simple_cycle.scorecards.get()
    scorecard_note_set(scorecard=card, note=SECRET, partner_message=MESSAGE, by=DirectorFactory())
    cycle_calculate(period=OCT)
    card.refresh_from_db()
    assert (card.note, card.partner_message) == (SECRET, MESSAGE)


# 2. An unfinished month is provisional and cannot be published -------------------------------------------


@pytest.mark.parametrize(
    ("local", "ended"),
    [
        (dt.datetime(2026, 11, 28, 10, 0), False),
        (dt.datetime(2026, 11, 30, 23, 59, 59), False),
        (dt.datetime(2026, 12, 1, 0, 0), True),
        (dt.datetime(2026, 12, 15, 9, 0), True),
    ],
)
def test_month_has_ended_in_shanghai(local, ended):
    now = local.replace(tzinfo=SHANGHAI).astimezone(dt.UTC)
    assert month_has_ended(NOV, now=now) is ended


@pytest.fixture
def simple_cycle(db):
    partner = PartnerFactory()
    ContactFactory(partner=partner)
    SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 3), amount=D("800"))
    TargetFactory(partner=partner, period=OCT.first_day, amount=D("1000"))
    return cycle_calculate(period=OCT)


def _november_card():
    partner = PartnerFactory()
    SalesRecordFactory(partner=partner, date=dt.date(2026, 11, 3), amount=D("800"))
    TargetFactory(partner=partner, period=NOV.first_day, amount=D("1000"))
    return partner


def test_unfinished_month_is_provisional_and_publishing_is_refused_until_it_ends(
    db, django_capture_on_commit_callbacks
):
    _november_card()
    before_midnight = dt.datetime(2026, 11, 30, 23, 59, tzinfo=SHANGHAI)
    midnight = dt.datetime(2026, 12, 1, 0, 0, tzinfo=SHANGHAI)
    # on the last day, at 23:59 in Shanghai: provisional, auto-publish ignored, publishing refused
    cycle = cycle_calculate(period=NOV, publish=True, now=before_midnight)
    assert cycle.provisional and cycle.status == EvaluationCycle.Status.REVIEW
    with pytest.raises(CycleStateError) as refused:
        cycle_publish(cycle=cycle, now=before_midnight)
    assert "has not ended" in refused.value.messages[0]
    # at 00:00 the month has ended, but the provisional figures must be recalculated first
    with pytest.raises(CycleStateError) as refused:
        cycle_publish(cycle=cycle, now=midnight)
    assert "recalculate" in refused.value.messages[0]
    cycle = cycle_calculate(period=NOV, now=midnight)
    assert not cycle.provisional
    with django_capture_on_commit_callbacks(execute=False):
        assert cycle_publish(cycle=cycle, now=midnight).is_published


def test_cycle_page_marks_a_provisional_cycle_and_offers_no_publish(client, db):
    _november_card()
    cycle_calculate(period=NOV, now=dt.datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI))
    client.force_login(DirectorFactory())
    body = client.get(reverse("evaluations:cycle", kwargs={"period": "2026-11"})).content.decode()
    assert 'id="cycle-provisional"' in body and 'id="provisional-warning"' in body
    assert 'id="publish-button"' not in body
    client.post(reverse("evaluations:cycle-publish", kwargs={"period": "2026-11"}))
    assert EvaluationCycle.objects.get(period=NOV.first_day).status == EvaluationCycle.Status.REVIEW


def test_dashboard_never_shows_a_provisional_months_grades(client, simple_cycle):
    _november_card()
    cycle_calculate(period=NOV, now=dt.datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI))
    from evaluations.selectors import dashboard

    panel = dashboard(user=DirectorFactory(), today=dt.date(2026, 11, 28))
    assert panel.period == OCT and panel.cycle.period == OCT.first_day


# 3. Unmeasured KPIs: listed, scored as the template says, manual values locked -------------------------


def _rules(when):
    return [
        scoring.KPIRule(scoring.SALES_ATTAINMENT, D("60")),
        scoring.KPIRule(scoring.NEW_CUSTOMERS, D("35"), full_at=D("10")),
        scoring.KPIRule(scoring.MANUAL, D("5"), when_unmeasured=when),
    ]


def test_unmeasured_manual_kpi_scores_zero_by_hand():
    facts = scoring.PartnerFacts(sales=D("800"), target=D("1000"), new_customers=5)
    card = scoring.score_card(rules=_rules(scoring.ZERO_WHEN_UNMEASURED), facts=facts)
    # 80 points x 60% = 48.00; 50 points x 35% = 17.50; not measured: 0 x 5% = 0
    assert [line.contribution for line in card.lines] == [D("48.00"), D("17.50"), D("0.00")]
    assert card.total == D("65.50")
    assert not any(line.left_out for line in card.lines)


def test_unmeasured_manual_kpi_left_out_scales_the_other_weights_to_100_by_hand():
    facts = scoring.PartnerFacts(sales=D("800"), target=D("1000"), new_customers=5)
    card = scoring.score_card(rules=_rules(scoring.LEAVE_OUT), facts=facts)
    # counted weights 60 + 35 = 95: 80 x 60/95 = 50.526… → 50.53; 50 x 35/95 = 18.421… → 18.42
    assert [line.contribution for line in card.lines] == [D("50.53"), D("18.42"), D("0")]
    assert card.total == D("68.95")
    assert [line.left_out for line in card.lines] == [False, False, True]
    assert scoring.scaled_weight(D("60"), D("95")) == D("63.16")
    # measured, the rule changes nothing
    full = scoring.PartnerFacts(sales=D("800"), target=D("1000"), new_customers=5, manual=D("100"))
    measured = scoring.score_card(rules=_rules(scoring.LEAVE_OUT), facts=full)
    assert measured.total == D("70.50") and all(line.weight_base == 100 for line in measured.lines)


@pytest.fixture
def manual_template(db):
    template = ScorecardTemplateFactory(
        kpis=[
            {"kind": KPIKind.SALES_ATTAINMENT, "weight": D("95")},
            {"kind": KPIKind.MANUAL, "weight": D("5"), "when_unmeasured": "leave_out"},
        ]
    )
    TemplateAssignment.objects.create(channel_type=ChannelType.DISTRIBUTOR, template=template)
    return template


def test_review_page_lists_unmeasured_cards_and_the_card_explains_the_scaling(client, manual_template):
    measured = PartnerFactory(name="有评分伙伴")
    missing = PartnerFactory(name="缺评分伙伴")
    for partner in (measured, missing):
        SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 3), amount=D("800"))
        TargetFactory(partner=partner, period=OCT.first_day, amount=D("1000"))
    ManualKPIValueFactory(partner=measured, period=OCT.first_day, value=D("60"))
    cycle = cycle_calculate(period=OCT)
    card = Scorecard.objects.get(cycle=cycle, partner=missing)
    assert card.total == D("80.00")  # 80 points at 95 of 95 counted: the partner loses nothing
    assert Scorecard.objects.get(cycle=cycle, partner=measured).total == D("79.00")  # 76 + 3
    client.force_login(DirectorFactory())
    body = client.get(reverse("evaluations:cycle", kwargs={"period": "2026-10"})).content.decode()
    section = body[body.index('id="unmeasured"') : body.index('id="grade-distribution"')]
    assert missing.name in section and measured.name not in section
    detail = client.get(reverse("evaluations:scorecard", kwargs={"pk": card.pk})).content.decode()
    assert "Not measured and left out of the total" in detail
    assert "scaled to 100% because only 95% of the weights were measured" in detail
    line = ScorecardLine.objects.get(scorecard=card, kind=KPIKind.SALES_ATTAINMENT)
    assert line.weight_base == D("95")


def test_the_review_page_lists_the_first_unmeasured_cards_by_code_and_says_how_many_there_are(
    client, manual_template, monkeypatch
):
    # Nobody has a manual value: every card is unmeasured on it (at 10,000 partners, 8,000 cards).
    for code in ["P-C", "P-A", "P-D", "P-B"]:
        partner = PartnerFactory(code=code, name=f"伙伴{code}")
        SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 3), amount=D("800"))
        TargetFactory(partner=partner, period=OCT.first_day, amount=D("1000"))
    cycle = cycle_calculate(period=OCT)
    monkeypatch.setattr(selectors, "REVIEW_SHOWN", 2)

    cards, count = selectors.unmeasured_cards(cycle=cycle, shown=2)

    assert [card.scorecard.partner.code for card in cards] == ["P-A", "P-B"]
    assert count == 4
    assert [line.kind for line in cards[0].lines] == [KPIKind.MANUAL]
    client.force_login(DirectorFactory())
    body = client.get(reverse("evaluations:cycle", kwargs={"period": "2026-10"})).content.decode()
    assert "The first 2 of 4 scorecards, by partner code." in body


def test_manual_values_lock_once_the_cycle_is_published(client, simple_cycle, django_capture_on_commit_callbacks):
    director = DirectorFactory()
    partner = simple_cycle.scorecards.get().partner
    with django_capture_on_commit_callbacks(execute=False):
        cycle_publish(cycle=simple_cycle, by=director)
    with pytest.raises(CycleStateError):
        manual_values_set(period=OCT, values={partner.pk: D("70")}, by=director)
    client.force_login(director)
    url = reverse("evaluations:manual-values", kwargs={"period": "2026-10"})
    page = client.get(url).content.decode()
    assert 'id="manual-locked"' in page and '<th scope="col">Partner</th>' in page
    assert f'name="m-{partner.pk}"' in page and "disabled" in page
    client.post(url, {f"m-{partner.pk}": "70"})
    assert not ManualKPIValue.objects.filter(partner=partner).exists()


def test_partner_never_sees_a_provisional_scorecard(client, db):
    partner = _november_card()
    cycle_calculate(period=NOV, now=dt.datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI))
    client.force_login(PartnerUserFactory(partner=partner))
    assert client.get(reverse("evaluations_portal:scorecard", kwargs={"period": "2026-11"})).status_code == 404
