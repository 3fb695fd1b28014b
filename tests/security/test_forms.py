"""Every form of the project, posted with fields it does not have, and every state-changing URL without a
CSRF token.

Mass assignment: each form page of the access matrix is opened by a user it lets in, and its first own POST form (not the navbar's)
is submitted as a browser would, plus fields a hostile user adds (another partner, a status, an amount,
is_staff). Whatever the form does with its own fields, the extra ones change nothing: no user becomes staff,
partner B's rows stay as they were, no row takes the injected amount or status.
CSRF: every URL of the matrix, POSTed without a token by a user it lets in, answers 403 (or 405).
"""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import reverse

from tests.access_world import ROWS, media_of_world, world_per_module
from tests.security.forms import post_forms
from tests.security.hostile import DOMAIN_APPS, allowed_user, body, url_of

INJECTED_AMOUNT = Decimal("987654.32")
INJECTED_STATUS = "approved"

world = pytest.fixture(scope="module")(world_per_module)
_media_root = pytest.fixture(autouse=True)(media_of_world)

# The reward calculation's form rightly writes every partner's statements.
ACTS_ON_EVERY_PARTNER = {"incentives:calculate"}
# The language switch and logout sit on every page; they are tried once each in the CSRF test.
_NAVBAR_FORMS = (reverse("set_language"), reverse("logout"))
FORM_PAGES = [row for row in ROWS if row.method == "get" and allowed_user(row)]


def _extras(world, own: set[str]) -> dict[str, str]:
    hostile = {
        "partner": str(world.partner_b.pk),
        "partner_id": str(world.partner_b.pk),
        "status": INJECTED_STATUS,
        "amount": str(INJECTED_AMOUNT),
        "approved_amount": str(INJECTED_AMOUNT),
        "payable": str(INJECTED_AMOUNT),
        "is_staff": "on",
        "is_superuser": "on",
    }
    return {name: value for name, value in hostile.items() if name not in own}


def _partner_b_rows(partner) -> list:
    rows = []
    for app in DOMAIN_APPS:
        for model in apps.get_app_config(app).get_models():
            names = {f.name for f in model._meta.get_fields()}
            if "partner" in names:
                rows.append(list(model.objects.filter(partner=partner).order_by("pk").values_list()))
    return rows


def _rows_with(extras) -> list[str]:
    found = []
    for app in DOMAIN_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.DecimalField):
                    continue
                if model.objects.filter(**{field.name: INJECTED_AMOUNT}).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found


def test_the_battery_finds_the_forms(world, client, db):
    assert len(FORM_PAGES) > 40


@pytest.mark.parametrize("row", FORM_PAGES, ids=str)
def test_extra_fields_posted_to_a_form_change_nothing(row, world, client, db):
    user = world.users[allowed_user(row)]
    if user is not None:
        client.force_login(user)
    url = url_of(row, world)
    page = client.get(url)
    forms = post_forms(body(page).decode(errors="replace")) if page.status_code == 200 else []
    form = next((form for form in forms if form.action not in _NAVBAR_FORMS), None)
    if form is None:
        return  # a page without a form of its own (a list, a file)
    extras = _extras(world, form.names)
    before_b = _partner_b_rows(world.partner_b)
    statuses_before = _status_counts()
    client.post(form.action or url, {**form.fields, **extras})
    assert not get_user_model().objects.filter(models.Q(is_staff=True) | models.Q(is_superuser=True)).exists()
    if row.name not in ACTS_ON_EVERY_PARTNER:
        assert _partner_b_rows(world.partner_b) == before_b
    assert not _rows_with(extras)
    if "decision" not in form.names:  # a decision form approves by its own field, not by ours
        assert _status_counts() == statuses_before


def _status_counts() -> dict:
    counts = {}
    for app in DOMAIN_APPS:
        for model in apps.get_app_config(app).get_models():
            if any(f.name == "status" for f in model._meta.concrete_fields):
                counts[model._meta.label] = model.objects.filter(status=INJECTED_STATUS).count()
    return counts


@pytest.mark.parametrize("row", [row for row in ROWS if allowed_user(row)], ids=str)
def test_a_post_without_csrf_token_is_refused(row, world, db):
    client = Client(enforce_csrf_checks=True)
    user = world.users[allowed_user(row)]
    if user is not None:
        client.force_login(user)
    response = client.post(url_of(row, world), row.data(world))
    assert response.status_code in (403, 405)
