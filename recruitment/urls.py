"""Internal pages, mounted at /recruitment/."""

app_name = "recruitment"

urlpatterns = []
