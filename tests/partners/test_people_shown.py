"""People appear by the one display rule (full name in the language's order), never by login name."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse
from django.utils import translation

from tests.common.factories import DirectorFactory, ManagerFactory
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "chinese_name", "latin_name"), [("zh-hans", "王伟", "Smith Anna"), ("en", "王伟", "Anna Smith")]
)
def test_the_manager_filter_and_list_name_people_in_the_pages_language(client, language, chinese_name, latin_name):
    wang = ManagerFactory(username="manager2", first_name="伟", last_name="王")
    smith = ManagerFactory(username="manager3", first_name="Anna", last_name="Smith")
    PartnerFactory(manager=wang)
    client.force_login(DirectorFactory())
    with translation.override(language):
        page = client.get(reverse("partners:list"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<option value="{wang.pk}">{chinese_name}</option>' in page
    assert f'<option value="{smith.pk}">{latin_name}</option>' in page
    assert "manager2" not in page


def _site_url(**served: str) -> str:
    """SITE_URL as the settings build it in a fresh process with the given environment."""
    environment = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "HOST", "PORT"}}
    environment |= {"DJANGO_SETTINGS_MODULE": "config.settings.base", **served}
    code = "from django.conf import settings; print(settings.SITE_URL)"
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True).stdout.strip()


def test_email_links_point_at_the_address_make_run_serves_unless_site_url_is_set():
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url(PORT="8124") == "http://127.0.0.1:8124"
    assert _site_url(HOST="0.0.0.0", PORT="8124") == "http://127.0.0.1:8124"
    assert _site_url(PORT="8124", SITE_URL="https://prm.example.com") == "https://prm.example.com"
