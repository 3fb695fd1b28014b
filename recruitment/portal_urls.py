"""Partner portal pages, mounted under /portal/."""

app_name = "recruitment_portal"

urlpatterns = []
