"""Internal pages, mounted at /evaluations/."""

app_name = "evaluations"

urlpatterns = []
