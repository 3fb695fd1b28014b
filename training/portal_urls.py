"""Partner portal pages, mounted under /portal/."""

app_name = "training_portal"

urlpatterns = []
