"""Internal pages, mounted at /partners/."""

app_name = "partners"

urlpatterns = []
