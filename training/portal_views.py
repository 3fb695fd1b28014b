"""The partner portal's training pages: the partner's own people, their certificates and upcoming
sessions, and self-registration for open sessions (only of the partner's own contacts)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from common.access import PortalRequiredMixin
from common.periods import local_date
from training import services
from training.access import certifications_visible_to, enrollments_visible_to, registrable_contacts
from training.certificate_pdf import certificate_pdf_response
from training.forms import RegisterForm
from training.selectors import (
    courses_required_for,
    group_by_day,
    open_sessions,
    partner_enrollments,
    training_status_for,
)


class PortalTrainingView(PortalRequiredMixin, TemplateView):
    """The partner's people with their certificates, its training status and its enrollments."""

    template_name = "training/portal/overview.html"

    def get_context_data(self, **kwargs):
        today = local_date(timezone.now())
        user = self.request.user
        certifications = certifications_visible_to(user).select_related("course", "contact").order_by("contact__name")
        by_contact: dict[int, list] = {}
        for certification in certifications:
            by_contact.setdefault(certification.contact_id, []).append(certification)
        people = [(contact, by_contact.get(contact.pk, [])) for contact in self.partner.contacts.order_by("name")]
        return super().get_context_data(
            partner=self.partner,
            status=training_status_for(partner_ids=[self.partner.pk], as_of=today)[self.partner.pk],
            required_courses=courses_required_for(partner=self.partner),
            people=people,
            upcoming=[
                (enrollment, services.enrollment_cancel_refusal(enrollment=enrollment) is None)
                for enrollment in partner_enrollments(partner=self.partner, upcoming=True)
            ],
            today=today,
            **kwargs,
        )


class PortalCertificatesView(PortalRequiredMixin, TemplateView):
    template_name = "training/portal/certificates.html"

    def get_context_data(self, **kwargs):
        certifications = (
            certifications_visible_to(self.request.user)
            .select_related("course", "contact")
            .order_by("expires_on", "pk")
        )
        return super().get_context_data(certifications=certifications, today=local_date(timezone.now()), **kwargs)


class PortalCertificatePdfView(PortalRequiredMixin, View):
    def get(self, request, pk):
        certifications = certifications_visible_to(request.user).select_related("course", "contact__partner")
        return certificate_pdf_response(get_object_or_404(certifications, pk=pk), request)


class PortalSessionsView(PortalRequiredMixin, View):
    """Open upcoming sessions by day, each with a form to register one of the partner's people."""

    template_name = "training/portal/sessions.html"

    def _render(self, request, *, form=None, form_session=None, status=200):
        sessions = list(open_sessions()[:100])
        enrolled = {}
        for enrollment in enrollments_visible_to(request.user).filter(session__in=sessions).select_related("contact"):
            enrolled.setdefault(enrollment.session_id, []).append(enrollment)
        contacts = registrable_contacts(request.user)
        for session in sessions:
            session.own_enrollments = enrolled.get(session.pk, [])
            session.register_form = (
                form
                if form_session == session.pk
                else RegisterForm(contacts=contacts, show_partner=False, allow_invite=False)
            )
        return render(
            request,
            self.template_name,
            {"days": group_by_day(sessions), "has_contacts": contacts.exists(), "error_session": form_session},
            status=status,
        )

    def get(self, request):
        return self._render(request)


class PortalRegisterView(PortalSessionsView):
    def get(self, request, pk):
        return redirect("training_portal:sessions")

    def post(self, request, pk):
        session = get_object_or_404(open_sessions(), pk=pk)
        form = RegisterForm(
            request.POST, contacts=registrable_contacts(request.user), show_partner=False, allow_invite=False
        )
        if form.is_valid():
            try:
                enrollment = services.enrollment_register(
                    session=session, contact=form.cleaned_data["contact"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is registered for %(course)s.")
                    % {"name": enrollment.contact.name, "course": session.course.title},
                )
                return redirect("training_portal:home")
        return self._render(request, form=form, form_session=session.pk, status=400)


class PortalCancelView(PortalRequiredMixin, View):
    """Withdraw one of the partner's own registrations before the session starts."""

    def post(self, request, pk):
        enrollment = get_object_or_404(enrollments_visible_to(request.user).select_related("session", "contact"), pk=pk)
        try:
            services.enrollment_cancel(enrollment=enrollment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The registration of %(name)s is withdrawn.") % {"name": enrollment.contact.name}
            )
        return redirect("training_portal:home")
