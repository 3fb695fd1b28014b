import pytest

from tests.common.factories import PASSWORD


@pytest.fixture
def login(page, live_server):
    """Log in through the real login form; returns the page on the landing URL."""

    def _login(username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return _login
