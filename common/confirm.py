"""The confirmation step before a one-click action with a big effect (publishing, onboarding, closing).

The action's GET renders this page saying what will happen in numbers ("emails 47 contacts"); the
action itself is the POST. The page works without JavaScript, so the CSP's ban on inline scripts
does not matter.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def confirmation_page(
    request: HttpRequest,
    *,
    title: str,
    consequences: list[str],
    action: str,
    cancel_url: str,
    danger: bool = False,
    irreversible: bool = False,
    form=None,
    hidden: tuple[tuple[str, str], ...] = (),
) -> HttpResponse:
    """`action` is the button's verb ("Publish", "Reject application"); the form posts back to this URL."""
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "action": action,
            "cancel_url": cancel_url,
            "danger": danger,
            "irreversible": irreversible,
            "form": form,
            "hidden": hidden,
        },
    )
