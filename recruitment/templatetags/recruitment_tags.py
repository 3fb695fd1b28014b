from django import template

from common import display
from recruitment import pipeline

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's full name, else the username; a dash for nobody."""
    if not user:
        return "—"
    return display.person(user)


@register.filter
def move_action(stage) -> str:
    """A move button's label: the action ("Reject application"), never the stage it ends in ("Rejected")."""
    return pipeline.move_action(stage)
