"""The REST API at /api/v1/. Each app that offers endpoints registers them on this router."""

from rest_framework.routers import DefaultRouter

from api import views

app_name = "api"

router = DefaultRouter()
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("sales", views.SalesRecordViewSet, basename="sales")
router.register("targets", views.TargetViewSet, basename="target")
router.register("scorecards", views.ScorecardViewSet, basename="scorecard")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("payouts", views.PayoutViewSet, basename="payout")
router.register("certifications", views.CertificationViewSet, basename="certification")

urlpatterns = router.urls
