"""The partner portal's company pages (mounted under /portal/partners/). Everything is the user's own partner."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from common.access import PartnerScopedMixin, PortalRequiredMixin
from common.downloads import file_attachment
from common.forms import apply_service
from partners import services
from partners.detail_tabs import sales_chart_context
from partners.forms import ContactForm
from partners.models import Agreement, Contact


class ProfileView(PortalRequiredMixin, TemplateView):
    template_name = "partners/portal/profile.html"

    def get_context_data(self, **kwargs):
        partner = (
            type(self.partner)
            .objects.select_related("tier", "region", "region__parent", "manager")
            .get(pk=self.partner.pk)
        )
        return super().get_context_data(partner=partner, membership=self.membership, **kwargs)


class ContactListView(PartnerScopedMixin, ListView):
    model = Contact
    template_name = "partners/portal/contacts.html"
    context_object_name = "contacts"

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.membership, **kwargs)


class ContactFormView(PartnerScopedMixin, FormView):
    model = Contact
    form_class = ContactForm
    template_name = "partners/portal/contact_form.html"

    def get(self, request, *args, **kwargs):
        self._require_admin()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._require_admin()
        return super().post(request, *args, **kwargs)

    def _require_admin(self):
        """Only the partner's admins change its contacts; members see them."""
        if not self.membership.is_admin:
            raise PermissionDenied

    @cached_property
    def object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def save(self, form):
        user = self.request.user
        if self.object is None:
            return services.contact_create(partner=self.partner, data=form.cleaned_data, by=user)
        return services.contact_update(contact=self.object, data=form.cleaned_data, by=user)

    def form_valid(self, form):
        if apply_service(form, lambda: self.save(form)) is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("partners_portal:contacts")


class AgreementListView(PartnerScopedMixin, ListView):
    """The partner's agreements; drafts stay internal until they are signed."""

    model = Agreement
    template_name = "partners/portal/agreements.html"
    context_object_name = "agreements"

    def get_base_queryset(self):
        return Agreement.objects.exclude(status=Agreement.Status.DRAFT).prefetch_related("territory")


class AgreementFileView(PartnerScopedMixin, View):
    model = Agreement

    def get(self, request, pk):
        agreements = self.get_queryset().exclude(status=Agreement.Status.DRAFT)
        return file_attachment(get_object_or_404(agreements, pk=pk).signed_file)


class SalesView(PortalRequiredMixin, TemplateView):
    template_name = "partners/portal/sales.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=self.partner, **sales_chart_context(self.partner), **kwargs)
