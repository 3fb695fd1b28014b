import datetime as dt

import factory
from django.utils import timezone

from api import services
from api.models import ApiToken
from tests.partners.factories import PartnerFactory


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token made by the service: `token.secret` holds the text a client sends (only in tests: the database
    keeps the digest alone). `ApiTokenFactory(partner=p)` makes a partner token, `ApiTokenFactory(user=u)` an
    internal token of `u`."""

    class Meta:
        model = ApiToken

    name = factory.Sequence(lambda n: f"Integration {n}")

    @classmethod
    def _create(cls, model_class, *, name, user=None, partner=None, created_by=None, expires_at=None, **kwargs):
        expires_at = expires_at or timezone.now() + dt.timedelta(days=90)
        by = user or created_by
        if by is None:
            from tests.partners.factories import PartnerUserFactory

            by = PartnerUserFactory(partner=partner or PartnerFactory())
        token, secret = services.token_create(name=name, expires_at=expires_at, by=by, partner=partner)
        token.secret = secret
        return token


def bearer(token) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token.secret}"}
