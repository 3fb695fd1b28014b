"""Internal pages of the channel rules (mounted at /channelrules/): products, price lists, the violation
report with its cases, channel inventory (sell-in against sell-through) and stock thresholds."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from channelrules import services
from channelrules.filters import FindingFilter, PriceListFilter, ProductFilter
from channelrules.forms import (
    DismissForm,
    IncidentForm,
    PriceLineForm,
    PriceListForm,
    ProductForm,
    ThresholdForm,
    UploadForm,
)
from channelrules.imports import ImportFailed
from channelrules.models import PriceList, StockThreshold
from channelrules.selectors import (
    finding_list,
    price_list_list,
    product_list,
    report_partners,
    report_statuses,
    stock_keys,
    stock_rows,
)
from common import clock, history
from common.access import InternalRequiredMixin
from common.forms import apply_service
from common.memo import request_memo
from common.periods import Period
from common.versions import counted_under
from partners.selectors import PARTNERS

PAGE_SIZE = 25


def period_of(request) -> Period:
    """The month a report page shows: ?period=YYYY-MM, else last month."""
    try:
        return Period.parse(request.GET.get("period", ""))
    except ValueError:
        return Period.containing(clock.today()).previous()


def _upload_failed(request, template: str, context: dict, errors) -> object:
    return render(request, template, {**context, "import_errors": errors}, status=400)


# --- products ---------------------------------------------------------------------------------------------


class ProductListView(InternalRequiredMixin, FilterView):
    permission_required = "channelrules.view_product"
    filterset_class = ProductFilter
    template_name = "channelrules/product_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "products"

    def get_queryset(self):
        return product_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(import_form=UploadForm(), **kwargs)


class ProductImportView(InternalRequiredMixin, View):
    permission_required = ("channelrules.add_product", "channelrules.change_product")

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                counts = services.products_import(file=upload, file_name=upload.name, by=request.user)
            except ImportFailed as failed:
                errors = failed.errors
            else:
                messages.success(request, _("%(new)d products added, %(updated)d updated.") % counts)
                return redirect("channelrules:products")
        return _upload_failed(
            request,
            "channelrules/upload_failed.html",
            {"form": form, "back_url": reverse("channelrules:products")},
            errors,
        )


class ProductCreateView(InternalRequiredMixin, FormView):
    permission_required = "channelrules.add_product"
    form_class = ProductForm
    template_name = "channelrules/form.html"

    def form_valid(self, form):
        product = apply_service(
            form, lambda: services.product_save(product=form.save(commit=False), by=self.request.user)
        )
        if product is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Product %(code)s saved.") % {"code": product.code})
        return redirect("channelrules:products")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New product"), cancel_url=reverse("channelrules:products"), **kwargs)


# --- price lists ------------------------------------------------------------------------------------------


class PriceListListView(InternalRequiredMixin, FilterView):
    permission_required = "channelrules.view_pricelist"
    filterset_class = PriceListFilter
    template_name = "channelrules/price_list_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "price_lists"

    def get_queryset(self):
        return price_list_list().annotate(line_count=Count("lines"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=clock.today(), **kwargs)


class PriceListDetailView(InternalRequiredMixin, DetailView):
    permission_required = "channelrules.view_pricelist"
    template_name = "channelrules/price_list_detail.html"
    context_object_name = "price_list"

    def get_queryset(self):
        return price_list_list()

    def get_context_data(self, **kwargs):
        lines = self.object.lines.select_related("product", "category")
        line_records = [record for line in lines for record in line.history.select_related("history_user")]
        return super().get_context_data(
            lines=lines,
            line_form=kwargs.pop("line_form", None) or PriceLineForm(),
            changes=history.changes([*self.object.history.select_related("history_user"), *line_records]),
            **kwargs,
        )


class PriceListFormView(InternalRequiredMixin, FormView):
    form_class = PriceListForm
    template_name = "channelrules/form.html"

    def get_object(self):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def form_valid(self, form):
        price_list = apply_service(
            form, lambda: services.price_list_save(price_list=form.save(commit=False), by=self.request.user)
        )
        if price_list is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Price list saved."))
        return redirect("channelrules:price-list-detail", pk=price_list.pk)

    def get_context_data(self, **kwargs):
        price_list = self.get_object()
        cancel = (
            reverse("channelrules:price-list-detail", kwargs={"pk": price_list.pk})
            if price_list
            else reverse("channelrules:price-lists")
        )
        title = _("Edit price list") if price_list else _("New price list")
        return super().get_context_data(title=title, cancel_url=cancel, **kwargs)


class PriceListCreateView(PriceListFormView):
    permission_required = "channelrules.add_pricelist"


class PriceListUpdateView(PriceListFormView):
    permission_required = "channelrules.change_pricelist"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(PriceList, pk=self.kwargs["pk"])
        return self._object


class PriceLineAddView(InternalRequiredMixin, View):
    permission_required = "channelrules.add_pricelistline"

    def post(self, request, pk):
        price_list = get_object_or_404(price_list_list(), pk=pk)
        form = PriceLineForm(request.POST)
        if form.is_valid():
            line = form.save(commit=False)
            line.price_list = price_list
            if apply_service(form, lambda: services.price_line_save(line=line, by=request.user)):
                messages.success(request, _("Price line added."))
                return redirect("channelrules:price-list-detail", pk=price_list.pk)
        view = PriceListDetailView(request=request, kwargs={"pk": pk}, object=price_list)
        return render(
            request,
            "channelrules/price_list_detail.html",
            view.get_context_data(object=price_list, line_form=form),
            status=400,
        )


# --- the violation report ----------------------------------------------------------------------------------


class ViolationReportView(InternalRequiredMixin, FilterView):
    permission_required = "channelrules.view_finding"
    filterset_class = FindingFilter
    template_name = "channelrules/violations.html"
    paginate_by = PAGE_SIZE
    context_object_name = "findings"

    def get_queryset(self):
        self.period = period_of(self.request)
        return finding_list(user=self.request.user).filter(period=self.period.first_day)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            period=self.period, previous=self.period.previous(), next=self.period.next(), **kwargs
        )


class ViolationRunView(InternalRequiredMixin, View):
    permission_required = "channelrules.add_finding"

    def post(self, request):
        try:
            period = Period.parse(request.POST.get("period", ""))
        except ValueError:
            messages.error(request, _("Choose a month as YYYY-MM."))
            return redirect("channelrules:violations")
        counts = services.findings_detect(period=period)
        messages.success(request, _("%(new)d new findings; %(withdrawn)d withdrawn.") % counts)
        return redirect(f"{reverse('channelrules:violations')}?period={period}")


class FindingDetailView(InternalRequiredMixin, DetailView):
    permission_required = "channelrules.view_finding"
    template_name = "channelrules/finding_detail.html"
    context_object_name = "finding"

    def get_queryset(self):
        return finding_list(user=self.request.user).select_related("sale", "price_list", "sale__customer_region")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            dismiss_form=kwargs.pop("dismiss_form", None) or DismissForm(),
            incident_form=kwargs.pop("incident_form", None) or IncidentForm(),
            changes=history.changes(self.object.history.select_related("history_user")),
            **kwargs,
        )


class FindingDecisionView(InternalRequiredMixin, View):
    permission_required = "channelrules.change_finding"
    form_class = None

    def post(self, request, pk):
        finding = get_object_or_404(finding_list(user=request.user), pk=pk)
        form = self.form_class(request.POST)
        if form.is_valid() and apply_service(form, lambda: self.decide(finding, form)) is not None:
            return redirect("channelrules:finding-detail", pk=finding.pk)
        view = FindingDetailView(request=request, kwargs={"pk": pk}, object=finding)
        context = view.get_context_data(object=finding, **{self.form_name: form})
        return render(request, "channelrules/finding_detail.html", context, status=400)


class FindingIncidentView(FindingDecisionView):
    permission_required = ("channelrules.change_finding", "partners.add_complianceincident")
    form_class = IncidentForm
    form_name = "incident_form"

    def decide(self, finding, form):
        incident = services.finding_raise_incident(
            finding=finding,
            by=self.request.user,
            severity=form.cleaned_data["severity"] or None,
            note=form.cleaned_data["note"],
        )
        messages.success(self.request, _("Compliance incident raised."))
        return incident


class FindingDismissView(FindingDecisionView):
    form_class = DismissForm
    form_name = "dismiss_form"

    def decide(self, finding, form):
        result = services.finding_dismiss(finding=finding, reason=form.cleaned_data["reason"], by=self.request.user)
        messages.success(self.request, _("Finding dismissed."))
        return result


# --- channel inventory ------------------------------------------------------------------------------------


class InventoryView(InternalRequiredMixin, TemplateView):
    permission_required = "channelrules.view_inventoryreport"
    template_name = "channelrules/inventory.html"

    def get_context_data(self, **kwargs):
        period = period_of(self.request)
        alert = self.request.GET.get("alert", "")
        page = Paginator(stock_keys(period=period, alert=alert), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            period=period,
            previous=period.previous(),
            next=period.next(),
            page_obj=page,
            rows=stock_rows(period=period, keys=page.object_list),
            alert=alert,
            upload_form=UploadForm(),
            **kwargs,
        )


class InventoryReportsView(InternalRequiredMixin, TemplateView):
    permission_required = "channelrules.view_inventoryreport"
    template_name = "channelrules/inventory_reports.html"

    def get_context_data(self, **kwargs):
        period = period_of(self.request)
        partners = report_partners(period)
        paginator = Paginator(partners, PAGE_SIZE)
        # Every partner active in the month, counted once for each change to the partners (their history).
        paginator.count = counted_under(PARTNERS, partners, memo=request_memo(self.request))
        page = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            period=period,
            previous=period.previous(),
            next=period.next(),
            page_obj=page,
            statuses=report_statuses(period=period, partners=list(page.object_list)),
            **kwargs,
        )


class ShipmentImportView(InternalRequiredMixin, View):
    permission_required = "channelrules.add_shipment"

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                counts = services.shipments_import(file=upload, file_name=upload.name, by=request.user)
            except ImportFailed as failed:
                errors = failed.errors
            else:
                messages.success(request, _("%(new)d shipments added, %(updated)d updated.") % counts)
                return redirect("channelrules:inventory")
        return _upload_failed(
            request,
            "channelrules/upload_failed.html",
            {"form": form, "back_url": reverse("channelrules:inventory")},
            errors,
        )


class ThresholdView(InternalRequiredMixin, FormView):
    permission_required = ("channelrules.add_stockthreshold", "channelrules.change_stockthreshold")
    form_class = ThresholdForm
    template_name = "channelrules/thresholds.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        product = self.request.POST.get("product") or None
        instance = StockThreshold.objects.filter(product_id=product).first() if self.request.method == "POST" else None
        return {**kwargs, "instance": instance}

    def form_valid(self, form):
        threshold = apply_service(
            form, lambda: services.threshold_save(threshold=form.save(commit=False), by=self.request.user)
        )
        if threshold is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Stock threshold saved."))
        return redirect("channelrules:thresholds")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            thresholds=StockThreshold.objects.select_related("product").order_by("product__code"), **kwargs
        )
