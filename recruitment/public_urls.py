"""Public pages (no login), mounted at /apply/."""

app_name = "apply"

urlpatterns = []
