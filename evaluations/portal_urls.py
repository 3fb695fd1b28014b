"""Partner portal pages, mounted under /portal/."""

app_name = "evaluations_portal"

urlpatterns = []
