"""Internal pages of the partner register (mounted at /partners/)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django_filters.views import FilterView

from common import clock, display
from common.access import InternalRequiredMixin
from common.downloads import file_attachment
from common.exports import table_response
from common.forms import apply_service
from common.memo import request_memo
from common.versions import CountKeptMixin, query_key, version_of
from partners import (
    detail_tabs,  # noqa: F401  (registers the register's own tabs)
    services,
)
from partners.access import owned_by_visible_partner, partners_visible_to
from partners.filters import AgreementFilter, PartnerFilter
from partners.forms import AgreementForm, ContactForm, IncidentForm, InteractionForm, PartnerForm, StatusChangeForm
from partners.models import Agreement, ComplianceIncident, Contact, Interaction, Partner
from partners.selectors import (
    PARTNERS,
    agreements_expiring,
    agreements_for,
    follow_ups_due,
    follow_ups_open,
    partner_list,
    with_expiring_flag,
)
from partners.tabs import tabs_for

PAGE_SIZE = 25


class PartnerListView(InternalRequiredMixin, CountKeptMixin, FilterView):
    permission_required = "partners.view_partner"
    # The rows and every filter read partners, their tiers and regions only.
    count_versions = PARTNERS
    filterset_class = PartnerFilter
    template_name = "partners/partner_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "partners"

    def get_queryset(self):
        return partner_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's rows: which partners (the user's, filtered, sorted, this page), as they are now (the
        # partners' version) and with their managers' names as the staff dropdown shows them (its key).
        digest = query_key(context["page_obj"].object_list)
        written = version_of(*PARTNERS, memo=request_memo(self.request))
        context["rows_key"] = digest and f"{digest}:{self.filterset.html_key}:{written}"
        return context


EXPORT_HEADER = (
    gettext_lazy("Partner code"),
    gettext_lazy("Name"),
    gettext_lazy("Legal name"),
    gettext_lazy("Unified social credit code"),
    gettext_lazy("Channel type"),
    gettext_lazy("Tier"),
    gettext_lazy("Province"),
    gettext_lazy("City"),
    gettext_lazy("Status"),
    gettext_lazy("Channel manager"),
    gettext_lazy("Joined on"),
)


def export_row(partner: Partner) -> list:
    region = partner.region
    province = region.parent if region.parent_id else region
    return [
        partner.code,
        partner.name,
        partner.legal_name,
        partner.credit_code,
        partner.get_channel_type_display(),
        partner.tier.name if partner.tier else "",
        province.name,
        region.name if region.parent_id else "",
        partner.get_status_display(),
        display.person(partner.manager),
        display.day(partner.joined_on),
    ]


class PartnerExportView(InternalRequiredMixin, View):
    """The list as CSV (streamed, so its size is not bounded by memory) or XLSX, with the list's filters and
    sorting."""

    permission_required = "partners.view_partner"

    def get(self, request):
        filterset = PartnerFilter(request.GET, queryset=partner_list(user=request.user), request=request)
        partners = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        rows = (export_row(partner) for partner in partners.iterator(chunk_size=2000))
        return table_response(request, f"partners-{clock.today():%Y%m%d}", EXPORT_HEADER, rows)


class PartnerDetailView(InternalRequiredMixin, DetailView):
    permission_required = "partners.view_partner"
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_queryset(self):
        return partner_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tabs = tabs_for(self.request.user)
        key = self.request.GET.get("tab") or tabs[0].key
        tab = next((tab for tab in tabs if tab.key == key), None)
        if tab is None:
            raise Http404("No such tab")
        context.update(tabs=tabs, tab=tab)
        if tab.context:
            context.update(tab.context(self.request, self.object))
        return context


def detail_url(partner_pk: int, tab: str = "") -> str:
    url = reverse("partners:detail", kwargs={"pk": partner_pk})
    return f"{url}?tab={tab}" if tab else url


class PartnerCreateView(InternalRequiredMixin, FormView):
    permission_required = "partners.add_partner"
    form_class = PartnerForm
    template_name = "partners/partner_form.html"

    def get_initial(self):
        return {"manager": self.request.user}

    def form_valid(self, form):
        data = form.data_fields
        partner = apply_service(
            form,
            lambda: services.partner_create(data=data, status=form.cleaned_data["status"], by=self.request.user),
        )
        if partner is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Partner %(name)s registered.") % {"name": partner.name})
        return redirect(detail_url(partner.pk))


class PartnerEditView(InternalRequiredMixin, FormView):
    permission_required = "partners.change_partner"
    form_class = PartnerForm
    template_name = "partners/partner_form.html"

    @cached_property
    def partner(self):
        return get_object_or_404(partners_visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.partner}

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=self.partner, **kwargs)

    def form_valid(self, form):
        data = form.data_fields
        partner = apply_service(
            form, lambda: services.partner_update(partner=self.partner, data=data, by=self.request.user)
        )
        if partner is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Partner %(name)s saved.") % {"name": partner.name})
        return redirect(detail_url(partner.pk))


class PartnerStatusView(InternalRequiredMixin, FormView):
    permission_required = ("partners.change_partner", "partners.add_partnerstatuschange")
    form_class = StatusChangeForm
    template_name = "partners/status_form.html"

    @cached_property
    def partner(self):
        return get_object_or_404(partner_list(user=self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partner": self.partner}

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=self.partner, **kwargs)

    def form_valid(self, form):
        change = apply_service(
            form,
            lambda: services.partner_change_status(
                partner=self.partner,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                by=self.request.user,
            ),
        )
        if change is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Status changed to %(status)s.") % {"status": change.get_to_status_display()})
        return redirect(detail_url(self.partner.pk, "history"))


class PartnerChildFormView(InternalRequiredMixin, FormView):
    """Create or edit one of a partner's contacts, agreements, interactions or incidents.

    Create URLs carry the partner's pk, edit URLs the object's; either way the partner must be
    visible to the user. Subclasses set `form_class`, `tab`, `title` and `save(form)` (a service call).
    """

    template_name = "partners/child_form.html"
    model = None  # set on edit views
    tab = ""
    title = ""
    form_takes_partner = False

    @cached_property
    def object(self):
        if self.model is None:
            return None
        queryset = owned_by_visible_partner(self.model.objects.select_related("partner"), self.request.user)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    @cached_property
    def partner(self):
        if self.object is not None:
            return self.object.partner
        return get_object_or_404(partners_visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "instance": self.object}
        if self.form_takes_partner:
            kwargs["partner"] = self.partner
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            partner=self.partner, title=self.title, cancel_url=detail_url(self.partner.pk, self.tab), **kwargs
        )

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        saved = apply_service(form, lambda: self.save(form))
        if saved is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(detail_url(self.partner.pk, self.tab))


class ContactCreateView(PartnerChildFormView):
    permission_required = "partners.add_contact"
    form_class = ContactForm
    tab = "contacts"
    title = gettext_lazy("New contact")

    def save(self, form):
        return services.contact_create(partner=self.partner, data=form.cleaned_data, by=self.request.user)


class ContactEditView(ContactCreateView):
    permission_required = "partners.change_contact"
    model = Contact
    title = gettext_lazy("Edit contact")

    def save(self, form):
        return services.contact_update(contact=self.object, data=form.cleaned_data, by=self.request.user)


class AgreementCreateView(PartnerChildFormView):
    permission_required = "partners.add_agreement"
    form_class = AgreementForm
    form_takes_partner = True
    tab = "agreements"
    title = gettext_lazy("New agreement")

    def save(self, form):
        return services.agreement_create(
            partner=self.partner,
            data=form.data_fields,
            territory=form.cleaned_data["territory"],
            by=self.request.user,
        )


class AgreementEditView(AgreementCreateView):
    permission_required = "partners.change_agreement"
    model = Agreement
    title = gettext_lazy("Edit agreement")

    def save(self, form):
        return services.agreement_update(
            agreement=self.object,
            data=form.data_fields,
            territory=form.cleaned_data["territory"],
            by=self.request.user,
        )


class InteractionCreateView(PartnerChildFormView):
    permission_required = "partners.add_interaction"
    form_class = InteractionForm
    tab = "interactions"
    title = gettext_lazy("New interaction")

    def get_initial(self):
        return {"occurred_on": clock.today()}

    def save(self, form):
        return services.interaction_create(partner=self.partner, data=form.cleaned_data, by=self.request.user)


class InteractionEditView(InteractionCreateView):
    permission_required = "partners.change_interaction"
    model = Interaction
    title = gettext_lazy("Edit interaction")

    def save(self, form):
        return services.interaction_update(interaction=self.object, data=form.cleaned_data, by=self.request.user)


class IncidentCreateView(PartnerChildFormView):
    permission_required = "partners.add_complianceincident"
    form_class = IncidentForm
    tab = "incidents"
    title = gettext_lazy("New compliance incident")

    def get_initial(self):
        return {"occurred_on": clock.today()}

    def save(self, form):
        return services.incident_create(partner=self.partner, data=form.cleaned_data, by=self.request.user)


class IncidentEditView(IncidentCreateView):
    permission_required = "partners.change_complianceincident"
    model = ComplianceIncident
    title = gettext_lazy("Edit compliance incident")

    def save(self, form):
        return services.incident_update(incident=self.object, data=form.cleaned_data, by=self.request.user)


class AgreementListView(InternalRequiredMixin, FilterView):
    """Every agreement, with those ending within 60 days flagged and countable at a glance."""

    permission_required = "partners.view_agreement"
    filterset_class = AgreementFilter
    template_name = "partners/agreement_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "agreements"

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "today": clock.today()}

    def get_queryset(self):
        agreements = agreements_for(user=self.request.user).order_by("end_on", "number")
        return with_expiring_flag(agreements, clock.today())

    def get_context_data(self, **kwargs):
        expiring = agreements_expiring(user=self.request.user, today=clock.today()).count()
        return super().get_context_data(expiring_count=expiring, **kwargs)


class FollowUpListView(InternalRequiredMixin, ListView):
    """Open follow-ups: by default the user's own that are due (what the dashboard counts), or all of theirs,
    or every partner's the user may see."""

    permission_required = "partners.view_interaction"
    template_name = "partners/follow_up_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "follow_ups"
    SCOPES = (
        ("due", gettext_lazy("My follow-ups due")),
        ("mine", gettext_lazy("All my open follow-ups")),
        ("all", gettext_lazy("Every open follow-up")),
    )

    @cached_property
    def scope(self) -> str:
        scope = self.request.GET.get("scope", "due")
        return scope if scope in dict(self.SCOPES) else "due"

    def get_queryset(self):
        user, today = self.request.user, clock.today()
        if self.scope == "due":
            return follow_ups_due(user=user, today=today)
        follow_ups = follow_ups_open(user=user)
        return follow_ups.filter(partner__manager=user) if self.scope == "mine" else follow_ups

    def get_context_data(self, **kwargs):
        return super().get_context_data(scopes=self.SCOPES, scope=self.scope, today=clock.today(), **kwargs)


def agreement_file_response(agreement: Agreement) -> FileResponse:
    return file_attachment(agreement.signed_file)


class AgreementFileView(InternalRequiredMixin, View):
    permission_required = "partners.view_agreement"

    def get(self, request, pk):
        return agreement_file_response(get_object_or_404(agreements_for(user=request.user), pk=pk))
