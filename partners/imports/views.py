"""The sales-import pages: upload (internal and portal), the result of one import, the templates."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView

from common.access import InternalRequiredMixin, PartnerScopedMixin, PortalRequiredMixin
from common.imports.errors import RowError
from partners.imports import columns
from partners.imports.forms import SalesFileForm
from partners.imports.selectors import sales_imports_for
from partners.imports.services import ImportInProgress, sales_import_submit
from partners.models import ProductCategory, SalesImport

HISTORY_PAGE_SIZE = 20
TEMPLATES = {
    "csv": ("text/csv; charset=utf-8", columns.template_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", columns.template_xlsx),
}


def template_response(fmt: str, *, partner_code: str | None = None) -> HttpResponse:
    if fmt not in TEMPLATES:
        raise Http404
    content_type, build = TEMPLATES[fmt]
    rows = columns.EXAMPLE_ROWS
    if partner_code:
        rows = [(partner_code, *row[1:]) for row in rows]
    response = HttpResponse(build(rows), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="sales-template.{fmt}"'
    return response


class UploadMixin:
    """The upload form with the column guide and a page of the import history beside it."""

    form_class = SalesFileForm
    detail_url_name: str

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            record = sales_import_submit(
                file=upload, file_name=upload.name, by=self.request.user, partner=self.import_partner()
            )
        except ImportInProgress:
            form.add_error("file", _("The same file is being imported right now. Wait for that import to finish."))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        return redirect(self.detail_url_name, pk=record.pk)

    def import_partner(self):
        return None

    def get_context_data(self, **kwargs):
        page = Paginator(sales_imports_for(user=self.request.user), HISTORY_PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            columns=[
                (name, columns.CHINESE[name], columns.LABELS[name], name in columns.REQUIRED)
                for name in columns.COLUMNS
            ],
            categories=ProductCategory.objects.order_by("code"),
            page_obj=page,
            imports=page.object_list,
            **kwargs,
        )


class ResultMixin:
    context_object_name = "sales_import"

    def get_context_data(self, **kwargs):
        errors = [RowError.from_dict(data) for data in self.object.errors]
        return super().get_context_data(errors=errors, **kwargs)


class SalesImportView(InternalRequiredMixin, UploadMixin, FormView):
    permission_required = ("partners.add_salesrecord", "partners.add_salesimport")
    template_name = "partners/imports/upload.html"
    detail_url_name = "partners:sales-import-detail"


class SalesImportDetailView(InternalRequiredMixin, ResultMixin, DetailView):
    permission_required = "partners.view_salesimport"
    template_name = "partners/imports/detail.html"

    def get_queryset(self):
        return sales_imports_for(user=self.request.user)


class SalesTemplateView(InternalRequiredMixin, View):
    permission_required = "partners.add_salesrecord"

    def get(self, request, fmt):
        return template_response(fmt)


class PortalSalesUploadView(PortalRequiredMixin, UploadMixin, FormView):
    """A partner reports its own sales: any row of another partner rejects the whole file."""

    template_name = "partners/imports/portal_upload.html"
    detail_url_name = "partners_portal:sales-import-detail"

    def import_partner(self):
        return self.partner

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=self.partner, **kwargs)


class PortalSalesImportDetailView(PartnerScopedMixin, ResultMixin, DetailView):
    model = SalesImport
    template_name = "partners/imports/portal_detail.html"


class PortalSalesTemplateView(PortalRequiredMixin, View):
    def get(self, request, fmt):
        return template_response(fmt, partner_code=self.partner.code)
