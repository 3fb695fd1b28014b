"""Every month, day and moment a person reads is written the active language's way (issue 18): over the seeded
demo, in both languages, no page's visible text holds an ISO month (2026-10), day (2026-10-31) or quarter
(2026-Q4). Values inside tags (links, form fields) keep their ISO form: they are read by the app, not by people.
The walk follows links from the home page, as in the demo content check of tests/security.
"""

import html
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from tests.common.test_demo_currency import INVISIBLE, TAG, _partner_user
from tests.security.test_demo_figures import _walk

# A file's sample (<pre>, <code>) shows what to type, which is ISO.
SAMPLE = re.compile(r"<(pre|code)\b.*?</\1>", re.S | re.I)
ISO = re.compile(r"(?<![\w/.-])\d{4}-(?:\d{2}(?:-\d{2})?|Q[1-4])(?![\w-])")


def iso_dates(page: str) -> list[tuple[str, str]]:
    """(the ISO text, its surroundings) for each one in the page's visible text."""
    text = html.unescape(TAG.sub(" ", SAMPLE.sub(" ", INVISIBLE.sub(" ", page))))
    return [(m.group(), " ".join(text[max(0, m.start() - 40) : m.end() + 10].split())) for m in ISO.finditer(text)]


def test_the_check_finds_iso_dates_in_text_not_in_tags():
    page = (
        '<a href="/evaluations/cycles/2026-10/">2026年10月</a> <p>Evaluation cycle 2026-10</p><i>2026-Q4</i>'
        "<pre>partner_code,period\nP0001,2026-11</pre> <p>P0001-2026-11.csv</p>"
    )
    assert [found for found, _context in iso_dates(page)] == ["2026-10", "2026-Q4"]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_no_demo_page_shows_an_iso_date(demo, client):
    """In English: how a page writes a date does not depend on the language, only the format it asks for does."""
    found = {}
    users = get_user_model().objects
    # The director reaches every internal page (the other roles see fewer of the same pages), the partner the portal.
    for user in [users.get(username="director"), _partner_user()]:
        with translation.override("en"):
            client.cookies["django_language"] = "en"
            for url, text in _walk(client, user):
                if "<html" in text and (hits := iso_dates(text)):
                    found[f"{user.username} {url}"] = hits[:3]
    assert found == {}
