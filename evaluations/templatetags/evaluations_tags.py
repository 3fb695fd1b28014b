"""How each scorecard line was scored, in words, and the dashboard panel's data."""

from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from common.display import money
from common.memo import request_memo
from common.templatetags.common_tags import kept_rendered
from common.versions import version_of
from evaluations import scoring, selectors
from evaluations.models import KPIKind
from partners.selectors import PARTNERS

register = template.Library()
HUNDRED = Decimal("100")

GRADE_COLOURS = {"A": "success", "B": "primary", "C": "warning", "D": "danger"}


@register.filter
def grade_colour(grade: str) -> str:
    return GRADE_COLOURS.get(grade, "secondary")


@register.filter
def grade_badge(grade: str) -> str:
    """A grade as a coloured badge, or a dash: a filter, as the review page shows one per scorecard row."""
    if not grade:
        return "—"
    return format_html('<span class="badge text-bg-{}">{}</span>', grade_colour(grade), grade)


@register.filter
def plain(value) -> str:
    """A Decimal without trailing zeros or exponent: 100.00 → 100, 12.50 → 12.5."""
    return f"{value.normalize():f}" if value is not None else ""


@register.simple_tag
def explain_measure(line, card) -> str:
    """What a KPI measured this month, or why it could not be measured."""
    raw = line.raw_value
    if line.kind == KPIKind.SALES_ATTAINMENT:
        if raw is None:
            return _("No sales target was set for this month.")
        return _("Sales of %(sales)s against a target of %(target)s: %(raw)s%% attained.") % {
            "sales": money(card.sales),
            "target": money(card.target),
            "raw": raw,
        }
    if line.kind == KPIKind.YOY_GROWTH:
        if raw is None:
            return _("No sales in the same month last year to compare with.")
        return _("%(raw)s%% compared with the same month last year.") % {"raw": raw}
    if line.kind == KPIKind.NEW_CUSTOMERS:
        return _("%(raw)s new customers reported in the month.") % {"raw": int(raw or 0)}
    if line.kind == KPIKind.REGION_SHARE:
        if raw is None:
            return _("No partner sales in the region this month.")
        return _("%(raw)s%% of all partner sales in the region.") % {"raw": raw}
    if line.kind == KPIKind.TRAINING_COMPLETION:
        if raw is None:
            return _("No training data for this month.")
        return _("%(raw)s%% of the required training completed.") % {"raw": raw}
    if line.kind == KPIKind.COMPLIANCE:
        return _("%(raw)s compliance incidents in the month.") % {"raw": int(raw or 0)}
    if line.kind == KPIKind.PRICE_COMPLIANCE:
        if raw is None:
            return _("No sales with a unit price this month.")
        return _("%(raw)s%% of the month's priced sales at or above the minimum resale price.") % {"raw": raw}
    if line.kind == KPIKind.INVENTORY_ON_TIME:
        if raw is None:
            return _("No inventory report was due this month.")
        return (
            _("The month's inventory report arrived on time.")
            if raw >= 100
            else _("The month's inventory report was late or missing.")
        )
    if line.kind == KPIKind.STOCK_IN_RANGE:
        if raw is None:
            return _("No inventory was reported for this month.")
        return _("%(raw)s%% of the reported products hold stock within the set range of weeks.") % {"raw": raw}
    if line.kind == KPIKind.CUSTOMER_SATISFACTION:
        if raw is None:
            return _("Not measured: no closed customer survey with enough answers.")
        return _("%(raw)s%% of your customers rated 4 or 5 out of 5 in the latest customer survey.") % {"raw": raw}
    if line.kind == KPIKind.PARTNER_NPS:
        if raw is None:
            return _("Not measured: no closed partner survey with enough answers.")
        return _("Net Promoter Score %(raw)s in the latest partner satisfaction survey.") % {"raw": raw}
    if line.kind == KPIKind.LEAD_ACCEPTANCE:
        if raw is None:
            return _("No lead offered to you was answered this month.")
        return _("%(raw)s%% of the leads offered to you this month were accepted.") % {"raw": raw}
    if line.kind == KPIKind.LEAD_RESPONSE_HOURS:
        if raw is None:
            return _("No lead was accepted this month.")
        return _("Leads were accepted %(raw)s hours after they were offered, on average.") % {"raw": raw}
    if raw is None:
        return _("No score was entered for this month.")
    return _("Score entered by your channel manager: %(raw)s.") % {"raw": raw}


@register.simple_tag
def explain_rule(line) -> str:
    """How the raw value became points, and how the points weigh in the total; for a KPI left out,
    that it was, and for the others, their weight scaled to what was counted."""
    if line.left_out:
        return _(
            "Not measured and left out of the total: the weights of the KPIs that were measured are scaled to 100."
        )
    if line.weight_base != HUNDRED:
        return _(
            "%(zero)s scores 0 points and %(full)s scores 100, at most %(ceiling)s points; "
            "%(points)s points at a weight of %(weight)s%%, scaled to %(scaled)s%% because only %(base)s%% "
            "of the weights were measured, contribute %(contribution)s."
        ) % {
            "zero": plain(line.zero_at),
            "full": plain(line.full_at),
            "ceiling": plain(line.ceiling),
            "points": line.points,
            "weight": plain(line.weight),
            "scaled": plain(scoring.scaled_weight(line.weight, line.weight_base)),
            "base": plain(line.weight_base),
            "contribution": line.contribution,
        }
    return _(
        "%(zero)s scores 0 points and %(full)s scores 100, at most %(ceiling)s points; "
        "%(points)s points at a weight of %(weight)s%% contribute %(contribution)s."
    ) % {
        "zero": plain(line.zero_at),
        "full": plain(line.full_at),
        "ceiling": plain(line.ceiling),
        "points": line.points,
        "weight": plain(line.weight),
        "contribution": line.contribution,
    }


