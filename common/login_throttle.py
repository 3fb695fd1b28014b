"""Failed logins counted per address across usernames, so one password tried on many accounts is slowed.

django-axes locks a username+address pair after AXES_FAILURE_LIMIT failures; that does nothing against a spray
(one guess per username). This limit counts every failure from an address, whatever the username, and once it
is used up refuses every login from that address — at the login page, the admin and the API alike, since it sits
in AUTHENTICATION_BACKENDS — until its window passes. It is looser than axes' (an office behind one address
shares it), and a success does not reset it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from common.throttles import Limit, client_ip


def _limit() -> Limit:
    return Limit(
        "login-address", count=settings.LOGIN_ADDRESS_FAILURE_LIMIT, window=settings.LOGIN_ADDRESS_WINDOW_SECONDS
    )


def address_blocked(request) -> bool:
    return _limit().exceeded(client_ip(request))


class AddressThrottleBackend:
    """First in AUTHENTICATION_BACKENDS: while the address is blocked, no backend after it is asked.

    Deliberately not a BaseBackend: without get_user() it is never the backend a session is bound to (Django
    and its test client pick the first backend that has one), only a gate in front of the others."""

    def authenticate(self, request, **credentials):
        if request is not None and address_blocked(request):
            raise PermissionDenied("Too many failed logins from this address")
        return None


@receiver(user_login_failed, dispatch_uid="common.login_throttle.count_failure")
def count_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        _limit().hit(client_ip(request))
