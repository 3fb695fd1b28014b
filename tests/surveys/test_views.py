import datetime as dt

import pytest
from django.urls import reverse

from common import clock
from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER
from surveys.models import Response, SurveyRound
from tests.common.factories import UserFactory
from tests.partners.factories import ContactFactory, PartnerFactory, PartnerUserFactory
from tests.surveys.factories import CustomerRoundFactory, InvitationFactory, SurveyRoundFactory, standard_version

pytestmark = pytest.mark.django_db


def _open(**kwargs):
    today = clock.today()
    return {"opens_on": today - dt.timedelta(days=1), "closes_on": today + dt.timedelta(days=10), **kwargs}


def _post_data(version, recommend="9", rating="5", text="Good support"):
    q = list(version.questions.all())
    return {f"q{q[0].pk}": recommend, f"q{q[1].pk}": rating, f"q{q[2].pk}": "Service", f"q{q[3].pk}": text}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def customer_round():
    return CustomerRoundFactory(version=standard_version(audience="customer"), **_open())


def _public_form(client, survey_round):
    response = client.get(reverse("surveys_public:answer", kwargs={"token": survey_round.public_token}))
    assert response.status_code == 200
    return response.context["form_token"]


def test_a_forged_partner_id_is_ignored_the_answer_counts_for_the_links_partner(client, customer_round):
    intruder = PartnerFactory()
    token = _public_form(client, customer_round)
    data = _post_data(customer_round.version) | {"form_token": token, "partner": intruder.pk, "partner_id": intruder.pk}

    response = client.post(reverse("surveys_public:answer", kwargs={"token": customer_round.public_token}), data)

    assert "Thank you" in response.content.decode()
    assert list(Response.objects.values_list("partner_id", flat=True)) == [customer_round.partner_id]


def test_a_public_form_sent_twice_counts_once_with_a_clear_message(client, customer_round):
    token = _public_form(client, customer_round)
    url = reverse("surveys_public:answer", kwargs={"token": customer_round.public_token})
    data = _post_data(customer_round.version) | {"form_token": token}
    client.post(url, data)

    again = client.post(url, data)

    assert again.status_code == 409
    assert "already answered" in again.content.decode()
    assert Response.objects.count() == 1


def test_a_closed_public_survey_says_so(client):
    survey_round = CustomerRoundFactory(
        version=standard_version(audience="customer"), status=SurveyRound.Status.CLOSED, **_open()
    )
    response = client.get(reverse("surveys_public:answer", kwargs={"token": survey_round.public_token}))
    assert "no longer takes answers" in response.content.decode()
    assert "survey-form" not in response.content.decode()


def test_public_answers_are_throttled_per_address(client, customer_round, settings):
    from django.core.cache import cache

    cache.clear()
    settings.SURVEYS_PUBLIC_LIMIT = 1
    url = reverse("surveys_public:answer", kwargs={"token": customer_round.public_token})
    client.post(url, _post_data(customer_round.version) | {"form_token": _public_form(client, customer_round)})

    limited = client.post(
        url, _post_data(customer_round.version) | {"form_token": _public_form(client, customer_round)}
    )

    assert limited.status_code == 429
    assert Response.objects.count() == 1


def test_a_partner_contact_answers_from_the_personal_link_once(client):
    survey_round = SurveyRoundFactory(version=standard_version(), **_open())
    partner = PartnerFactory()
    invitation = InvitationFactory(round=survey_round, contact=ContactFactory(partner=partner))
    client.force_login(PartnerUserFactory(partner=partner))
    url = reverse("surveys_portal:answer", kwargs={"token": invitation.token})

    missing = client.post(url, {})
    assert "Please answer this question." in missing.content.decode()
    done = client.post(url, _post_data(survey_round.version))
    again = client.get(url)

    assert done.status_code == 302
    assert "already used" in again.content.decode()
    assert Response.objects.get().partner == partner


def test_a_partner_sees_only_its_own_customer_rounds(client, customer_round):
    other = CustomerRoundFactory(version=customer_round.version, title="Someone else's round", **_open())
    client.force_login(PartnerUserFactory(partner=customer_round.partner))

    page = client.get(reverse("surveys_portal:home")).content.decode()

    assert customer_round.title in page
    assert other.title not in page
    assert client.get(reverse("surveys_portal:round", kwargs={"pk": other.pk})).status_code == 404


