"""Browser-side defences every response carries, and the templates' part of the bargain: no inline script
for the Content-Security-Policy to refuse."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.common.factories import PASSWORD, ManagerFactory


def _directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_every_page_sends_csp_referrer_and_permissions_policies(client, db):
    for url in (reverse("login"), "/apply/", "/health/"):
        response = client.get(url)
        csp = _directives(response["Content-Security-Policy"])
        assert csp["script-src"] == ["'self'"], url  # no 'unsafe-inline', no 'unsafe-eval'
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["default-src"] == ["'self'"]
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"


def _template_files():
    base = Path(settings.BASE_DIR)
    ours = [Path(app.path) for app in apps.get_app_configs()]
    roots = [base / "templates"] + [
        path / "templates" for path in ours if path.is_relative_to(base) and ".venv" not in path.parts
    ]
    return [path for root in roots if root.exists() for path in root.rglob("*.html")]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)


def test_no_template_holds_an_inline_script_handler_or_style_element():
    offenders = []
    for path in _template_files():
        if "email" in path.parts:  # emails are read in mail clients, never under our CSP
            continue
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, INLINE_STYLE_ELEMENT):
            offenders += [f"{path.relative_to(settings.BASE_DIR)}: {match}" for match in pattern.findall(text)]
    assert offenders == []


def test_login_rotates_the_session_key_and_the_csrf_token(client, db):
    """Django's login() cycles the session key and rotates the CSRF secret; a value planted before login
    (session fixation) is worth nothing after it."""
    ManagerFactory(username="mgr")
    client.get(reverse("login"))
    anonymous_csrf = client.cookies[settings.CSRF_COOKIE_NAME].value
    session = client.session
    session["planted"] = True
    session.save()
    anonymous_session = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post(reverse("login"), {"username": "mgr", "password": PASSWORD})

    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME].value != anonymous_session
    assert response.cookies[settings.CSRF_COOKIE_NAME].value != anonymous_csrf
    assert SESSION_KEY in client.session
    assert client.session.session_key != anonymous_session
