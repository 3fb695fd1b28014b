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
