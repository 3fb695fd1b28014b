"""The tabs of the internal partner detail page, declared in one place so other apps can add theirs.

A tab is a key, a label, a template (rendered with the page's context plus what `context` returns) and
the permission a user needs to see it. Another app adds a tab from its AppConfig.ready():

    from partners.tabs import PartnerTab, register
    register(PartnerTab("training", _("Training"), "training/partner_tab.html", order=70,
                        permission="training.view_enrollment", context=training_tab_context))

`context(request, partner)` must use a fixed number of queries (the page's query count is asserted).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from partners.models import Partner

TabContext = Callable[[HttpRequest, Partner], dict]


@dataclass(frozen=True)
class PartnerTab:
    key: str
    label: str
    template: str
    order: int = 100
    permission: str | None = None
    context: TabContext | None = None

    def visible_to(self, user) -> bool:
        return self.permission is None or user.has_perm(self.permission)


_registry: dict[str, PartnerTab] = {}


def register(tab: PartnerTab) -> PartnerTab:
    """Add (or replace, by key) a tab."""
    _registry[tab.key] = tab
    return tab


def tabs_for(user) -> list[PartnerTab]:
    return sorted((tab for tab in _registry.values() if tab.visible_to(user)), key=lambda tab: (tab.order, tab.key))
