"""What recruitment rows a user may see. Applications and campaigns are internal: channel managers and
directors with the permission see them all; partner users, other roles and the public see none (the public
form at /apply/ only creates)."""

from __future__ import annotations

from django.db.models import QuerySet

from common.access import is_internal_user
from recruitment.models import Application, Campaign

VIEW_APPLICATION = "recruitment.view_application"
VIEW_CAMPAIGN = "recruitment.view_campaign"


def applications_visible_to(user) -> QuerySet[Application]:
    if not is_internal_user(user) or not user.has_perm(VIEW_APPLICATION):
        return Application.objects.none()
    return Application.objects.select_related("campaign", "owner").prefetch_related("regions")


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    if not is_internal_user(user) or not user.has_perm(VIEW_CAMPAIGN):
        return Campaign.objects.none()
    return Campaign.objects.select_related("owner")
