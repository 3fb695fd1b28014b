from django import template

from common import display

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's full name, else the username; a dash for nobody."""
    if not user:
        return "—"
    return display.person(user)
