"""The training tab of the internal partner page (registered from TrainingConfig.ready)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.periods import local_date
from partners.models import Tier
from partners.tabs import PartnerTab
from training.models import Certification, Course
from training.selectors import partner_enrollments, tier_requirements_gap, training_status_for


def training_tab_context(request, partner) -> dict:
    today = local_date(timezone.now())
    status = training_status_for(partner_ids=[partner.pk], as_of=today)[partner.pk]
    next_tier = None
    if partner.tier_id:
        next_tier = Tier.objects.filter(rank__lt=partner.tier.rank).order_by("-rank").first()
    return {
        "training_status": status,
        "missing_courses": Course.objects.filter(pk__in=status.missing_course_ids).order_by("code"),
        "next_tier": next_tier,
        "next_tier_gap": tier_requirements_gap(partner=partner, tier=next_tier, as_of=today) if next_tier else [],
        "partner_certifications": Certification.objects.filter(contact__partner=partner)
        .select_related("contact", "course")
        .order_by("expires_on", "pk"),
        "upcoming_enrollments": partner_enrollments(partner=partner, upcoming=True),
        "recent_enrollments": partner_enrollments(partner=partner, upcoming=False)[:20],
        "today": today,
    }


TAB = PartnerTab(
    "training",
    _("Training"),
    "training/partner_tab.html",
    order=70,
    permission="training.view_enrollment",
    context=training_tab_context,
)
