"""Partner portal pages, mounted under /portal/."""

app_name = "incentives_portal"

urlpatterns = []
