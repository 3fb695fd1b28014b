"""Internal pages, mounted at /incentives/."""

app_name = "incentives"

urlpatterns = []
