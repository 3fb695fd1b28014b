"""Internal training pages (mounted at /training/): courses, sessions, attendance, certifications."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from common import clock
from common.access import InternalRequiredMixin
from common.downloads import file_attachment
from common.exports import table_response
from common.periods import local_date
from training import services
from training.access import certifications_visible_to, registrable_contacts
from training.attendance_import import HEADER, attendance_import, roster_rows
from training.certificate_pdf import certificate_pdf_response
from training.filters import CertificationFilter, CourseFilter, SessionFilter
from training.forms import AttendanceGridForm, AttendanceImportForm, CourseForm, MaterialForm, RegisterForm, SessionForm
from training.models import Course, CourseMaterial, Enrollment, Session
from training.selectors import (
    certification_list,
    course_list,
    group_by_day,
    session_list,
    training_status_for,
)

PAGE_SIZE = 25


def _apply(form, call):
    """Run a service for a valid form; its ValidationError becomes the form's errors (nothing written)."""
    try:
        return call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


# --- courses ------------------------------------------------------------------------------------------


class CourseListView(InternalRequiredMixin, FilterView):
    permission_required = "training.view_course"
    filterset_class = CourseFilter
    template_name = "training/course_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "courses"

    def get_queryset(self):
        return course_list().prefetch_related("required_for_tiers")


class CourseDetailView(InternalRequiredMixin, DetailView):
    permission_required = "training.view_course"
    template_name = "training/course_detail.html"
    context_object_name = "course"

    def get_queryset(self):
        return Course.objects.prefetch_related("required_for_tiers", "materials")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sessions=session_list().filter(course=self.object)[:20],
            past_sessions=session_list(upcoming=False).filter(course=self.object)[:10],
            material_form=MaterialForm(),
            history=self.object.history.select_related("history_user")[:20],
            **kwargs,
        )


class CourseFormView(InternalRequiredMixin, FormView):
    form_class = CourseForm
    template_name = "training/form.html"

    def get_object(self):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def form_valid(self, form):
        course = _apply(
            form,
            lambda: services.course_save(
                course=form.save(commit=False), required_for_tiers=form.cleaned_data["required_for_tiers"]
            ),
        )
        if course is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Course %(code)s saved.") % {"code": course.code})
        return redirect("training:course-detail", pk=course.pk)

    def get_context_data(self, **kwargs):
        course = self.get_object()
        title = _("Edit course") if course else _("New course")
        cancel = reverse("training:course-detail", kwargs={"pk": course.pk}) if course else reverse("training:courses")
        return super().get_context_data(title=title, cancel_url=cancel, **kwargs)


class CourseCreateView(CourseFormView):
    permission_required = "training.add_course"


class CourseUpdateView(CourseFormView):
    permission_required = "training.change_course"

    def get_object(self):
        if not hasattr(self, "_course"):
            self._course = get_object_or_404(Course, pk=self.kwargs["pk"])
        return self._course


class MaterialAddView(InternalRequiredMixin, View):
    permission_required = "training.add_coursematerial"

    def post(self, request, pk):
        course = get_object_or_404(Course, pk=pk)
        form = MaterialForm(request.POST, request.FILES)
        if form.is_valid():
            material = _apply(
                form,
                lambda: services.material_add(
                    course=course, title=form.cleaned_data["title"], file=form.cleaned_data["file"], by=request.user
                ),
            )
            if material:
                messages.success(request, _("Material uploaded."))
                return redirect("training:course-detail", pk=course.pk)
        return render(
            request,
            "training/form.html",
            {
                "form": form,
                "title": _("Upload material"),
                "cancel_url": reverse("training:course-detail", kwargs={"pk": course.pk}),
                "multipart": True,
            },
            status=400,
        )


class MaterialDownloadView(InternalRequiredMixin, View):
    permission_required = "training.view_coursematerial"

    def get(self, request, pk):
        material = get_object_or_404(CourseMaterial, pk=pk)
        return file_attachment(material.file)


