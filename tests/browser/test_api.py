"""A partner admin makes a token in the portal, copies it once, and reads the API documentation, which draws the
schema with the vendored Swagger UI under the enforced Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from tests.partners.factories import PartnerUserFactory

pytestmark = pytest.mark.browser


def test_a_partner_admin_makes_a_token_and_reads_the_docs(page, live_server, login, transactional_db):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    PartnerUserFactory(username="harbour-admin", partner__name="Harbour Trading")
    login("harbour-admin")

    page.click("#user-menu")
    page.click("#menu-api-tokens")
    page.fill("#token-form input[name=name]", "Shop feed")
    page.click("#token-form button[type=submit]")
    secret = page.input_value("#token-secret")
    assert secret.startswith("cw_")

    response = page.request.get(f"{live_server.url}/api/v1/partners/", headers={"Authorization": f"Bearer {secret}"})
    assert [row["name"] for row in response.json()["results"]] == ["Harbour Trading"]

    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .opblock-summary-path").first).to_be_visible(timeout=15000)
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert "/api/v1/sales/" in [path.strip() for path in paths]
    assert violations == []
