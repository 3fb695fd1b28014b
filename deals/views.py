"""Internal pages (mounted at /deals/): registrations to approve, leads, conflict cases."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from common.access import InternalRequiredMixin
from common.forms import apply_service
from common.history import changes
from deals import services
from deals.filters import CaseFilter, LeadFilter, RegistrationFilter
from deals.forms import CaseForm, CloseForm, DecisionForm, LeadForm, LeadImportForm, ResolveForm
from deals.lead_import import LeadImportError, leads_import
from deals.models import ConflictCase, DealRegistration, Lead
from deals.selectors import case_list, lead_list, registration_list

PAGE_SIZE = 25


# --- registrations ------------------------------------------------------------------------------------


class RegistrationListView(InternalRequiredMixin, FilterView):
    permission_required = "deals.view_dealregistration"
    filterset_class = RegistrationFilter
    template_name = "deals/registration_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "registrations"

    def get_queryset(self):
        return registration_list()


class RegistrationDetailView(InternalRequiredMixin, DetailView):
    permission_required = "deals.view_dealregistration"
    template_name = "deals/registration_detail.html"
    context_object_name = "registration"

    def get_queryset(self):
        return DealRegistration.objects.select_related("partner", "region__parent", "submitted_by", "decided_by")

    def get_context_data(self, **kwargs):
        registration = self.object
        return super().get_context_data(
            decision_form=kwargs.pop("decision_form", DecisionForm()),
            close_form=kwargs.pop("close_form", CloseForm(registration=registration)),
            same_customer=services.same_customer_registrations(registration=registration),
            history=changes(registration.history.select_related("history_user")[:30]),
            **kwargs,
        )


class RegistrationActionView(InternalRequiredMixin, View):
    permission_required = ("deals.view_dealregistration", "deals.decide_dealregistration")
    form_class = DecisionForm

    def get_form(self, registration):
        return self.form_class(self.request.POST)

    def post(self, request, pk):
        registration = get_object_or_404(DealRegistration, pk=pk)
        form = self.get_form(registration)
        if form.is_valid() and apply_service(form, lambda: self.act(registration, form)) is not None:
            messages.success(request, self.done_message(registration))
            return redirect("deals:registration-detail", pk=registration.pk)
        view = RegistrationDetailView(request=request, kwargs={"pk": pk}, object=registration)
        context = view.get_context_data(object=registration, **{self.form_context: form})
        return render(request, view.template_name, context, status=400)

    form_context = "decision_form"


class RegistrationApproveView(RegistrationActionView):
    def act(self, registration, form):
        return services.registration_approve(
            registration=registration, by=self.request.user, reason=form.cleaned_data["reason"]
        )

    def done_message(self, registration):
        return _("Registration approved: %(customer)s is protected.") % {"customer": registration.customer_name}


class RegistrationRejectView(RegistrationActionView):
    def act(self, registration, form):
        return services.registration_reject(
            registration=registration, by=self.request.user, reason=form.cleaned_data["reason"]
        )

    def done_message(self, registration):
        return _("Registration rejected.")


class RegistrationExtendView(RegistrationActionView):
    def act(self, registration, form):
        return services.registration_extend(registration=registration, by=self.request.user)

    def done_message(self, registration):
        return _("Protection extended.")


class RegistrationCloseView(RegistrationActionView):
    form_context = "close_form"

    def get_form(self, registration):
        return CloseForm(self.request.POST, registration=registration)

    def act(self, registration, form):
        return services.registration_close(
            registration=registration,
            won=form.cleaned_data["outcome"] == "won",
            sales_record_ids=[r.pk for r in form.cleaned_data["closing_sales"]],
            by=self.request.user,
        )

    def done_message(self, registration):
        return _("Registration closed.")


# --- leads --------------------------------------------------------------------------------------------


class LeadListView(InternalRequiredMixin, FilterView):
    permission_required = "deals.view_lead"
    filterset_class = LeadFilter
    template_name = "deals/lead_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "leads"

    def get_queryset(self):
        return lead_list()


class LeadCreateView(InternalRequiredMixin, FormView):
    permission_required = "deals.add_lead"
    form_class = LeadForm
    template_name = "deals/form.html"

    def form_valid(self, form):
        lead = apply_service(
            form,
            lambda: services.lead_create(
                data=form.service_data(), tiers=form.cleaned_data["tiers"], by=self.request.user
            ),
        )
        if lead is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Lead %(name)s saved.") % {"name": lead.customer_name})
        return redirect("deals:lead-detail", pk=lead.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New lead"), **kwargs)


class LeadImportView(InternalRequiredMixin, View):
    permission_required = "deals.add_lead"
    template_name = "deals/lead_import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": LeadImportForm()})

    def post(self, request):
        form = LeadImportForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                created = leads_import(file=upload, file_name=upload.name, by=request.user)
            except LeadImportError as error:
                errors = error.messages
            else:
                messages.success(request, _("%(count)d leads imported and offered.") % {"count": created})
                return redirect("deals:leads")
        return render(request, self.template_name, {"form": form, "errors": errors}, status=400)


class LeadDetailView(InternalRequiredMixin, DetailView):
    permission_required = "deals.view_lead"
    template_name = "deals/lead_detail.html"
    context_object_name = "lead"

    def get_queryset(self):
        return Lead.objects.select_related("region__parent", "partner", "created_by").prefetch_related("tiers")

    def get_context_data(self, **kwargs):
        return super().get_context_data(offers=self.object.offers.select_related("partner"), **kwargs)


class LeadReofferView(InternalRequiredMixin, View):
    permission_required = ("deals.view_lead", "deals.change_lead")

    def post(self, request, pk):
        lead = get_object_or_404(Lead, pk=pk)
        form = DecisionForm(request.POST)
        offer = apply_service(form, lambda: services.lead_reoffer(lead=lead, by=request.user) or False)
        if offer is None:
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
            return redirect("deals:lead-detail", pk=pk)
        if offer:
            messages.success(request, _("Lead offered to %(partner)s.") % {"partner": offer.partner.name})
        else:
            messages.warning(request, _("No eligible partner is left for this lead."))
        return redirect("deals:lead-detail", pk=pk)


# --- conflict cases -----------------------------------------------------------------------------------


class CaseListView(InternalRequiredMixin, FilterView):
    permission_required = "deals.view_conflictcase"
    filterset_class = CaseFilter
    template_name = "deals/case_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "cases"

    def get_queryset(self):
        return case_list()


class CaseCreateView(InternalRequiredMixin, FormView):
    permission_required = "deals.add_conflictcase"
    form_class = CaseForm
    template_name = "deals/form.html"

    def form_valid(self, form):
        case = apply_service(
            form,
            lambda: services.case_open(
                data=form.service_data(), partners=form.cleaned_data["partners"], by=self.request.user
            ),
        )
        if case is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Conflict case opened."))
        return redirect("deals:case-detail", pk=case.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New conflict case"), **kwargs)


class CaseDetailView(InternalRequiredMixin, DetailView):
    permission_required = "deals.view_conflictcase"
    template_name = "deals/case_detail.html"
    context_object_name = "case"

    def get_queryset(self):
        return ConflictCase.objects.select_related(
            "registration", "raised_by_partner", "opened_by", "incident__partner"
        ).prefetch_related("partners")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            resolve_form=kwargs.pop("resolve_form", ResolveForm(case=self.object)),
            history=changes(self.object.history.select_related("history_user")[:30]),
            **kwargs,
        )


class CaseInvestigateView(InternalRequiredMixin, View):
    permission_required = ("deals.view_conflictcase", "deals.change_conflictcase")

    def post(self, request, pk):
        case = get_object_or_404(ConflictCase, pk=pk)
        form = DecisionForm(request.POST)
        if apply_service(form, lambda: services.case_investigate(case=case, by=request.user)) is None:
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
        else:
            messages.success(request, _("The case is under investigation."))
        return redirect("deals:case-detail", pk=pk)


class CaseResolveView(InternalRequiredMixin, View):
    permission_required = ("deals.view_conflictcase", "deals.change_conflictcase")

    def post(self, request, pk):
        case = get_object_or_404(ConflictCase, pk=pk)
        form = ResolveForm(request.POST, case=case)
        if form.is_valid():
            resolved = apply_service(
                form,
                lambda: services.case_resolve(
                    case=case,
                    decision=form.cleaned_data["decision"],
                    rule_applied=form.cleaned_data["rule_applied"],
                    incident=form.incident(),
                    by=request.user,
                ),
            )
            if resolved is not None:
                messages.success(request, _("The case is resolved."))
                return redirect("deals:case-detail", pk=pk)
        view = CaseDetailView(request=request, kwargs={"pk": pk})
        view.object = CaseDetailView(request=request, kwargs={"pk": pk}).get_queryset().get(pk=pk)
        context = view.get_context_data(object=view.object, resolve_form=form)
        return render(request, view.template_name, context, status=400)
