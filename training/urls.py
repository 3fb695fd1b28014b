"""Internal pages, mounted at /training/."""

app_name = "training"

urlpatterns = []
