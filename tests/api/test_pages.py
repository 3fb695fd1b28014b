"""The token pages: the secret shown once, revoking, partner admins only in the portal, and the docs page."""

import pytest
from django.urls import reverse

from api.models import ApiToken
from common.roles import CHANNEL_DIRECTOR, FINANCE
from partners.models import PartnerMembership
from tests.api.factories import ApiTokenFactory
from tests.common.factories import UserFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory

pytestmark = pytest.mark.django_db


def make(client, url, **data):
    return client.post(url, {"name": "ERP feed", "lifetime": "90", **data})


def test_a_partner_admin_makes_a_token_sees_it_once_and_it_works(client):
    admin = PartnerUserFactory()
    client.force_login(admin)
    response = make(client, reverse("api_portal:token-create"))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret in response.content.decode()
    token = ApiToken.objects.get()
    assert token.partner == admin.partner_membership.partner and token.created_by == admin
    listing = client.get(reverse("api_portal:tokens")).content.decode()
    assert "ERP feed" in listing and token.prefix in listing and secret not in listing
    client.logout()
    answer = client.get("/api/v1/partners/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert [row["code"] for row in answer.json()["results"]] == [token.partner.code]


def test_a_partner_member_who_is_not_admin_is_refused(client):
    member = PartnerUserFactory(partner__role=PartnerMembership.Role.MEMBER)
    client.force_login(member)
    assert client.get(reverse("api_portal:tokens")).status_code == 403
    assert make(client, reverse("api_portal:token-create")).status_code == 403


def test_a_partner_admin_revokes_and_the_token_stops_working(client):
    admin = PartnerUserFactory()
    token = ApiTokenFactory(partner=admin.partner_membership.partner, created_by=admin)
    client.force_login(admin)
    response = client.post(reverse("api_portal:token-revoke", kwargs={"pk": token.pk}), follow=True)
    assert "is revoked" in response.content.decode()
    client.logout()
    assert client.get("/api/v1/partners/", HTTP_AUTHORIZATION=f"Bearer {token.secret}").status_code == 401


def test_a_partner_admin_cannot_revoke_another_partners_token(client):
    other = ApiTokenFactory(partner=PartnerFactory())
    client.force_login(PartnerUserFactory())
    assert client.post(reverse("api_portal:token-revoke", kwargs={"pk": other.pk})).status_code == 404
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None


def test_an_internal_user_makes_a_token_of_their_own(client):
    finance = UserFactory(role=FINANCE)
    client.force_login(finance)
    page = client.get(reverse("api_pages:tokens"))
    assert "partner" not in page.context["form"].fields  # finance may not make partner tokens
    make(client, reverse("api_pages:token-create"))
    assert ApiToken.objects.get().user == finance


def test_a_director_makes_a_partner_token(client):
    partner = PartnerFactory()
    client.force_login(UserFactory(role=CHANNEL_DIRECTOR))
    make(client, reverse("api_pages:token-create"), partner=partner.code)
    assert make(client, reverse("api_pages:token-create"), partner="NOPE").status_code == 400
    assert ApiToken.objects.get().partner == partner


def test_a_bad_form_shows_its_errors(client):
    client.force_login(UserFactory(role=FINANCE))
    response = client.post(reverse("api_pages:token-create"), {"name": "", "lifetime": "7"})
    assert response.status_code == 400 and not ApiToken.objects.exists()
    assert response.context["form"].errors.keys() == {"name", "lifetime"}


def test_the_list_shows_status_and_filters(client):
    director = UserFactory(role=CHANNEL_DIRECTOR)
    from api.services import token_revoke

    live, gone = ApiTokenFactory(user=director, name="live one"), ApiTokenFactory(user=director, name="gone one")
    token_revoke(token=gone, by=director)
    client.force_login(director)
    page = client.get(reverse("api_pages:tokens") + "?state=revoked").content.decode()
    assert "gone one" in page and "live one" not in page
    assert live.name in client.get(reverse("api_pages:tokens")).content.decode()


def test_the_token_list_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    director = UserFactory(role=CHANNEL_DIRECTOR)
    client.force_login(director)
    ApiTokenFactory(user=director)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("api_pages:tokens"))
    for _n in range(5):
        ApiTokenFactory(partner=PartnerFactory())
    with django_assert_num_queries(len(few)):
        client.get(reverse("api_pages:tokens"))


def test_an_empty_list_says_how_to_start(client):
    client.force_login(UserFactory(role=FINANCE))
    assert "No tokens yet" in client.get(reverse("api_pages:tokens")).content.decode()


def test_the_docs_page_loads_only_our_own_files(client):
    client.force_login(PartnerUserFactory())
    page = client.get(reverse("api_pages:docs")).content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page and "/api/schema/" in page
    assert "http://" not in page.replace('xmlns="http://', "") and "https://" not in page
