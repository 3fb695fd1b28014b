"""The partner portal's deal pages: its own registrations (报备), the leads offered to it, its conflict cases.

Nothing here ever names another partner: a refused registration says the customer is taken, not by whom, and
a case shows the partner's own side only."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView

from common.access import PortalRequiredMixin
from common.forms import apply_service
from deals import services
from deals.access import cases_visible_to, offers_visible_to, registrations_visible_to
from deals.forms import DeclineForm, DisputeForm, RegistrationForm
from deals.models import DealRegistration

PAGE_SIZE = 25


class PortalRegistrationListView(PortalRequiredMixin, View):
    template_name = "deals/portal/registrations.html"

    def get(self, request):
        registrations = (
            registrations_visible_to(request.user).select_related("region__parent").order_by("-submitted_at", "-pk")
        )
        status = request.GET.get("status", "")
        if status in DealRegistration.Status.values:
            registrations = registrations.filter(status=status)
        page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            self.template_name,
            {"page_obj": page, "registrations": page, "statuses": DealRegistration.Status.choices, "status": status},
        )


class PortalRegistrationCreateView(PortalRequiredMixin, FormView):
    form_class = RegistrationForm
    template_name = "deals/portal/registration_form.html"

    def get_initial(self):
        return {"region": self.partner.region_id}

    def form_valid(self, form):
        registration = apply_service(
            form,
            lambda: services.registration_submit(
                partner=self.partner,
                data=form.service_data(),
                products=form.cleaned_data["products"],
                by=self.request.user,
            ),
        )
        if registration is None:
            return self.form_invalid(form)
        if registration.status == DealRegistration.Status.REJECTED:
            messages.error(self.request, registration.reason)
        else:
            messages.success(
                self.request,
                _("%(customer)s is registered and awaits approval.") % {"customer": registration.customer_name},
            )
        return redirect("deals_portal:registration", pk=registration.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PortalRegistrationDetailView(PortalRequiredMixin, DetailView):
    template_name = "deals/portal/registration_detail.html"
    context_object_name = "registration"

    def get_queryset(self):
        return registrations_visible_to(self.request.user).select_related("region__parent").prefetch_related("products")

    def get_context_data(self, **kwargs):
        registration = self.object
        return super().get_context_data(
            dispute_form=kwargs.pop("dispute_form", DisputeForm()),
            case=registration.conflict_cases.first(),
            **kwargs,
        )


class PortalDisputeView(PortalRequiredMixin, View):
    """Raise a conflict case about one of the partner's refused registrations."""

    def post(self, request, pk):
        registration = get_object_or_404(registrations_visible_to(request.user), pk=pk)
        form = DisputeForm(request.POST)
        if form.is_valid():
            case = apply_service(
                form,
                lambda: services.case_raise_from_registration(
                    registration=registration, description=form.cleaned_data["description"], by=request.user
                ),
            )
            if case is not None:
                messages.success(request, _("Your conflict case is open; your channel manager will look into it."))
                return redirect("deals_portal:case", pk=case.pk)
        view = PortalRegistrationDetailView(request=request, kwargs={"pk": pk})
        view.object = registration
        return render(
            request, view.template_name, view.get_context_data(object=registration, dispute_form=form), status=400
        )


class PortalLeadListView(PortalRequiredMixin, View):
    template_name = "deals/portal/leads.html"

    def get(self, request):
        offers = offers_visible_to(request.user).select_related("lead__region__parent").order_by("-offered_at", "-pk")
        page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            self.template_name,
            {"page_obj": page, "offers": page, "now": timezone.now(), "decline_form": DeclineForm()},
        )


class PortalLeadAnswerView(PortalRequiredMixin, View):
    accept = True

    def post(self, request, pk):
        offer = get_object_or_404(offers_visible_to(request.user).select_related("lead"), pk=pk)
        form = DeclineForm(request.POST)
        form.is_valid()
        if self.accept:
            call = lambda: services.lead_accept(offer=offer, by=request.user)  # noqa: E731
        else:
            call = lambda: services.lead_decline(  # noqa: E731
                offer=offer, by=request.user, reason=form.cleaned_data.get("reason", "")
            )
        if apply_service(form, call) is None:
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
        elif self.accept:
            messages.success(request, _("You accepted the lead %(name)s.") % {"name": offer.lead.customer_name})
        else:
            messages.success(request, _("You declined the lead %(name)s.") % {"name": offer.lead.customer_name})
        return redirect("deals_portal:leads")


class PortalLeadAcceptView(PortalLeadAnswerView):
    accept = True


class PortalLeadDeclineView(PortalLeadAnswerView):
    accept = False


class PortalCaseListView(PortalRequiredMixin, View):
    template_name = "deals/portal/cases.html"

    def get(self, request):
        cases = cases_visible_to(request.user).order_by("-opened_at", "-pk")
        page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, self.template_name, {"page_obj": page, "cases": page})


class PortalCaseDetailView(PortalRequiredMixin, DetailView):
    template_name = "deals/portal/case_detail.html"
    context_object_name = "case"

    def get_queryset(self):
        return cases_visible_to(self.request.user)
