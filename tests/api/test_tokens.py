"""Tokens: only a digest at rest, the secret shown once, revocable, expiring, last use recorded; an internal
token acts with its user's permissions as they are now."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from api import services
from api.models import ApiToken
from common.roles import CHANNEL_DIRECTOR, TRAINER
from tests.api.factories import ApiTokenFactory, bearer
from tests.common.factories import UserFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory

pytestmark = pytest.mark.django_db


def test_only_a_digest_of_the_secret_is_stored():
    token = ApiTokenFactory(user=UserFactory(role=CHANNEL_DIRECTOR))
    stored = ApiToken.objects.get(pk=token.pk)
    assert token.secret.startswith(f"cw_{stored.prefix}_")
    assert token.secret not in {value for value in vars(stored).values() if isinstance(value, str)}
    assert stored.digest != token.secret and len(stored.digest) == 64


def test_a_live_token_authenticates_and_its_use_is_recorded(api):
    token = ApiTokenFactory(user=UserFactory(role=CHANNEL_DIRECTOR))
    response = api.get("/api/v1/partners/", **bearer(token))
    assert response.status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer cw_nothing_here", "Bearer not-a-token", "Bearer", "Token a b"])
def test_an_unknown_or_malformed_token_gets_401(api, header):
    response = api.get("/api/v1/partners/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_no_credentials_gets_401(api):
    response = api.get("/api/v1/partners/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_revoked_token_gets_401_at_once(api):
    director = UserFactory(role=CHANNEL_DIRECTOR)
    token = ApiTokenFactory(user=director)
    assert api.get("/api/v1/partners/", **bearer(token)).status_code == 200
    services.token_revoke(token=token, by=director)
    assert api.get("/api/v1/partners/", **bearer(token)).status_code == 401


def test_an_expired_token_gets_401(api):
    director = UserFactory(role=CHANNEL_DIRECTOR)
    token = ApiTokenFactory(user=director)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api.get("/api/v1/partners/", **bearer(token)).status_code == 401


def test_an_internal_token_dies_with_its_users_access(api):
    director = UserFactory(role=CHANNEL_DIRECTOR)
    token = ApiTokenFactory(user=director)
    director.is_active = False
    director.save()
    assert api.get("/api/v1/partners/", **bearer(token)).status_code == 401


def test_an_internal_token_carries_its_users_permissions_as_they_are_now(api):
    trainer = UserFactory(role=TRAINER)
    SalesRecordPartner = PartnerFactory()
    from tests.partners.factories import SalesRecordFactory

    SalesRecordFactory(partner=SalesRecordPartner)
    token = ApiTokenFactory(user=trainer)
    # a trainer may not see sales records one by one
    assert api.get("/api/v1/sales/", **bearer(token)).json()["results"] == []
    assert api.post("/api/v1/sales/", {"items": [{}]}, format="json", **bearer(token)).status_code == 403
    trainer.groups.clear()
    trainer.groups.add(*UserFactory(role=CHANNEL_DIRECTOR).groups.all())
    assert len(api.get("/api/v1/sales/", **bearer(token)).json()["results"]) == 1


def test_revoking_is_kept_in_history_with_who_did_it():
    director = UserFactory(role=CHANNEL_DIRECTOR)
    token = ApiTokenFactory(user=director)
    services.token_revoke(token=token, by=director)
    services.token_revoke(token=token, by=director)  # twice changes nothing
    history = list(ApiToken.history.filter(id=token.pk).order_by("history_date"))
    assert [entry.history_type for entry in history] == ["+", "~"]
    assert history[-1].history_user == director and history[-1].revoked_at is not None


def test_expiry_must_be_in_the_future_and_within_a_year():
    director = UserFactory(role=CHANNEL_DIRECTOR)
    with pytest.raises(ValidationError):
        services.token_create(name="x", expires_at=timezone.now() - dt.timedelta(days=1), by=director)
    with pytest.raises(ValidationError):
        services.token_create(name="x", expires_at=timezone.now() + dt.timedelta(days=400), by=director)


def test_a_partner_user_has_no_token_of_its_own():
    with pytest.raises(ValidationError):
        services.token_create(name="x", expires_at=timezone.now() + dt.timedelta(days=1), by=PartnerUserFactory())


def test_a_prefix_drawn_twice_is_drawn_again(monkeypatch):
    from api import tokens

    director = UserFactory(role=CHANNEL_DIRECTOR)
    first = ApiTokenFactory(user=director)
    draws = iter([tokens.NewSecret(text="cw_x_y", prefix=first.prefix, digest="0" * 64), tokens.new_secret()])
    monkeypatch.setattr(tokens, "new_secret", lambda: next(draws))
    token, _secret = services.token_create(name="again", expires_at=timezone.now() + dt.timedelta(days=1), by=director)
    assert token.prefix != first.prefix
