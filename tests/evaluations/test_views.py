"""The pages, through the test client: behaviour a manager and a partner user can see."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.periods import Period
from evaluations.models import (
    KPI,
    EvaluationCycle,
    KPIKind,
    ManualKPIValue,
    Scorecard,
    ScorecardTemplate,
    Target,
    TemplateAssignment,
)
from evaluations.services import cycle_calculate
from partners.models import ChannelType
from tests.common.factories import DirectorFactory, FinanceFactory, ManagerFactory
from tests.evaluations.factories import EvaluationCycleFactory, ScorecardFactory, TargetFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory, SalesRecordFactory, TierFactory

OCT = Period.month(2026, 10)


@pytest.fixture
def manager(db):
    return ManagerFactory()


def test_manager_publishes_a_cycle_and_the_portal_shows_it(client, manager, django_capture_on_commit_callbacks):
    partner = PartnerFactory()
    SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 3), amount=D("800"))
    TargetFactory(partner=partner, period=OCT.first_day, amount=D("1000"))
    cycle_calculate(period=OCT)
    user = PartnerUserFactory(partner=partner)

    client.force_login(user)
    assert client.get(reverse("evaluations_portal:scorecard", kwargs={"period": "2026-10"})).status_code == 404

    client.force_login(manager)
    page = client.get(reverse("evaluations:cycle", kwargs={"period": "2026-10"}))
    assert page.status_code == 200 and partner.name in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluations:cycle-publish", kwargs={"period": "2026-10"}))
    assert EvaluationCycle.objects.get().status == EvaluationCycle.Status.PUBLISHED

    client.force_login(user)
    page = client.get(reverse("evaluations_portal:scorecard", kwargs={"period": "2026-10"}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Sales of CNY 800.00 against a target of CNY 1,000.00: 80.00% attained." in body
    assert page.context["chart"]["sales"][-1] == 800.0 and page.context["chart"]["targets"][-1] == 1000.0
    assert "chart.umd.min.js" in body
    listing = client.get(reverse("evaluations_portal:scorecard-list")).content.decode()
    assert "2026-10" in listing


def test_portal_never_shows_another_partners_scorecard(client, db):
    mine, theirs = PartnerFactory(), PartnerFactory()
    cycle = EvaluationCycleFactory(status=EvaluationCycle.Status.PUBLISHED)
    ScorecardFactory(cycle=cycle, partner=theirs)
    client.force_login(PartnerUserFactory(partner=mine))
    assert client.get(reverse("evaluations_portal:scorecard", kwargs={"period": "2026-10"})).status_code == 404
    assert "2026-10" not in client.get(reverse("evaluations_portal:scorecard-list")).content.decode()


def test_run_button_calculates_and_note_is_saved_with_history(client, manager, django_capture_on_commit_callbacks):
    partner = PartnerFactory()
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluations:cycle-run"), {"period": "2026-10"})
    assert response.status_code == 302
    card = Scorecard.objects.get(partner=partner)
    client.post(reverse("evaluations:scorecard-note", kwargs={"pk": card.pk}), {"note": "Visit next week"})
    card.refresh_from_db()
    assert card.note == "Visit next week"
    assert card.history.first().history_user == manager
    assert "Visit next week" in client.get(reverse("evaluations:scorecard", kwargs={"pk": card.pk})).content.decode()


def test_review_shows_movers_d_twice_and_tier_recommendations(client, manager):
    gold = TierFactory(name="Gold", rank=1, annual_sales_threshold=D("1000"))
    TierFactory(name="Silver", rank=2, annual_sales_threshold=D("0"))
    sep, oct_ = (EvaluationCycleFactory(period=p) for p in (dt.date(2026, 9, 1), dt.date(2026, 10, 1)))
    falling, rising = PartnerFactory(name="Falling Co"), PartnerFactory(name="Rising Co")
    ScorecardFactory(cycle=sep, partner=falling, total=D("50"), grade="D")
    ScorecardFactory(cycle=oct_, partner=falling, total=D("40"), grade="D")
    ScorecardFactory(cycle=sep, partner=rising, total=D("60"), grade="C")
    ScorecardFactory(cycle=oct_, partner=rising, total=D("95"), grade="A")
    SalesRecordFactory(partner=rising, date=dt.date(2026, 5, 1), amount=D("5000"))

    client.force_login(manager)
    response = client.get(reverse("evaluations:cycle", kwargs={"period": "2026-10"}))
    review = response.context["review"]
    assert [c.partner for c in review.movers_up] == [rising]
    assert [c.partner for c in review.movers_down] == [falling]
    assert [c.partner for c in review.d_twice] == [falling]
    assert dict(review.distribution) == {"A": 1, "B": 0, "C": 0, "D": 1}
    recs = {r.partner: (r.direction, r.tier) for r in review.recommendations}
    assert recs[rising] == ("up", gold)


def _review_queries(client, n):
    cycle = EvaluationCycleFactory(period=dt.date(2026, 10, 1))
    for _ in range(n):
        ScorecardFactory(cycle=cycle)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("evaluations:cycle", kwargs={"period": "2026-10"})).status_code == 200
    return len(ctx.captured_queries)


def test_review_page_query_count_does_not_grow(client, manager):
    client.force_login(manager)
    small = _review_queries(client, 2)
    assert _review_queries(client, 12) == small


def test_the_review_pages_count_of_cards_is_taken_once_per_calculation(client, manager):
    for code in ("P1", "P2", "P3"):
        SalesRecordFactory(partner=PartnerFactory(code=code), date=dt.date(2026, 10, 3), amount=D("800"))
    cycle_calculate(period=OCT)
    client.force_login(manager)
    url = reverse("evaluations:cycle", kwargs={"period": "2026-10"})

    def counted(query=""):
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url + query).context["page_obj"]
        sql = [q["sql"] for q in ctx.captured_queries]
        reads = [q for q in sql if q.startswith("SELECT COUNT(*)") and "scorecard" in q and "scorecardline" not in q]
        return page.paginator.count, len(reads)

    assert counted() == (3, 1)
    assert counted() == (3, 0)  # kept until the cycle is calculated again
    assert counted("?partner=P2") == (1, 1)  # each filter is counted on its own
    SalesRecordFactory(partner=PartnerFactory(code="P4"), date=dt.date(2026, 10, 4), amount=D("10"))
    cycle_calculate(period=OCT)
    assert counted() == (4, 1)


def test_the_review_pages_rows_are_kept_until_a_card_its_partner_or_a_calculation_is_written(client, manager):
    partners = [PartnerFactory(code=code, name=f"Partner {code}") for code in ("P1", "P2")]
    for partner in partners:
        SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 3), amount=D("800"))
    cycle_calculate(period=OCT)
    client.force_login(manager)
    url = reverse("evaluations:cycle", kwargs={"period": "2026-10"})

    def table():
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        card_reads = [q for q in ctx.captured_queries if '"previous_total"' in q["sql"]]  # selectors.with_previous
        return html.split('id="scorecards"')[1].split("</table>")[0], len(card_reads)

    rows, reads = table()
    assert "Partner P1" in rows and reads == 1
    assert table() == (rows, 0)  # kept

    card = Scorecard.objects.get(partner=partners[0])
    client.post(reverse("evaluations:scorecard-note", kwargs={"pk": card.pk}), {"note": "Visit next week"})
    assert "Visit next week" in table()[0]
    partner = partners[1]
    partner.name = "Renamed Co"
    partner.save()
    assert "Renamed Co" in table()[0]
    SalesRecordFactory(partner=PartnerFactory(code="P3", name="Newcomer"), date=dt.date(2026, 10, 4), amount=D("9"))
    cycle_calculate(period=OCT)
    assert "Newcomer" in table()[0]


def test_target_grid_saves_all_or_nothing(client, manager):
    a, b = PartnerFactory(name="A"), PartnerFactory(name="B")
    client.force_login(manager)
    url = reverse("evaluations:target-grid") + "?year=2027"
    page = client.get(url)
    assert f"t-{a.pk}-1" in page.content.decode()
    bad = client.post(url, {f"t-{a.pk}-1": "1,000", f"t-{b.pk}-2": "abc"})
    assert bad.status_code == 200 and "Nothing was saved" in bad.content.decode()
    assert not Target.objects.exists()
    client.post(url, {f"t-{a.pk}-1": "1,000", f"t-{b.pk}-2": "250.5", f"t-{b.pk}-3": ""})
    assert dict(Target.objects.values_list("partner_id", "amount")) == {a.pk: D("1000"), b.pk: D("250.5")}
    client.post(url, {f"t-{a.pk}-1": ""})  # clearing a cell removes the target
    assert list(Target.objects.values_list("partner_id", flat=True)) == [b.pk]


def test_target_import_reports_row_errors_and_writes_nothing(client, manager):
    PartnerFactory(code="P1")
    client.force_login(manager)
    url = reverse("evaluations:target-import")
    bad = b"partner_code,period,amount\nP1,2027-01,100\nNOPE,2027-02,1\nP1,2027-13,5\nP1,2027-03,-4\nP1,2027-01,7\n"
    response = client.post(url, {"file": SimpleUploadedFile("t.csv", bad), "method": "even"})
    errors = [(e.row, e.message) for e in response.context["row_errors"]]
    assert [row for row, _m in errors] == [3, 4, 5, 6]
    assert "Unknown partner code" in errors[0][1] and "row 2" in errors[3][1]
    assert not Target.objects.exists()
    good = "\ufeffpartner_code,period,amount\nP1,2027,1200\nP1,2028-02,5\n".encode()
    response = client.post(url, {"file": SimpleUploadedFile("t.csv", good), "method": "even"})
    assert response.status_code == 302
    assert Target.objects.filter(period__year=2027).count() == 12
    assert Target.objects.get(period=dt.date(2027, 6, 1)).amount == D("100")
    assert Target.objects.get(period=dt.date(2028, 2, 1)).amount == D("5")


def test_yearly_target_split_by_last_years_shape_keeps_history(client, manager):
    partner = PartnerFactory()
    SalesRecordFactory(partner=partner, date=dt.date(2026, 1, 5), amount=D("100"))
    SalesRecordFactory(partner=partner, date=dt.date(2026, 12, 5), amount=D("300"))
    client.force_login(manager)
    url = reverse("evaluations:partner-targets", kwargs={"pk": partner.pk})
    client.post(url, {"year": 2027, "amount": "4000", "method": "last_year"})
    months = dict(Target.objects.filter(partner=partner).values_list("period", "amount"))
    assert months[dt.date(2027, 1, 1)] == D("1000") and months[dt.date(2027, 12, 1)] == D("3000")
    assert months[dt.date(2027, 6, 1)] == D("0")
    page = client.get(url + "?year=2027")
    assert page.context["year_total"] == D("4000")
    assert len(page.context["history"]) == 12


def _template_post(weights, channel_types=("retailer",)):
    data = {
        "name": "Retail",
        "description": "",
        "channel_types": list(channel_types),
        "kpis-TOTAL_FORMS": str(len(weights)),
        "kpis-INITIAL_FORMS": "0",
        "bands-TOTAL_FORMS": "2",
        "bands-INITIAL_FORMS": "0",
        "bands-0-grade": "A",
        "bands-0-min_total": "80",
        "bands-1-grade": "D",
        "bands-1-min_total": "0",
        "rollup": "average",
    }
    kinds = [KPIKind.SALES_ATTAINMENT, KPIKind.NEW_CUSTOMERS]
    for i, weight in enumerate(weights):
        data |= {
            f"kpis-{i}-kind": kinds[i],
            f"kpis-{i}-weight": weight,
            f"kpis-{i}-zero_at": "0",
            f"kpis-{i}-full_at": "100",
            f"kpis-{i}-ceiling": "100",
            f"kpis-{i}-position": str(i),
        }
    return data


def test_template_weights_must_add_up_to_100_and_assignment_is_saved(client, manager):
    client.force_login(manager)
    url = reverse("evaluations:template-create")
    bad = client.post(url, _template_post(["60", "30"]))
    assert "they must add up to 100" in bad.content.decode()
    assert not ScorecardTemplate.objects.filter(name="Retail").exists()
    assert client.post(url, _template_post(["60", "40"])).status_code == 302
    template = ScorecardTemplate.objects.get(name="Retail")
    assert KPI.objects.filter(template=template).count() == 2
    assert TemplateAssignment.objects.get(channel_type=ChannelType.RETAILER).template == template


def test_manual_values_grid(client, manager):
    partner = PartnerFactory()
    client.force_login(manager)
    url = reverse("evaluations:manual-values", kwargs={"period": "2026-10"})
    assert client.post(url, {f"m-{partner.pk}": "x"}).status_code == 200
    assert not ManualKPIValue.objects.exists()
    client.post(url, {f"m-{partner.pk}": "4.5"})
    assert ManualKPIValue.objects.get().value == D("4.5")


def test_dashboard_panel_on_home(client, db):
    director = DirectorFactory()
    partner = PartnerFactory(name="Dashboard Co")
    TargetFactory(partner=partner, period=dt.date(2026, 10, 1), amount=D("1000"))
    sep, oct_ = (EvaluationCycleFactory(period=p) for p in (dt.date(2026, 9, 1), dt.date(2026, 10, 1)))
    ScorecardFactory(cycle=sep, partner=partner, grade="D", total=D("10"))
    ScorecardFactory(cycle=oct_, partner=partner, grade="D", total=D("12"))
    client.force_login(director)
    from unittest import mock

    with mock.patch("evaluations.templatetags.evaluations_tags.timezone.localdate", return_value=dt.date(2026, 11, 3)):
        body = client.get(reverse("home")).content.decode()
    assert 'id="evaluations-panel"' in body and "Dashboard Co" in body and "1,000.00" in body


def _falling_and_recommended(cycles, gold, count):
    """`count` partners graded D in both months, each with sales that point to Gold."""
    for _ in range(count):
        partner = PartnerFactory()
        for cycle in cycles:
            ScorecardFactory(cycle=cycle, partner=partner, total=D("30"), grade="D")
        SalesRecordFactory(partner=partner, date=dt.date(2026, 5, 1), amount=D("5000"))


def test_review_lists_stay_short_with_many_partners_and_say_how_many_there_are(client, manager, monkeypatch):
    # given more partners graded D twice and recommended a new tier than the page lists (3 here)
    monkeypatch.setattr("evaluations.selectors.REVIEW_SHOWN", 3)
    gold = TierFactory(name="Gold", rank=1, annual_sales_threshold=D("1000"))
    cycles = [EvaluationCycleFactory(period=p) for p in (dt.date(2026, 9, 1), dt.date(2026, 10, 1))]
    _falling_and_recommended(cycles, gold, 2)
    client.force_login(manager)
    url = reverse("evaluations:cycle", kwargs={"period": "2026-10"})
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    _falling_and_recommended(cycles, gold, 4)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()

    # then the page lists three of each, says how many there are, with the same number of queries
    d_twice = page.split('id="d-twice"')[1].split("</ul>")[0]
    recommendations = page.split('id="tier-recommendations"')[1].split("</table>")[0]
    assert d_twice.count("<li>") == 3 and recommendations.count("<tr>") == 1 + 3
    assert "The 3 lowest of 6." in page
    assert "Recommendations 1\N{EN DASH}3 of 6, by partner code." in page
    assert len(many.captured_queries) == len(few.captured_queries)


def test_tier_recommendations_are_paged_and_a_later_page_can_be_applied(client, manager, monkeypatch):
    # given six recommendations, three to a page
    monkeypatch.setattr("evaluations.selectors.REVIEW_SHOWN", 3)
    gold = TierFactory(name="Gold", rank=1, annual_sales_threshold=D("1000"))
    cycles = [EvaluationCycleFactory(period=p) for p in (dt.date(2026, 9, 1), dt.date(2026, 10, 1))]
    _falling_and_recommended(cycles, gold, 6)
    client.force_login(manager)
    url = reverse("evaluations:cycle", kwargs={"period": "2026-10"})
    first = client.get(url).context["review"].recommendations

    # when the second page is asked for (and a page past the last one)
    second = client.get(url, {"recommendations": "2"})
    past = client.get(url, {"recommendations": "9"}).context["review"].recommendations

    # then it lists the other three, by partner code, and the last page stands for any page past it
    rest = second.context["review"].recommendations
    codes = [r.partner.code for r in first + rest]
    assert len(rest) == 3 and codes == sorted(codes)
    assert "Recommendations 4\N{EN DASH}6 of 6, by partner code." in second.content.decode()
    assert [r.partner for r in past] == [r.partner for r in rest]
    # and a partner of the second page moves to the recommended tier
    chosen = rest[0].partner
    apply_url = reverse("evaluations:cycle-apply-tiers", kwargs={"period": "2026-10"})
    client.post(apply_url, {"partner": [chosen.pk], "confirm": "yes"})
    chosen.refresh_from_db()
    assert chosen.tier == gold


def test_tier_recommendations_are_those_of_the_cycles_last_calculation(client, manager):
    # given a calculated cycle whose review was seen once (its recommendations are kept with the calculation)
    TierFactory(name="Gold", rank=1, annual_sales_threshold=D("1000"))
    cycle = EvaluationCycleFactory(period=dt.date(2026, 10, 1), calculated_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    partner = PartnerFactory(name="Late Co")
    client.force_login(manager)
    url = reverse("evaluations:cycle", kwargs={"period": "2026-10"})
    assert client.get(url).context["review"].recommendation_count == 0

    # when sales arrive late, the review still shows the calculation's recommendations
    SalesRecordFactory(partner=partner, date=dt.date(2026, 10, 5), amount=D("5000"))
    assert client.get(url).context["review"].recommendation_count == 0

    # and once the cycle is calculated again, they count
    EvaluationCycle.objects.filter(pk=cycle.pk).update(calculated_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC))
    review = client.get(url).context["review"]
    assert [r.partner for r in review.recommendations] == [partner]


def test_the_review_is_kept_whole_until_a_partner_a_tier_or_a_calculation_is_written(client, manager):
    # given a calculated month whose review shows a mover up, a partner graded D twice and a tier recommendation
    gold = TierFactory(name="Gold", rank=1, annual_sales_threshold=D("1000"))
    TierFactory(name="Silver", rank=2, annual_sales_threshold=D("0"))
    calculated = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    sep, oct_ = (
        EvaluationCycleFactory(period=p, calculated_at=calculated) for p in (dt.date(2026, 9, 1), OCT.first_day)
    )
    falling, rising = PartnerFactory(code="P1", name="Falling Co"), PartnerFactory(code="P2", name="Rising Co")
    ScorecardFactory(cycle=sep, partner=falling, total=D("50"), grade="D")
    falling_card = ScorecardFactory(cycle=oct_, partner=falling, total=D("40"), grade="D")
    ScorecardFactory(cycle=sep, partner=rising, total=D("60"), grade="C")
    ScorecardFactory(cycle=oct_, partner=rising, total=D("95"), grade="A")
    SalesRecordFactory(partner=rising, date=dt.date(2026, 5, 1), amount=D("5000"))
    url = reverse("evaluations:cycle", kwargs={"period": "2026-10"})

    def review(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        panels = {name: html.split(f'id="{name}"')[1].split("</ul>")[0] for name in ("movers-up", "d-twice")}
        panels["tiers"] = html.split('id="tier-recommendations"')[1].split("</table>")[0]
        reads = [
            q["sql"]
            for q in ctx.captured_queries
            # (the signed-in user comes with its partner's tier: not the review's read)
            if '"previous_total"' in q["sql"] or ("partners_tier" in q["sql"] and 'FROM "auth_user"' not in q["sql"])
        ]
        return panels, len(reads)

    panels, reads = review(manager)
    assert "Rising Co" in panels["movers-up"] and "Falling Co" in panels["d-twice"] and reads
    assert "Gold" in panels["tiers"] and 'name="partner"' in panels["tiers"]
    # then a second look reads none of it again
    assert review(manager) == (panels, 0)

    # and a user who may see the review but not change partners gets the rows without their checkboxes
    finance = FinanceFactory()
    assert finance.has_perm("evaluations.view_evaluationcycle") and not finance.has_perm("partners.change_partner")
    assert "Gold" in review(finance)[0]["tiers"] and 'name="partner"' not in review(finance)[0]["tiers"]

    # when a partner is renamed, it shows at once, in the panels and the recommendations
    rising.name = "Rising Renamed"
    rising.save()
    panels = review(manager)[0]
    assert "Rising Renamed" in panels["movers-up"] and "Rising Renamed" in panels["tiers"]
    # when the tier is applied, the recommendation goes
    rising.tier = gold
    rising.save()
    assert "Rising Renamed" not in review(manager)[0]["tiers"]
    # when the month is calculated again and the partner is no longer graded D, it leaves the list
    Scorecard.objects.filter(pk=falling_card.pk).update(grade="C")
    EvaluationCycle.objects.filter(pk=oct_.pk).update(calculated_at=calculated + dt.timedelta(hours=1))
    assert "Falling Co" not in review(manager)[0]["d-twice"]