# --- sessions -----------------------------------------------------------------------------------------


class SessionListView(InternalRequiredMixin, FilterView):
    """Upcoming sessions by day, like a calendar agenda; `?when=past` for those that ended."""

    permission_required = "training.view_session"
    filterset_class = SessionFilter
    template_name = "training/session_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "sessions"

    def get_queryset(self):
        return session_list(upcoming=self.request.GET.get("when") != "past")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["days"] = group_by_day(context["sessions"])
        context["past"] = self.request.GET.get("when") == "past"
        return context


class SessionDetailView(InternalRequiredMixin, DetailView):
    permission_required = "training.view_session"
    template_name = "training/session_detail.html"
    context_object_name = "session"

    def get_queryset(self):
        return Session.objects.select_related("course", "trainer")

    def get_context_data(self, **kwargs):
        enrollments = self.object.enrollments.select_related("contact__partner").order_by("contact__name", "pk")
        user = self.request.user
        register_form = None
        if user.has_perm("training.add_enrollment") and not services.registration_refusal(
            session=self.object, late=True
        ):
            register_form = kwargs.pop("register_form", None) or RegisterForm(contacts=registrable_contacts(user))
        return super().get_context_data(
            enrollments=enrollments,
            seats_taken=sum(1 for e in enrollments if e.status in Enrollment.SEAT_STATUSES),
            register_form=register_form,
            started=self.object.starts_at <= timezone.now(),
            history=self.object.history.select_related("history_user")[:20],
            **kwargs,
        )


class SessionFormView(InternalRequiredMixin, FormView):
    form_class = SessionForm
    template_name = "training/form.html"

    def get_object(self):
        return None

    def get_initial(self):
        initial = {"trainer": self.request.user, "capacity": 30}
        if course := self.request.GET.get("course"):
            initial["course"] = course
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def form_valid(self, form):
        session = _apply(form, lambda: services.session_save(session=form.save(commit=False)))
        if session is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Session saved."))
        return redirect("training:session-detail", pk=session.pk)

    def get_context_data(self, **kwargs):
        session = self.get_object()
        cancel = (
            reverse("training:session-detail", kwargs={"pk": session.pk}) if session else reverse("training:sessions")
        )
        title = _("Edit session") if session else _("New session")
        return super().get_context_data(title=title, cancel_url=cancel, **kwargs)


class SessionCreateView(SessionFormView):
    permission_required = "training.add_session"


class SessionUpdateView(SessionFormView):
    permission_required = "training.change_session"

    def get_object(self):
        if not hasattr(self, "_session"):
            self._session = get_object_or_404(Session, pk=self.kwargs["pk"])
        return self._session


class SessionRegisterView(InternalRequiredMixin, View):
    """Register (or invite) a partner contact from the session page."""

    permission_required = "training.add_enrollment"

    def post(self, request, pk):
        session = get_object_or_404(Session, pk=pk)
        form = RegisterForm(request.POST, contacts=registrable_contacts(request.user))
        if form.is_valid():
            enrollment = _apply(
                form,
                lambda: services.enrollment_register(
                    session=session,
                    contact=form.cleaned_data["contact"],
                    by=request.user,
                    invite_only=form.cleaned_data.get("invite_only", False),
                    late=True,
                ),
            )
            if enrollment:
                messages.success(request, _("%(name)s enrolled.") % {"name": enrollment.contact.name})
                return redirect("training:session-detail", pk=session.pk)
        view = SessionDetailView(request=request, kwargs={"pk": pk}, args=())
        view.object = session
        return render(request, view.template_name, view.get_context_data(register_form=form), status=400)


