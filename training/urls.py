"""Internal pages, mounted at /training/."""

from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("courses/", views.CourseListView.as_view(), name="courses"),
    path("courses/new/", views.CourseCreateView.as_view(), name="course-create"),
    path("courses/<int:pk>/", views.CourseDetailView.as_view(), name="course-detail"),
    path("courses/<int:pk>/edit/", views.CourseUpdateView.as_view(), name="course-edit"),
    path("courses/<int:pk>/materials/", views.MaterialAddView.as_view(), name="material-add"),
    path("materials/<int:pk>/", views.MaterialDownloadView.as_view(), name="material-download"),
    path("sessions/", views.SessionListView.as_view(), name="sessions"),
    path("sessions/new/", views.SessionCreateView.as_view(), name="session-create"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session-detail"),
    path("sessions/<int:pk>/edit/", views.SessionUpdateView.as_view(), name="session-edit"),
    path("sessions/<int:pk>/register/", views.SessionRegisterView.as_view(), name="session-register"),
    path("sessions/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("sessions/<int:pk>/attendance/close/", views.AttendanceCloseView.as_view(), name="attendance-close"),
    path("sessions/<int:pk>/attendance/import/", views.AttendanceImportView.as_view(), name="attendance-import"),
    path("sessions/<int:pk>/roster.csv", views.RosterExportView.as_view(), name="roster"),
    path("certifications/", views.CertificationListView.as_view(), name="certifications"),
    path("certifications/<int:pk>/pdf/", views.CertificatePdfView.as_view(), name="certificate-pdf"),
    path("status/", views.StatusView.as_view(), name="status"),
]
