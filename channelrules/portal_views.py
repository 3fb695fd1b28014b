"""The partner's side of the channel rules: its current price list (and a CSV/XLSX download of it) and
its monthly channel inventory reports (a form or a file)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from channelrules import services
from channelrules.forms import InventoryEntryForm, InventoryUploadForm
from channelrules.imports import ImportFailed
from channelrules.selectors import current_prices, inventory_report_list, product_list
from common import clock, display
from common.access import PortalRequiredMixin
from common.csv_export import csv_response
from common.forms import apply_service
from common.periods import Period
from common.xlsx_export import xlsx_response

PAGE_SIZE = 24


class PortalPricesView(PortalRequiredMixin, TemplateView):
    template_name = "channelrules/portal/prices.html"

    def get_context_data(self, **kwargs):
        price_list, rows = current_prices(partner=self.partner, day=clock.today())
        return super().get_context_data(price_list=price_list, rows=rows, **kwargs)


class PortalPricesDownloadView(PortalRequiredMixin, View):
    def get(self, request, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        today = clock.today()
        _list, rows = current_prices(partner=self.partner, day=today)
        header = [
            _("Product code"),
            _("Product"),
            _("Product category"),
            _("Unit"),
            display.money_header(_("Supply price")),
            display.money_header(_("Minimum resale price")),
        ]
        lines = [
            (row.product.code, row.product.name, row.product.category.name, row.product.unit, row.supply, row.minimum)
            for row in rows
        ]
        name = f"price-list-{self.partner.code}-{today.isoformat()}.{fmt}"
        return (csv_response if fmt == "csv" else xlsx_response)(name, header, lines)


class InventoryPageMixin(PortalRequiredMixin):
    def page_context(self, *, entry_form=None, upload_form=None, import_errors=()):
        default_period = str(Period.containing(clock.today()).previous())
        page = Paginator(inventory_report_list(user=self.request.user).order_by("-period"), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        return {
            "reports": page.object_list,
            "page_obj": page,
            "entry_form": entry_form
            or InventoryEntryForm(products=self.products(), initial={"period": default_period}),
            "upload_form": upload_form or InventoryUploadForm(initial={"period": default_period}),
            "import_errors": import_errors,
        }

    def products(self):
        return product_list().filter(active=True)


class PortalInventoryView(InventoryPageMixin, TemplateView):
    template_name = "channelrules/portal/inventory.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page_context(), **kwargs)

    def post(self, request):
        form = InventoryEntryForm(request.POST, products=self.products())
        if form.is_valid():
            report = apply_service(
                form,
                lambda: services.inventory_report_submit(
                    partner=self.partner,
                    period=form.cleaned_data["period"],
                    quantities=form.quantities(),
                    by=request.user,
                ),
            )
            if report is not None:
                messages.success(
                    request,
                    _("Inventory report for %(month)s received.")
                    % {"month": display.month(form.cleaned_data["period"])},
                )
                return redirect("channelrules_portal:inventory-detail", pk=report.pk)
        return self.render_to_response(self.get_context_data(**self.page_context(entry_form=form)), status=400)


class PortalInventoryUploadView(InventoryPageMixin, TemplateView):
    template_name = "channelrules/portal/inventory.html"

    def get(self, request):
        return redirect("channelrules_portal:inventory")

    def post(self, request):
        form = InventoryUploadForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = apply_service(
                    form,
                    lambda: services.inventory_import(
                        partner=self.partner,
                        period=form.cleaned_data["period"],
                        file=upload,
                        file_name=upload.name,
                        by=request.user,
                    ),
                )
            except ImportFailed as failed:
                errors = failed.errors
            else:
                if report is not None:
                    messages.success(
                        request,
                        _("Inventory report for %(month)s received.")
                        % {"month": display.month(form.cleaned_data["period"])},
                    )
                    return redirect("channelrules_portal:inventory-detail", pk=report.pk)
        context = self.page_context(upload_form=form, import_errors=errors)
        return self.render_to_response(self.get_context_data(**context), status=400)


class PortalInventoryTemplateView(PortalRequiredMixin, View):
    """The inventory file to fill in: every active product's code with an empty quantity (the name and unit
    columns help the reader; the import ignores them)."""

    def get(self, request):
        rows = [(product.code, None, product.name, product.unit) for product in product_list().filter(active=True)]
        return xlsx_response("inventory-template.xlsx", ["product_code", "quantity", "name", "unit"], rows)


class PortalInventoryDetailView(PortalRequiredMixin, TemplateView):
    template_name = "channelrules/portal/inventory_detail.html"

    def get_context_data(self, **kwargs):
        report = get_object_or_404(inventory_report_list(user=self.request.user), pk=self.kwargs["pk"])
        return super().get_context_data(
            report=report, lines=report.lines.select_related("product").order_by("product__code"), **kwargs
        )
