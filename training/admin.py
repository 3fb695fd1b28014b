from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from training.models import Certification, Course, CourseMaterial, Enrollment, Session


class MaterialInline(admin.TabularInline):
    model = CourseMaterial
    extra = 0


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "category", "mode", "pass_score", "validity_months", "is_active")
    list_filter = ("category", "mode", "is_active")
    search_fields = ("code", "title")
    filter_horizontal = ("required_for_tiers",)
    inlines = [MaterialInline]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ("course", "starts_at", "ends_at", "trainer", "capacity", "registration_open")
    list_filter = ("registration_open", "course__category")
    list_select_related = ("course", "trainer")
    date_hierarchy = "starts_at"


@admin.register(Enrollment)
class EnrollmentAdmin(SimpleHistoryAdmin):
    list_display = ("contact", "session", "status", "score", "passed")
    list_filter = ("status", "passed")
    list_select_related = ("contact", "session__course")
    raw_id_fields = ("session", "contact")


@admin.register(Certification)
class CertificationAdmin(SimpleHistoryAdmin):
    list_display = ("number", "contact", "course", "issued_on", "renewed_on", "expires_on")
    list_select_related = ("contact", "course")
    search_fields = ("number", "contact__name")
    raw_id_fields = ("contact", "enrollment")
