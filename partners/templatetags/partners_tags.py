"""Dashboard panels of the partner register (the internal `/` and the portal's `/portal/`)."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common import clock
from common.counts import named_count
from common.display import choice_label, person
from common.memo import request_memo
from common.periods import Period
from common.templatetags.common_tags import kept_rendered, row_url
from common.versions import version_of
from partners.access import partners_visible_to
from partners.dashboard_counts import open_incidents
from partners.models import Partner
from partners.selectors import (
    PARTNERS,
    agreements_expiring,
    follow_ups_due,
    partners_counted_by,
    partners_owned_by,
    sales_by_month,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def partner_register_summary(context) -> dict:
    """Partners by status (kept under the partners' version), agreements running out, open incidents and my due
    follow-ups: the three counts counted ahead with the page's others (partners.dashboard_counts), else one query
    each."""
    request = context["request"]
    user, memo = request.user, request_memo(request)
    today = clock.today()
    by_status = partners_counted_by(partners_visible_to(user), "status", memo=memo)
    # Counted ahead with the page's other counts (partners.dashboard_counts); the plan's attention list counts
    # the same agreements for a user who sees them all: once a request.
    return {
        "statuses": [(value, label, by_status.get(value, 0)) for value, label in Partner.Status.choices],
        "expiring": named_count(
            memo, "partners:agreements-expiring", lambda: agreements_expiring(user=user, today=today)
        ),
        "open_incidents": named_count(memo, "partners:open-incidents", lambda: open_incidents(user=user)),
        "due_follow_ups": named_count(  # as "My partners" does
            memo, "partners:follow-ups-due", lambda: follow_ups_due(user=user, today=today)
        ),
    }


@register.simple_tag(takes_context=True)
def portal_company_summary(context) -> dict:
    """The partner's own sales this year and last month, and its next agreement end: two queries."""
    partner = context["partner"]
    today = clock.today()
    this_month = Period.containing(today)
    last_month = this_month.previous()
    year = this_month.year_months()
    # From the monthly summary: a row per month, not every sales line of the year.
    by_month = sales_by_month(first=year[0], last=year[-1], partners_qs=Partner.objects.filter(pk=partner.pk))
    agreement = (
        partner.agreements.filter(status="signed", end_on__gte=today)
        .order_by("end_on")
        .only("number", "end_on")
        .first()
    )
    return {
        "sales_year": sum(by_month.values()) if by_month else None,
        "sales_last_month": by_month.get(last_month),
        "last_month": last_month,
        "agreement": agreement,
        "year": today.year,
    }


MY_PARTNERS_SHOWN = 10


@register.simple_tag(takes_context=True)
def my_partners(context) -> dict:
    """The partners the user manages (the first few, by code, and the key their rows are kept under), how many in
    all, and their due follow-ups: the two counts counted ahead with the page's others (partners.dashboard_counts).
    Empty for a user who manages no partner (the list not read)."""
    request = context["request"]
    user, memo = request.user, request_memo(request)
    owned = partners_owned_by(user=user).order_by("code")
    count = named_count(memo, "partners:mine", lambda: owned)
    # Only what the panel shows: the full rows of the register's list, with their region and manager, cost the
    # manager's dashboard a few milliseconds more than the director's.
    shown = owned.select_related(None).select_related("tier").only("code", "name", "status", "tier__name")
    return {
        # Read only when the rows are rendered: they are kept under the partners' and tiers' versions.
        "partners": shown[:MY_PARTNERS_SHOWN] if count else [],
        "rows_key": f"my-partners:{user.pk}:{version_of(*PARTNERS, memo=memo)}",
        "count": count,
        "due_follow_ups": named_count(
            memo, "partners:follow-ups-due", lambda: follow_ups_due(user=user, today=clock.today())
        ),
    }


STATUS_BADGE_CLASSES = {
    Partner.Status.ACTIVE: "text-bg-success",
    Partner.Status.ONBOARDING: "text-bg-info",
    Partner.Status.PROSPECT: "text-bg-light border",
    Partner.Status.SUSPENDED: "text-bg-warning",
}


@register.simple_tag
def status_badge(status: str, label) -> str:
    """A partner status as a coloured badge: `{% status_badge partner.status partner.get_status_display %}`.
    A tag rather than an included template, as lists show one per row."""
    return format_html('<span class="badge {}">{}</span>', STATUS_BADGE_CLASSES.get(status, "text-bg-secondary"), label)


PARTNER_ROW = (
    "<tr>\n"
    '      <td><a href="{url}">{code}</a></td>\n'
    '      <td><a href="{url}">{name}</a><div class="small text-muted">{legal_name}</div></td>\n'
    "      <td>{channel_type}</td>\n"
    "      <td>{tier}</td>\n"
    "      <td>{region}</td>\n"
    "      <td>{status}</td>\n"
    "      <td>{manager}</td>\n"
    "      <td>{joined_on}</td>\n"
    "    </tr>"
)


@register.simple_tag
def partner_row(partner) -> str:
    """A row of the partner list (`{% partner_row partner %}`, the partner read with its tier, region, the region's
    parent and its manager): a tag rather than a dozen template lookups, a URL reversed and a badge in each row;
    every value localized and escaped as `{{ }}` would."""
    region = partner.region
    if region is None:
        where = ""
    elif region.parent_id:
        where = format_html("{} · {}", region.parent.name, region.name)
    else:
        where = region.name
    return format_html(
        PARTNER_ROW,
        url=row_url("partners:detail", pk=partner.pk),
        code=partner.code,
        name=partner.name,
        legal_name=partner.legal_name,
        channel_type=choice_label(partner, "channel_type"),
        tier=partner.tier or "—",
        region=where,
        status=status_badge(partner.status, choice_label(partner, "status")),
        manager=person(partner.manager) or "—",
        joined_on=localize(partner.joined_on) if partner.joined_on else "—",
    )


@register.simple_tag
def partner_rows(page, rows_key, staff_ids) -> str:
    """The partner list's rows of `page` (`{% partner_rows page_obj rows_key filter.staff_ids %}`; `rows_key`:
    which partners, as they are now, and the channel staff's names), in the page's language: kept, so that until
    a partner, tier or region is written or a member of staff renamed, the page's partners are not read again.
    A manager who is not among the staff (`staff_ids`: deactivated, or out of the channel roles) keeps no version
    of their name: a page showing one is rendered every time."""

    def render() -> tuple[str, frozenset[int]]:
        partners = list(page)
        # Each row is built by format_html, which escaped its values.
        html = mark_safe("\n".join(partner_row(partner) for partner in partners))  # nosec B308 B703
        return html, frozenset(partner.manager_id for partner in partners if partner.manager_id)

    if not rows_key:
        return render()[0]
    html, managers = kept_rendered(f"partners:rows:{rows_key}", render)
    return html if managers <= staff_ids else render()[0]
