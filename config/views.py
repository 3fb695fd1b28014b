"""Project-level pages: the internal home, the portal home, the health check and the login page."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from kombu import Connection

from common import counts
from common.access import InternalRequiredMixin, PortalRequiredMixin, is_partner_user
from common.login_throttle import address_blocked


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # The backend would refuse anyway; this says why instead of "wrong password".
        if address_blocked(request):
            return render(request, "registration/address_blocked.html", status=429)
        return super().post(request, *args, **kwargs)


class HomeView(InternalRequiredMixin, TemplateView):
    """The internal dashboard. Partner users who land here are sent to their portal."""

    template_name = "home.html"

    def dispatch(self, request, *args, **kwargs):
        if is_partner_user(request.user):
            return redirect("portal-home")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # The panels' independent counts (apps' common.counts providers) in one query before they render.
        counts.count_ahead(self.request, page="home")
        return super().get_context_data(**kwargs)


class PortalHomeView(PortalRequiredMixin, TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=self.partner, membership=self.membership, **kwargs)


@never_cache
def health(request):
    """Liveness for load balancers: the database, and the broker when one is configured."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure means unhealthy; say which
        checks["database"] = f"error: {exc.__class__.__name__}"
    if not settings.CELERY_EMBEDDED_BROKER:
        checks["broker"] = _broker_status()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def _broker_status() -> str:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # the broker library raises many kinds
        return f"error: {exc.__class__.__name__}"
