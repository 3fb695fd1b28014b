"""The REST API at /api/v1/. Each app that offers endpoints registers them on this router."""

from rest_framework.routers import DefaultRouter

app_name = "api"

router = DefaultRouter()

urlpatterns = router.urls
