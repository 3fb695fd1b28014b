"""base.html's navigation links are kept per language, kind of user and permissions (common_tags.nav_links):
what each user sees is what a fresh rendering shows, and a change of permissions shows at once."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from tests.common.factories import DirectorFactory, FinanceFactory, ManagerFactory, TrainerFactory
from tests.partners.factories import PartnerUserFactory

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<ul class="navbar-nav me-auto">(.*?)</ul>\s*<form class="d-flex me-2"', re.S)


def nav_of(user, url="/") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url, follow=True)
    assert response.status_code == 200
    return NAV.search(response.content.decode()).group(1)


@pytest.mark.parametrize(
    "factory", [DirectorFactory, ManagerFactory, FinanceFactory, TrainerFactory, PartnerUserFactory]
)
def test_the_kept_links_are_those_a_fresh_rendering_shows(factory, settings):
    user = factory()
    kept = nav_of(user)
    assert nav_of(user) == kept
    settings.DEBUG = True  # renders afresh every time
    assert nav_of(user) == kept
    assert reverse("home" if factory is not PartnerUserFactory else "portal-home") in kept
    # Nothing but list items in the list (a comment of the template once leaked into it).
    assert kept.strip().startswith("<li") and kept.strip().endswith("</li>")
    assert "{#" not in kept and "nav_links" not in kept


def test_a_permission_given_or_taken_shows_at_once():
    user = FinanceFactory()
    candidates = [
        ("partners.view_partner", reverse("partners:list")),
        ("recruitment.view_application", reverse("recruitment:application-list")),
        ("plans.view_risk", reverse("plans:risks")),
    ]
    perm, url = next((perm, url) for perm, url in candidates if not user.has_perm(perm))
    assert f'href="{url}"' not in nav_of(user)
    app_label, codename = perm.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    user.user_permissions.add(permission)
    assert f'href="{url}"' in nav_of(user)
    user.user_permissions.remove(permission)
    assert f'href="{url}"' not in nav_of(user)


def test_each_language_has_its_own_links(settings):
    user = DirectorFactory()
    client = Client()
    client.force_login(user)
    english = NAV.search(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()).group(1)
    chinese = NAV.search(client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()).group(1)
    assert english != chinese
