"""The dashboard panel of the channel work plan, shown at the top of `/`."""

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy

from common import clock, display
from common.memo import request_memo
from plans.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("plans/_dashboard_panel_body.html", takes_context=True)
def plans_dashboard(context):
    request = context["request"]
    user = request.user
    if not user.has_perm("plans.view_plan"):
        return {"show": False}
    d = dashboard(user=user, today=clock.today(), scope=request.GET.get("scope"), memo=request_memo(request))
    return {
        "show": True,
        "d": d,
        # The panel's HTML but the attention list is kept with the figures; beside them it reads one permission.
        "fragment": d.stamp and f"{d.stamp}:{user.has_perm('plans.add_plan')}",
        "perms": context.get("perms"),
    }


@register.filter
def goal_value(value, money: bool = False) -> str:
    """A goal's figure: a dash when there is none, money or a plain amount (`{{ g.actual|goal_value:g.is_money }}`).
    A filter rather than an included template, as goal tables show several per row."""
    if value is None:
        return "—"
    return display.money(value) if money else display.amount(value)


@register.filter
def month_money(monthly: dict, month: int) -> str:
    """The money of `month` in a {month: amount} dict, blank when the month is absent:
    `{{ g.monthly_actual|month_money:row.month }}` (a lookup rather than a loop over the months in each row)."""
    value = monthly.get(month)
    return "" if value is None else display.money(value)


FORECAST_METHODS = {
    "shape": gettext_lazy("year to date + last year's shape"),
    "run_rate": gettext_lazy("run-rate of the months so far"),
    "level": gettext_lazy("current level"),
}


@register.simple_tag
def forecast_method(method: str) -> str:
    """How a goal's year-end forecast was made, in words: `{% forecast_method g.forecast.method %}` (a tag
    rather than an included template, once per goal row). Written unescaped, as {% translate %} writes it."""
    from django.utils.safestring import mark_safe

    text = str(FORECAST_METHODS.get(method, gettext_lazy("not enough data")))
    return mark_safe(text)  # nosec B308 B703: our own msgids and their catalogue's translations, as {% translate %}


GOAL_STATUS_BADGES = {
    "on_track": ("text-bg-success", gettext_lazy("On track")),
    "at_risk": ("text-bg-warning", gettext_lazy("At risk")),
    "off_track": ("text-bg-danger", gettext_lazy("Off track")),
}


@register.simple_tag
def goal_status(status: str) -> str:
    """A goal's status as a coloured badge: `{% goal_status g.status %}`."""
    colour, label = GOAL_STATUS_BADGES.get(status, ("text-bg-secondary", gettext_lazy("No data yet")))
    return format_html('<span class="badge {}">{}</span>', colour, label)


COVERAGE_ROW = (
    '<tr class="{}"><td>{}</td><td class="text-end"><a href="{}?province={}&amp;status=active">{}</a></td>'
    '<td class="text-end">{}</td><td class="text-end">{}</td></tr>'
)


@register.simple_tag
def coverage_rows(provinces: list[dict]) -> str:
    """The dashboard's coverage table, a row per province (`{% coverage_rows d.provinces %}`): a tag rather
    than a loop in the template, as every province has a row; values localized as `{{ }}` would."""
    url = reverse("partners:list")
    return format_html_join(
        "",
        COVERAGE_ROW,
        (
            (
                "" if row["active"] else "text-muted",
                row["name"],
                url,
                localize(row["pk"]),
                localize(row["active"]),
                localize(row["online"]),
                localize(row["offline"]),
            )
            for row in provinces
        ),
    )
