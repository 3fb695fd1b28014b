"""Shared pieces of the hostile-input battery: a fingerprint of the whole database (so a refused request
can be shown to have changed nothing), partner B's identifying strings, and each URL of the access matrix
with the objects it names."""

import hashlib

from django.apps import apps
from django.urls import reverse

from tests.access import ANON, INTERNAL, PARTNER_A

DOMAIN_APPS = (
    "partners",
    "recruitment",
    "training",
    "surveys",
    "deals",
    "channelrules",
    "evaluations",
    "incentives",
    "auth",
)


def database_fingerprint() -> str:
    """A digest of every row of every domain model (history included): equal before and after means the
    requests in between wrote nothing."""
    digest = hashlib.sha256()
    for app in DOMAIN_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.label == "auth.User":
                rows = model.objects.order_by("pk").values_list("pk", "is_staff", "is_superuser", "is_active")
            else:
                rows = model.objects.order_by("pk").values_list()
            digest.update(f"{model._meta.label}:{list(rows)!r}".encode())
    return digest.hexdigest()


def identifying_strings(partner, contact) -> list[bytes]:
    """What would give a partner away on a page, a file or an email: its names, codes and its contact."""
    values = (partner.name, partner.legal_name, partner.code, partner.credit_code, contact.name, contact.email)
    return [value.encode() for value in values if value]


def url_of(row, world) -> str:
    return reverse(row.name, kwargs=row.kwargs(world)) + (f"?{row.query}" if row.query else "")


def allowed_user(row):
    """The first kind of user the row lets in (a page, or a redirect after success), or None."""
    return next((who for who in (*INTERNAL, PARTNER_A, ANON) if row.expect[who] in (200, 302)), None)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content
