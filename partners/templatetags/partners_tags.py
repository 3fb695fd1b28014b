"""Dashboard panels of the partner register (the internal `/` and the portal's `/portal/`)."""

from django import template
from django.db.models import Count, Q, Sum

from common import clock
from common.periods import Period
from partners.access import owned_by_visible_partner, partners_visible_to
from partners.models import ComplianceIncident, Interaction, Partner, SalesRecord
from partners.selectors import agreements_expiring

register = template.Library()


@register.simple_tag(takes_context=True)
def partner_register_summary(context) -> dict:
    """Partners by status, agreements running out, open incidents and my due follow-ups: four queries."""
    user = context["request"].user
    today = clock.today()
    by_status = dict(
        partners_visible_to(user).values_list("status").annotate(n=Count("pk")).order_by().values_list("status", "n")
    )
    incidents = owned_by_visible_partner(
        ComplianceIncident.objects.all(), user, perm="partners.view_complianceincident"
    ).filter(status__in=(ComplianceIncident.Status.OPEN, ComplianceIncident.Status.INVESTIGATING))
    follow_ups = owned_by_visible_partner(Interaction.objects.all(), user, perm="partners.view_interaction").filter(
        done=False, due_on__lte=today, partner__manager=user
    )
    return {
        "statuses": [(value, label, by_status.get(value, 0)) for value, label in Partner.Status.choices],
        "expiring": agreements_expiring(user=user, today=today).count(),
        "open_incidents": incidents.count(),
        "due_follow_ups": follow_ups.count(),
    }


@register.simple_tag(takes_context=True)
def portal_company_summary(context) -> dict:
    """The partner's own sales this year and last month, and its next agreement end: two queries."""
    partner = context["partner"]
    today = clock.today()
    this_month = Period.containing(today)
    last_month = this_month.previous()
    sales = SalesRecord.objects.filter(partner=partner, date__gte=this_month.year_months()[0].first_day).aggregate(
        year=Sum("amount"),
        last_month=Sum("amount", filter=Q(date__gte=last_month.first_day, date__lt=this_month.first_day)),
    )
    agreement = (
        partner.agreements.filter(status="signed", end_on__gte=today)
        .order_by("end_on")
        .only("number", "end_on")
        .first()
    )
    return {
        "sales_year": sales["year"],
        "sales_last_month": sales["last_month"],
        "last_month": last_month,
        "agreement": agreement,
        "year": today.year,
    }