def test_a_partner_creates_a_customer_round_and_gets_a_link_and_qr_code(client, customer_round):
    partner = PartnerFactory()
    client.force_login(PartnerUserFactory(partner=partner))
    today = clock.today()

    response = client.post(
        reverse("surveys_portal:round-create"),
        {
            "template": customer_round.version.template.pk,
            "title": "Store visitors",
            "opens_on": today,
            "closes_on": today + dt.timedelta(days=30),
        },
    )

    created = SurveyRound.objects.get(title="Store visitors")
    assert response.status_code == 302
    assert created.partner == partner
    page = client.get(response.url).content.decode()
    assert f"/survey/{created.public_token}/" in page
    qr = client.get(reverse("surveys_portal:round-qr", kwargs={"pk": created.pk}))
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content


def test_results_page_and_csv_export_neutralise_formulas(client, customer_round):
    from surveys import services

    for text in ('=HYPERLINK("x")', "Nice"):
        services.response_submit(
            survey_round=customer_round,
            data={int(k[1:]): v for k, v in _post_data(customer_round.version, text=text).items()},
            submission_token=text,
        )
    client.force_login(UserFactory(role=CHANNEL_MANAGER))

    page = client.get(reverse("surveys:round", kwargs={"pk": customer_round.pk}))
    export = client.get(reverse("surveys:round-export", kwargs={"pk": customer_round.pk}))

    assert page.context["results"].overall.nps_score == 100
    assert "Nice" in page.content.decode()
    body = b"".join(export.streaming_content).decode()
    assert "'=HYPERLINK" in body


def test_round_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries):
    client.force_login(UserFactory(role=CHANNEL_DIRECTOR))
    version = standard_version()
    SurveyRoundFactory(version=version)
    url = reverse("surveys:rounds")
    client.get(url)
    with django_assert_num_queries(_count(client, url)) as captured:
        client.get(url)
    InvitationFactory.create_batch(3, round__version=version)
    CustomerRoundFactory.create_batch(4, version=standard_version(audience="customer"))
    with django_assert_num_queries(len(captured.captured_queries)):
        response = client.get(url)
    assert len(response.context["rounds"]) == 8


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context.captured_queries)


def test_the_director_sets_the_schedule(client):
    version = standard_version()
    client.force_login(UserFactory(role=CHANNEL_DIRECTOR))
    response = client.post(
        reverse("surveys:schedule"),
        {"template": version.template.pk, "every_months": 6, "next_on": "2027-01-05", "open_days": 21, "active": "on"},
    )
    assert response.status_code == 302
    from surveys.models import SurveySchedule

    assert SurveySchedule.objects.get().every_months == 6


def test_partner_round_results_by_region_with_comments_for_managers(client):
    from surveys import services

    survey_round = SurveyRoundFactory(version=standard_version(), **_open())
    for recommend in ("9", "6"):
        invitation = InvitationFactory(round=survey_round, contact__partner__region__name="江苏省")
        services.response_submit(
            survey_round=survey_round,
            data={int(k[1:]): v for k, v in _post_data(survey_round.version, recommend=recommend).items()},
            invitation=invitation,
        )
    InvitationFactory(round=survey_round)  # invited, not answered
    client.force_login(UserFactory(role=CHANNEL_MANAGER))

    page = client.get(reverse("surveys:round", kwargs={"pk": survey_round.pk}), {"group": "region"})

    results = page.context["results"]
    assert str(results.response_rate) == "66.7"
    (group,) = results.groups
    assert (group.label, group.responses, group.nps_score) == ("江苏省", 2, 0)
    assert "Good support" in page.content.decode()
    assert 'id="survey-chart-data"' in page.content.decode()


def test_the_director_sends_the_partner_survey_now_once(client, django_capture_on_commit_callbacks):
    from django.core import mail

    from surveys.models import SurveySchedule

    version = standard_version()
    SurveySchedule.objects.create(template=version.template, next_on=dt.date(2027, 1, 1))
    ContactFactory(partner=PartnerFactory())
    client.force_login(UserFactory(role=CHANNEL_DIRECTOR))

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("surveys:schedule-open-now"), follow=True)
    again = client.post(reverse("surveys:schedule-open-now"), follow=True)

    assert "was sent to every active partner" in sent.content.decode()
    assert "already open" in again.content.decode()
    assert SurveyRound.objects.count() == 1
    assert len(mail.outbox) == 1