@register.inclusion_tag("evaluations/_dashboard_panel_body.html", takes_context=True)
def evaluations_dashboard(context):
    request = context["request"]
    return {"panel": selectors.dashboard(user=request.user, today=timezone.localdate(), memo=request_memo(request))}


@register.inclusion_tag("evaluations/_portal_panel_body.html", takes_context=True)
def evaluations_portal_panel(context):
    partner = context.get("partner")
    return {"card": selectors.latest_published_scorecard(partner=partner) if partner else None}


SCORECARD_ROW = (
    "<tr>\n"
    '      <td><a href="{}">{}</a> <span class="text-muted small">{}</span></td>\n'
    "      <td>{}</td>\n"
    '      <td class="text-end">{}</td>\n'
    "      <td>{}</td>\n"
    '      <td class="text-end">{} / {}</td>\n'
    '      <td class="text-end">{}</td>\n'
    '      <td class="text-end">{}</td>\n'
    '      <td class="text-end">{}</td>\n'
    '      <td class="small">{}</td>\n'
    "    </tr>"
)


@register.simple_tag
def scorecard_row(card) -> str:
    """A row of the cycle review's scorecard table (`{% scorecard_row card %}`, the card annotated by
    selectors.with_previous): a tag rather than a dozen template lookups and filters in each of its rows;
    every value localized and escaped as `{{ }}` would."""
    from django.template.defaultfilters import floatformat, truncatechars
    from django.utils.formats import localize

    from common.display import choice_label
    from common.templatetags.common_tags import row_url

    if card.previous_total is not None:
        previous = format_html("{} {}", floatformat(card.previous_total, 2), localize(card.previous_grade))
    else:
        previous = "—"
    return format_html(
        SCORECARD_ROW,
        row_url("evaluations:scorecard", pk=card.pk),
        localize(card.partner.name),
        localize(card.partner.code),
        choice_label(card, "channel_type"),
        localize(card.total),
        grade_badge(card.grade),
        localize(card.rank),
        localize(card.ranked_among),
        previous,
        money(card.sales),
        money(card.target) or "—",
        truncatechars(card.note, 60),
    )


@register.simple_tag(takes_context=True)
def scorecard_rows(context, page, page_key) -> str:
    """The review page's rows of `page` (`{% scorecard_rows page_obj page_key %}`, a page of the cycle's cards read
    by selectors.with_previous; `page_key`: which cards and which page), kept under what they show: the cycle's
    calculation and the month before's (whose totals they compare), every scorecard write (a note) and the
    partners' codes and names, in the page's language. Until one of those is written, the page's cards are not
    read again."""

    def render() -> str:
        # Each row is built by format_html, which escaped its values.
        return mark_safe("\n".join(scorecard_row(card) for card in page))  # nosec B308 B703

    version = selectors.cycle_version(context["cycle"])
    if version is None or not page_key:
        return render()
    memo = request_memo(context["request"])
    written = version_of("scorecards", *PARTNERS, memo=memo)
    return kept_rendered(f"evaluations:scorecard-rows:{page_key}:{version}:{written}", render)


TIER_CHECKBOX = (
    '<td><input class="form-check-input" type="checkbox" name="partner" value="{}" id="tier-change-{}"'
    ' aria-label="{}"></td>'
)
TIER_ROW = (
    "<tr>{}\n"
    '      <td><a href="{}">{}</a></td><td>{}</td>\n'
    "      <td>{} {}</td>\n"
    '      <td class="text-end">{}</td></tr>'
)
TIER_ARROWS = {"up": format_html('<span class="text-success">{}</span>', "↑")}
TIER_DOWN = format_html('<span class="text-danger">{}</span>', "↓")


@register.simple_tag
def tier_recommendation_row(rec, can_apply) -> str:
    """A row of the tier-change recommendations (`{% tier_recommendation_row rec can_apply %}`, with its
    checkbox when the user may apply it): a tag rather than a dozen template lookups in each of its rows;
    every value localized and escaped as `{{ }}` and {% blocktranslate %} would."""
    from django.utils.formats import localize
    from django.utils.html import conditional_escape

    from common.templatetags.common_tags import row_url

    partner = rec.partner
    checkbox = ""
    if can_apply:
        label = _("Apply the recommended tier to %(partner)s") % {"partner": conditional_escape(localize(partner.name))}
        pk = localize(partner.pk)
        checkbox = format_html(TIER_CHECKBOX, pk, pk, mark_safe(label))  # nosec B308 B703: the name escaped, as blocktranslate does
    return format_html(
        TIER_ROW,
        checkbox,
        row_url("partners:detail", pk=partner.pk),
        localize(partner.name),
        localize(partner.tier or "—"),
        TIER_ARROWS.get(rec.direction, TIER_DOWN),
        localize(rec.tier),
        money(rec.sales_12m),
    )
