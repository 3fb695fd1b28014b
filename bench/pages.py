"""The pages the load benchmark times (bench/load.py) and whose query counts a test holds equal at any size
(tests/bench/test_page_queries.py): each page's name, the role that requests it and its URL."""

from __future__ import annotations

from dataclasses import dataclass

DIRECTOR, MANAGER, PARTNER = "director", "manager", "partner"


@dataclass(frozen=True)
class Page:
    name: str
    role: str | None  # None: anonymous
    url: str


def pages(*, busiest_partner_id: int, period, plan_id: int) -> list[Page]:
    """`/health/` first (the yardstick), then every page issue 17 asks to be fast with any number of partners.
    `period` is the month of the published cycle the partner's scorecard belongs to."""
    from django.urls import reverse

    return [
        Page("health", None, reverse("health")),
        Page("partner_list", DIRECTOR, reverse("partners:list")),
        Page("busiest_partner", DIRECTOR, reverse("partners:detail", kwargs={"pk": busiest_partner_id})),
        Page("home_director", DIRECTOR, reverse("home")),
        Page("home_manager", MANAGER, reverse("home")),
        Page("portal_home", PARTNER, reverse("portal-home")),
        Page("portal_scorecard", PARTNER, reverse("evaluations_portal:scorecard", kwargs={"period": str(period)})),
        Page("cycle_review", DIRECTOR, reverse("evaluations:cycle", kwargs={"period": str(period)})),
        Page("plan_detail", DIRECTOR, reverse("plans:detail", kwargs={"pk": plan_id})),
    ]
