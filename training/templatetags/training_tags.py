import datetime as dt

from django import template

from training.certificates import EXPIRING_SOON_DAYS

register = template.Library()


@register.simple_tag
def expiring_soon_limit(today: dt.date) -> dt.date:
    """The last expiry date that counts as "expiring soon" on `today`."""
    return today + dt.timedelta(days=EXPIRING_SOON_DAYS)


@register.simple_tag
def headcount(status, course_id) -> int:
    return status.certified_headcount.get(course_id, 0)


@register.filter
def missing(courses, status):
    """Of `courses`, those the status lists as not completed."""
    return [course for course in courses if course.pk in status.missing_course_ids]


@register.inclusion_tag("training/_dashboard_panel_body.html", takes_context=True)
def training_dashboard(context):
    """Internal dashboard: the next sessions and the certificates expiring within 60 days."""
    from common.counts import named_count
    from common.memo import request_memo
    from training.dashboard_counts import certifications_expiring
    from training.selectors import upcoming_sessions

    request = context["request"]
    user = request.user
    if not user.has_perm("training.view_session"):
        return {"show": False}
    return {
        "show": True,
        "sessions": upcoming_sessions(shown=5, memo=request_memo(request)),
        # Counted ahead with the page's others (training.dashboard_counts); the plan's attention list counts the
        # same certificates for a user who sees them all.
        "expiring": named_count(
            request_memo(request), "training:certifications-expiring", lambda: certifications_expiring(user=user)
        ),
        "perms": context.get("perms"),
    }


@register.inclusion_tag("training/_portal_panel_body.html", takes_context=True)
def training_portal_panel(context):
    """Portal home: the partner's completion rate, certificates expiring soon and its next registrations."""
    from django.utils import timezone

    from common.access import partner_of
    from common.memo import request_memo
    from common.periods import local_date
    from training.selectors import portal_panel

    request = context["request"]
    partner = partner_of(request.user)
    if partner is None:
        return {"show": False}
    status, upcoming = portal_panel(
        partner=partner, as_of=local_date(timezone.now()), shown=3, memo=request_memo(request)
    )
    return {"show": True, "status": status, "upcoming": upcoming}
