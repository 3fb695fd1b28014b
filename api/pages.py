"""The pages around the API: tokens in the internal pages and in the portal (partner admins), and the docs."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView

from api.access import can_manage_partner_tokens, is_partner_admin, tokens_visible_to
from api.forms import TokenForm
from api.services import token_create, token_revoke
from common.access import InternalRequiredMixin, PortalRequiredMixin, is_partner_user
from common.forms import apply_service
from partners.access import partners_visible_to

PAGE_SIZE = 25


class TokenFilter(django_filters.FilterSet):
    STATES = [
        ("live", gettext_lazy("Live")),
        ("revoked", gettext_lazy("Revoked")),
        ("expired", gettext_lazy("Expired")),
    ]
    state = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=STATES, method="by_state")
    name = django_filters.CharFilter(label=gettext_lazy("Name"), lookup_expr="icontains")

    def by_state(self, queryset, name, value):
        now = timezone.now()
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if value == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        return queryset.filter(revoked_at__isnull=True, expires_at__gt=now)


class _Tokens:
    """What the internal and portal pages share; `portal` tells them apart."""

    portal = False
    template_name = "api/token_list.html"

    def partners_offered(self):
        return None

    def tokens(self):
        return tokens_visible_to(self.request.user)

    def names(self) -> dict:
        prefix = "api_portal" if self.portal else "api_pages"
        return {"list": f"{prefix}:tokens", "create": f"{prefix}:token-create", "revoke": f"{prefix}:token-revoke"}


class _TokenList(_Tokens, FilterView):
    filterset_class = TokenFilter
    paginate_by = PAGE_SIZE
    context_object_name = "tokens"

    def get_queryset(self):
        return self.tokens()

    def get_context_data(self, **kwargs):
        form = TokenForm(partners=self.partners_offered())
        return super().get_context_data(form=form, urls=self.names(), portal=self.portal, now=timezone.now(), **kwargs)


class _TokenCreate(_Tokens, View):
    def post(self, request):
        form = TokenForm(request.POST, partners=self.partners_offered())
        created = None
        if form.is_valid():
            partner = self.token_partner(form)
            created = apply_service(
                form,
                lambda: token_create(
                    name=form.cleaned_data["name"], expires_at=form.expires_at(), by=request.user, partner=partner
                ),
            )
        if created is None:
            return render(request, "api/token_form.html", {"form": form, "urls": self.names()}, status=400)
        token, secret = created
        response = render(request, "api/token_created.html", {"token": token, "secret": secret, "urls": self.names()})
        response["Cache-Control"] = "no-store"  # the secret is shown once: not kept by the browser either
        return response


class _TokenRevoke(_Tokens, View):
    def post(self, request, pk):
        token = get_object_or_404(self.tokens(), pk=pk)
        token_revoke(token=token, by=request.user)
        messages.success(
            request, _("The token “%(name)s” is revoked; it no longer opens the API.") % {"name": token.name}
        )
        return redirect(self.names()["list"])


class _Internal(InternalRequiredMixin):
    def partners_offered(self):
        user = self.request.user
        return partners_visible_to(user).order_by("name") if can_manage_partner_tokens(user) else None

    def token_partner(self, form):
        return form.cleaned_data.get("partner")


class TokenListView(_Internal, _TokenList):
    pass


class TokenCreateView(_Internal, _TokenCreate):
    pass


class TokenRevokeView(_Internal, _TokenRevoke):
    pass


class _Portal(PortalRequiredMixin):
    """Partner admins manage their partner's tokens; other partner users get 403."""

    portal = True

    def dispatch(self, request, *args, **kwargs):
        if is_partner_user(request.user) and not is_partner_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def token_partner(self, form):
        return self.partner


class PortalTokenListView(_Portal, _TokenList):
    pass


class PortalTokenCreateView(_Portal, _TokenCreate):
    pass


class PortalTokenRevokeView(_Portal, _TokenRevoke):
    pass


class DocsView(TemplateView):
    """The API's reference, rendered in the browser from /api/schema/ by the vendored Swagger UI. Anyone logged
    in may read it (the schema needs a login)."""

    template_name = "api/docs.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)
