"""The internal pages: board and list (fixed query counts), htmx moves, campaigns, criteria, funnel."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Partner, Region
from recruitment.funnel import funnel_rows
from recruitment.models import Application, Campaign
from recruitment.pipeline import Stage
from tests.common.factories import ManagerFactory
from tests.recruitment.factories import ApplicationFactory, CampaignFactory, CampaignGoalFactory


@pytest.fixture
def manager_client(client, db):
    manager = ManagerFactory()
    client.force_login(manager)
    client.user = manager
    return client


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["recruitment:board", "recruitment:application-list"])
def test_board_and_list_use_the_same_number_of_queries_for_3_or_12_applications(manager_client, name):
    campaign = CampaignFactory()
    for stage in (Stage.APPLIED, Stage.SCREENING, Stage.REJECTED):
        ApplicationFactory(campaign=campaign, stage=stage)
    url = reverse(name) + f"?campaign={campaign.pk}"
    few = _queries(manager_client, url)
    for stage in list(Stage.main_line()[:4]) * 2 + [Stage.WITHDRAWN]:
        ApplicationFactory(campaign=campaign, stage=stage)
    assert _queries(manager_client, url) == few


def test_htmx_move_answers_with_the_board_and_the_card_in_its_new_column(manager_client):
    application = ApplicationFactory()
    response = manager_client.post(
        reverse("recruitment:application-move", kwargs={"pk": application.pk}),
        {"to_stage": Stage.SCREENING},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver/recruitment/?campaign={application.campaign_id}",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="board">')
    column = html[html.index('data-stage="screening"') : html.index('data-stage="qualified"')]
    assert f'id="card-{application.pk}"' in column
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING


def test_plain_post_move_redirects_back_to_the_board(manager_client):
    application = ApplicationFactory()
    next_url = f"/recruitment/?campaign={application.campaign_id}"
    response = manager_client.post(
        reverse("recruitment:application-move", kwargs={"pk": application.pk}),
        {"to_stage": Stage.SCREENING, "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert Application.objects.get().stage == Stage.SCREENING


def test_rejecting_asks_first_and_then_goes_back_to_the_board(manager_client):
    application = ApplicationFactory(company_name="Lin Trading", contact_name="林一", email="lin@example.com")
    next_url = f"/recruitment/?campaign={application.campaign_id}"
    # the one-click button only leads to the confirmation page, carrying the note and the way back
    response = manager_client.post(
        reverse("recruitment:application-move", kwargs={"pk": application.pk}),
        {"to_stage": Stage.REJECTED, "note": "Out of territory", "next": next_url},
    )
    assert Application.objects.get().stage == Stage.APPLIED
    page = manager_client.get(response["Location"])
    text = page.content.decode()
    assert "close the application of Lin Trading as rejected; it cannot be reopened;" in text
    assert "send no email: tell 林一 (lin@example.com) yourself if you wish." in text
    assert ">Reject application</button>" in text and "Out of territory" in text
    assert Application.objects.get().stage == Stage.APPLIED  # the GET changed nothing

    response = manager_client.post(response["Location"].split("?")[0], {"note": "Out of territory", "next": next_url})
    assert response["Location"] == next_url
    application.refresh_from_db()
    assert application.stage == Stage.REJECTED
    assert application.stage_changes.last().note == "Out of territory"


def test_move_buttons_name_the_action_not_the_stage(manager_client):
    application = ApplicationFactory()
    text = manager_client.get(reverse("recruitment:application-detail", kwargs={"pk": application.pk})).content.decode()
    assert "Start screening</button>" in text
    assert ">Reject application</button>" in text and ">Withdraw application</button>" in text
    assert ">Rejected</button>" not in text


def test_onboarding_page_says_what_it_creates_and_only_the_post_creates_it(
    manager_client, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(stage=Stage.SIGNED, company_name="Lin Trading", email="lin@example.com")
    url = reverse("recruitment:application-move-confirm", kwargs={"pk": application.pk, "stage": Stage.ONBOARDED})
    text = manager_client.get(url).content.decode()
    assert "create the partner “Lin Trading” (status onboarding)" in text
    assert "create a portal account for lin@example.com and email the invitation to that address;" in text
    assert not Partner.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(url)
    assert Partner.objects.get().name == "Lin Trading"
    assert [m.to for m in mail.outbox if "lin@example.com" in m.to] == [["lin@example.com"]]


def test_only_closing_moves_have_a_confirmation_page(manager_client):
    application = ApplicationFactory()
    url = reverse("recruitment:application-move-confirm", kwargs={"pk": application.pk, "stage": Stage.SCREENING})
    assert manager_client.get(url).status_code == 404
    assert manager_client.post(url).status_code == 404
    assert Application.objects.get().stage == Stage.APPLIED


def test_offsite_next_is_ignored(manager_client):
    application = ApplicationFactory()
    response = manager_client.post(
        reverse("recruitment:application-move", kwargs={"pk": application.pk}),
        {"to_stage": Stage.SCREENING, "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("recruitment:application-detail", kwargs={"pk": application.pk})


def test_assessment_adjusts_the_score_with_a_reason(manager_client):
    application = ApplicationFactory()
    url = reverse("recruitment:application-assess", kwargs={"pk": application.pk})
    manager_client.post(url, {"adjustment": "10", "reason": "Met them at the fair: strong team"})
    application.refresh_from_db()
    assert (application.adjustment, application.score) == (10, min(100, application.match_score + 10))
    assert application.history.first().history_change_reason == "Met them at the fair: strong team"

    manager_client.post(url, {"adjustment": "-30", "reason": ""})
    application.refresh_from_db()
    assert application.adjustment == 10  # no reason, no change


def test_owner_assignment(manager_client):
    application = ApplicationFactory()
    other = ManagerFactory()
    manager_client.post(reverse("recruitment:application-assign", kwargs={"pk": application.pk}), {"owner": other.pk})
    application.refresh_from_db()
    assert application.owner == other


def test_detail_shows_score_breakdown_duplicates_history_and_time_in_stage(manager_client):
    first = ApplicationFactory(stage=Stage.SCREENING)
    second = ApplicationFactory(credit_code=first.credit_code)
    html = manager_client.get(reverse("recruitment:application-detail", kwargs={"pk": second.pk})).content.decode()
    assert "Possible duplicate" in html and first.company_name in html
    assert "Annual revenue" in html
    assert 'id="time-in-stage"' in html
    detail = manager_client.get(reverse("recruitment:application-detail", kwargs={"pk": first.pk})).content.decode()
    assert "Screening" in detail and "Submitted on the public form." in detail


def test_campaign_created_with_goals_and_default_criteria(manager_client):
    zhejiang = Region.objects.get(code="330000")
    response = manager_client.post(
        reverse("recruitment:campaign-create"),
        {
            "name": "Zhejiang 2027",
            "slug": "zhejiang-2027",
            "starts_on": "2027-01-01",
            "ends_on": "2027-06-30",
            "owner": manager_client.user.pk,
            "goals-TOTAL_FORMS": "3",
            "goals-INITIAL_FORMS": "0",
            "goals-0-channel_type": "distributor",
            "goals-0-region": zhejiang.pk,
            "goals-0-target": "5",
            "goals-1-channel_type": "",
            "goals-1-region": "",
            "goals-1-target": "2",
        },
    )
    campaign = Campaign.objects.get(slug="zhejiang-2027")
    assert response["Location"] == reverse("recruitment:campaign-detail", kwargs={"pk": campaign.pk})
    assert campaign.goals.count() == 2
    assert campaign.criteria.count() == 6


def test_reserved_slug_and_bad_dates_are_refused(manager_client):
    response = manager_client.post(
        reverse("recruitment:campaign-create"),
        {
            "name": "X",
            "slug": "thanks",
            "starts_on": "2027-02-01",
            "ends_on": "2027-01-01",
            "goals-TOTAL_FORMS": "0",
            "goals-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "reserved" in response.content.decode()
    assert not Campaign.objects.filter(name="X").exists()


def test_changing_weights_rescored_open_applications(manager_client):
    campaign = CampaignFactory()
    open_one = ApplicationFactory(campaign=campaign)
    closed = ApplicationFactory(campaign=campaign, stage=Stage.REJECTED)
    before = closed.score
    data = dict.fromkeys(("revenue", "team_size", "region_fit", "channel_fit", "brands", "ecommerce"), 0)
    data["channel_fit"] = 10  # a distributor with no goals fits fully
    manager_client.post(reverse("recruitment:campaign-criteria", kwargs={"pk": campaign.pk}), data)
    open_one.refresh_from_db()
    closed.refresh_from_db()
    assert open_one.score == 100
    assert closed.score == before


def test_campaign_page_shows_progress_against_goals(manager_client):
    campaign = CampaignFactory()
    CampaignGoalFactory(campaign=campaign, target=4)  # distributors in Zhejiang
    ApplicationFactory(campaign=campaign, stage=Stage.ONBOARDED)
    ApplicationFactory(campaign=campaign, stage=Stage.QUALIFIED)
    ApplicationFactory(campaign=campaign, stage=Stage.QUALIFIED, region_codes=("440100",))  # not Zhejiang
    response = manager_client.get(reverse("recruitment:campaign-detail", kwargs={"pk": campaign.pk}))
    (row,) = response.context["progress"]
    assert (row.onboarded, row.in_pipeline, row.percent) == (1, 1, 25)


def test_funnel_page(manager_client):
    campaign = CampaignFactory()
    ApplicationFactory(campaign=campaign, stage=Stage.ONBOARDED)
    ApplicationFactory(campaign=campaign, stage=Stage.SCREENING, source=Application.Source.WECHAT)
    response = manager_client.get(reverse("recruitment:campaign-funnel", kwargs={"pk": campaign.pk}))
    rows = {row["stage"]: row for row in response.context["funnel"]["stages"]}
    assert rows[Stage.APPLIED]["reached"] == 2
    assert rows[Stage.SCREENING]["reached"] == 2
    assert rows[Stage.QUALIFIED]["to_next"] == 100
    assert rows[Stage.SCREENING]["to_next"] == 50
    assert {s["source"] for s in response.context["funnel"]["sources"]} == {"Our website", "WeChat"}


def test_funnel_rows_counts_conversion_and_median_days():
    t0 = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    day = dt.timedelta(days=1)
    changes = [
        (1, "applied", t0), (1, "screening", t0 + 2 * day), (1, "qualified", t0 + 6 * day),
        (2, "applied", t0), (2, "screening", t0 + 4 * day), (2, "rejected", t0 + 5 * day),
        (3, "applied", t0), (3, "screening", t0 + 6 * day),
        (4, "applied", t0), (4, "withdrawn", t0 + 1 * day),
    ]  # fmt: skip
    current = {1: "qualified", 2: "rejected", 3: "screening", 4: "withdrawn"}
    rows = {row["stage"]: row for row in funnel_rows(changes, current, now=t0 + 10 * day)}
    assert rows["applied"]["reached"] == 4
    assert rows["screening"]["reached"] == 3
    assert str(rows["applied"]["to_next"]) == "75.0"
    assert str(rows["screening"]["to_next"]) == "33.3"
    assert rows["applied"]["median_days"] == 3.0  # 2, 4, 6, 1 days
    assert rows["screening"]["median_days"] == 4.0  # 4, 1, and 4 days still in screening
    assert rows["qualified"]["current"] == 1
    assert rows["rejected"]["median_days"] is None


def test_a_closing_move_from_the_htmx_board_sends_the_browser_to_its_confirmation(manager_client):
    application = ApplicationFactory()
    board = f"http://testserver/recruitment/?campaign={application.campaign_id}"
    response = manager_client.post(
        reverse("recruitment:application-move", kwargs={"pk": application.pk}),
        {"to_stage": Stage.WITHDRAWN},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=board,
    )
    confirm = reverse("recruitment:application-move-confirm", kwargs={"pk": application.pk, "stage": "withdrawn"})
    assert response["HX-Redirect"].startswith(confirm)
    assert Application.objects.get().stage == Stage.APPLIED
    page = manager_client.get(response["HX-Redirect"]).content.decode()
    assert f'name="next" value="/recruitment/?campaign={application.campaign_id}"' in page
