"""Partner portal pages, mounted under /portal/."""

app_name = "partners_portal"

urlpatterns = []
