"""Helpers for the browser suite: the pages a role's menu reaches, horizontal overflow, axe-core's serious or
critical violations, and waiting for a chart."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urljoin

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
# The API documentation page embeds Swagger UI, a vendored third-party widget whose own markup we do not own.
AXE_EXCLUDE = [["#swagger-ui"]]
SKIPPED = ("/admin/", "/accounts/logout/")


def menu_urls(page, base_url: str) -> list[str]:
    """The landing page and every page of the navigation bar (its links and dropdown items), once each."""
    hrefs = page.eval_on_selector_all(
        "#mainnav a.nav-link[href], #mainnav a.dropdown-item[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    urls = [page.url]
    for href in hrefs:
        url = urljoin(base_url + "/", href)
        if url.startswith(base_url) and "#" not in url and not any(s in url for s in SKIPPED) and url not in urls:
            urls.append(url)
    return urls


def wait_for_chart(page, canvas_id: str, timeout: float = 15.0) -> None:
    """Wait until Chart.js has drawn on the canvas (our scripts keep the chart on it as `.chart`).

    Polled from here rather than with `page.wait_for_function("…")`: that one evaluates its string again on
    each animation frame, which the pages' Content Security Policy refuses (no 'unsafe-eval'), so it failed
    whenever the chart was not drawn yet at the first look, i.e. on a busy machine."""
    deadline = time.monotonic() + timeout
    while not page.evaluate("id => document.getElementById(id)?.chart !== undefined", canvas_id):
        if time.monotonic() > deadline:
            raise AssertionError(f"no chart drawn on #{canvas_id} within {timeout} s")
        page.wait_for_timeout(100)


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, as "rule: element" strings. The script goes in
    through page.evaluate, which the page's Content-Security-Policy (no inline scripts) does not block."""
    page.evaluate(AXE_SOURCE)
    return page.evaluate(
        """async (exclude) => {
          const result = await axe.run({exclude}, {resultTypes: ["violations"]});
          return result.violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .flatMap(v => v.nodes.map(n => `${v.id}: ${n.target.join(" ")}`));
        }""",
        AXE_EXCLUDE,
    )
