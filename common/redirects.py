"""The one way a view redirects to a URL the request names (`next`): only to this site, else the default.

Every view that sends the user back to where a form said it came from goes through `safe_next`, so a
crafted `next=https://evil.example/…` in a link or a form lands on our own page, never on someone else's.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default, *, field: str = "next") -> HttpResponseRedirect:
    """Redirect to the request's `next` (POST first, then GET) when it stays on this site, else to `default`
    (a URL, a URL name or a model, as `redirect()` takes)."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(resolve_url(default))