class AttendanceCloseView(InternalRequiredMixin, View):
    """Close a started session's attendance (or reopen it, with closed=0)."""

    permission_required = "training.change_enrollment"

    def post(self, request, pk):
        session = get_object_or_404(Session, pk=pk)
        closed = request.POST.get("closed", "1") != "0"
        try:
            services.session_attendance_close(session=session, by=request.user, closed=closed)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Attendance closed.") if closed else _("Attendance reopened."))
        return redirect("training:session-detail", pk=session.pk)


class AttendanceView(InternalRequiredMixin, View):
    """The whole session's attendance and scores in one grid, saved all at once."""

    permission_required = "training.change_enrollment"
    template_name = "training/attendance.html"

    def _render(self, request, session, form, status=200):
        return render(
            request,
            self.template_name,
            {"session": session, "form": form, "import_form": AttendanceImportForm()},
            status=status,
        )

    def _enrollments(self, session):
        return session.enrollments.select_related("contact__partner").order_by("contact__name", "pk")

    def get(self, request, pk):
        session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
        return self._render(request, session, AttendanceGridForm(enrollments=self._enrollments(session)))

    def post(self, request, pk):
        session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
        form = AttendanceGridForm(request.POST, enrollments=self._enrollments(session))
        if form.is_valid():
            try:
                summary = services.attendance_record(session=session, entries=form.entries(), by=request.user)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    form.add_service_errors(error.message_dict)
                else:
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(recorded)d recorded, %(passed)d passed, %(certified)d certificates issued or renewed.")
                    % summary,
                )
                return redirect("training:session-detail", pk=session.pk)
        return self._render(request, session, form, status=400)


class AttendanceImportView(InternalRequiredMixin, View):
    permission_required = "training.change_enrollment"

    def post(self, request, pk):
        session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
        form = AttendanceImportForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = attendance_import(session=session, file=upload, file_name=upload.name, by=request.user)
            if result.ok:
                messages.success(
                    request,
                    _("%(recorded)d recorded, %(passed)d passed, %(certified)d certificates issued or renewed.")
                    % result.summary,
                )
                return redirect("training:session-detail", pk=session.pk)
            errors = result.errors
        grid = AttendanceGridForm(
            enrollments=session.enrollments.select_related("contact__partner").order_by("contact__name", "pk")
        )
        return render(
            request,
            "training/attendance.html",
            {"session": session, "form": grid, "import_form": form, "import_errors": errors},
            status=400,
        )


class RosterExportView(InternalRequiredMixin, View):
    permission_required = "training.view_enrollment"

    def get(self, request, pk):
        session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
        name = f"roster-{session.course.code}-{local_date(session.starts_at):%Y%m%d}"
        return table_response(request, name, HEADER, roster_rows(session))


# --- certifications and status -----------------------------------------------------------------------


class CertificationListView(InternalRequiredMixin, FilterView):
    permission_required = "training.view_certification"
    filterset_class = CertificationFilter
    template_name = "training/certification_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "certifications"

    def get_queryset(self):
        return certification_list(user=self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "today": clock.today()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=clock.today(), **kwargs)


class CertificatePdfView(InternalRequiredMixin, View):
    permission_required = "training.view_certification"

    def get(self, request, pk):
        certifications = certifications_visible_to(request.user).select_related("course", "contact__partner")
        return certificate_pdf_response(get_object_or_404(certifications, pk=pk), request)


class StatusView(InternalRequiredMixin, View):
    """Every partner's training status, a page at a time (five queries for the page's partners)."""

    permission_required = ("training.view_certification", "partners.view_partner")

    def get(self, request):
        from partners.access import partners_visible_to

        partners = partners_visible_to(request.user).select_related("tier").order_by("code")
        if tier := request.GET.get("tier"):
            partners = partners.filter(tier_id=tier)
        page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
        today = clock.today()
        statuses = training_status_for(partner_ids=[p.pk for p in page], as_of=today)
        rows = [(partner, statuses[partner.pk]) for partner in page]
        return render(request, "training/status.html", {"rows": rows, "page_obj": page, "today": today})
