"""The partner register's own tabs on the partner detail page (see partners/tabs.py)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from common import clock, history
from common.periods import Period
from partners.models import ComplianceIncident, Partner
from partners.selectors import expiring_q, partner_monthly_sales, summed_sales_total, with_expiring_flag
from partners.tabs import PartnerTab, register

SALES_MONTHS = 18
OPEN_INCIDENT_STATUSES = (ComplianceIncident.Status.OPEN, ComplianceIncident.Status.INVESTIGATING)
PAGE_SIZE = 25
HISTORY_SHOWN = 50


def _page(request, queryset, param="page"):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(param))


def overview_context(request, partner: Partner) -> dict:
    today = clock.today()
    year = Period.containing(today).year_months()
    sales_this_year = summed_sales_total(first=year[0], last=year[-1], partner_ids=[partner.pk]).get(partner.pk)
    return {
        "primary_contact": partner.contacts.filter(is_primary=True).first(),
        "sales_this_year": sales_this_year,
        "year": today.year,
        "expiring_agreements": partner.agreements.filter(expiring_q(today)).count(),
        "open_incidents": partner.incidents.filter(status__in=OPEN_INCIDENT_STATUSES).count(),
    }


def contacts_context(request, partner: Partner) -> dict:
    return {"contacts": partner.contacts.all()}


def agreements_context(request, partner: Partner) -> dict:
    today = clock.today()
    agreements = with_expiring_flag(partner.agreements.prefetch_related("territory"), today)
    return {"agreements": agreements, "today": today}


def sales_chart_context(partner: Partner, months: int = SALES_MONTHS) -> dict:
    """The monthly table and the chart's data; the portal's sales page shows the same."""
    rows = partner_monthly_sales(partner=partner, months=Period.containing(clock.today()).trailing(months))
    chart = {
        "labels": [str(period) for period, _sales in rows],
        "amounts": [float(sales.amount) for _period, sales in rows],  # the chart draws, it does not add up
    }
    return {
        "monthly_sales": list(reversed(rows)),
        "sales_total": sum((sales.amount for _period, sales in rows), start=0),
        "sales_chart": chart,
        "sales_months": months,
    }


def sales_context(request, partner: Partner) -> dict:
    recent = partner.sales_records.select_related("category")[:20]
    return {**sales_chart_context(partner), "recent_sales": recent}


def interactions_context(request, partner: Partner) -> dict:
    return {"interactions": _page(request, partner.interactions.select_related("recorded_by"))}


def incidents_context(request, partner: Partner) -> dict:
    return {"incidents": _page(request, partner.incidents.select_related("reported_by"))}


def history_context(request, partner: Partner) -> dict:
    return {
        "status_changes": partner.status_changes.select_related("changed_by")[:50],
        "changes": history.changes(
            partner.history.select_related("history_user").order_by("-history_date", "-history_id")[
                : HISTORY_SHOWN + 1
            ],
            limit=HISTORY_SHOWN,
        ),
    }


for tab in (
    PartnerTab("overview", _("Overview"), "partners/tabs/overview.html", 10, "partners.view_partner", overview_context),
    PartnerTab("contacts", _("Contacts"), "partners/tabs/contacts.html", 20, "partners.view_contact", contacts_context),
    PartnerTab(
        "agreements",
        _("Agreements"),
        "partners/tabs/agreements.html",
        30,
        "partners.view_agreement",
        agreements_context,
    ),
    PartnerTab("sales", _("Sales"), "partners/tabs/sales.html", 40, "partners.view_salesrecord", sales_context),
    PartnerTab(
        "interactions",
        _("Interactions"),
        "partners/tabs/interactions.html",
        50,
        "partners.view_interaction",
        interactions_context,
    ),
    PartnerTab(
        "incidents",
        _("Compliance incidents"),
        "partners/tabs/incidents.html",
        60,
        "partners.view_complianceincident",
        incidents_context,
    ),
    PartnerTab("history", _("History"), "partners/tabs/history.html", 900, "partners.view_partner", history_context),
):
    register(tab)
