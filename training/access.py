"""What training rows a user may see. Every view and export asks here; a partner user sees only rows of
its own partner's contacts (common.access.scope_to_partner), internal users what their role allows."""

from django.db.models import QuerySet

from common.access import scope_to_partner
from partners.models import Contact, Partner
from training.models import Certification, Enrollment

REGISTRABLE_PARTNER_STATUSES = (Partner.Status.ONBOARDING, Partner.Status.ACTIVE)


def enrollments_visible_to(user) -> QuerySet[Enrollment]:
    return scope_to_partner(
        Enrollment.objects.all(), user, partner_field="contact__partner", perm="training.view_enrollment"
    )


def certifications_visible_to(user) -> QuerySet[Certification]:
    return scope_to_partner(
        Certification.objects.all(), user, partner_field="contact__partner", perm="training.view_certification"
    )


def registrable_contacts(user) -> QuerySet[Contact]:
    """Contacts the user may register for a session: its own partner's people, or (internal, with the
    permission to add enrollments) the people of onboarding and active partners."""
    contacts = Contact.objects.filter(partner__status__in=REGISTRABLE_PARTNER_STATUSES).select_related("partner")
    return scope_to_partner(contacts, user, perm="training.add_enrollment").order_by("partner__name", "name")
