"""Rate limits per token (per user for a browser session), counted in the default cache (README, "Limits and
the cache"): one rate for reads, a lower one for writes. Counted with the atomic counter of
common/throttles.py in a fixed window, not DRF's read-then-write history: concurrent calls cannot all pass."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken
from common.throttles import Limit


class _PerSender(SimpleRateThrottle):
    def get_rate(self):
        """Read at each request (DRF reads it once at import), so an operator's setting and a test's hold."""
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return f"token:{request.auth.pk}"
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return f"ip:{self.get_ident(request)}"

    def allow_request(self, request, view):
        self.num_requests, self.duration = self.parse_rate(self.get_rate())
        return Limit(f"api-{self.scope}", count=self.num_requests, window=self.duration).hit(
            self.get_cache_key(request, view)
        )

    def wait(self):
        return self.duration  # a fixed window: the count starts again within this many seconds


class ReadThrottle(_PerSender):
    scope = "api_read"

    def allow_request(self, request, view):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


class WriteThrottle(_PerSender):
    scope = "api_write"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)
