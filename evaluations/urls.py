"""Internal pages, mounted at /evaluations/."""

from django.urls import path

from evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.CycleListView.as_view(), name="cycle-list"),
    path("cycles/run/", views.CycleRunView.as_view(), name="cycle-run"),
    path("cycles/<str:period>/", views.CycleDetailView.as_view(), name="cycle"),
    path("cycles/<str:period>/progress/", views.CycleProgressView.as_view(), name="cycle-progress"),
    path("cycles/<str:period>/publish/", views.CyclePublishView.as_view(), name="cycle-publish"),
    path("cycles/<str:period>/reopen/", views.CycleReopenView.as_view(), name="cycle-reopen"),
    path("cycles/<str:period>/tiers/", views.CycleApplyTierChangesView.as_view(), name="cycle-apply-tiers"),
    path("cycles/<str:period>/manual/", views.ManualValuesView.as_view(), name="manual-values"),
    path("periods/", views.PeriodEvaluationListView.as_view(), name="period-list"),
    path("periods/run/", views.PeriodEvaluationRunView.as_view(), name="period-run"),
    path("periods/<str:label>/", views.PeriodEvaluationDetailView.as_view(), name="period"),
    path("periods/<str:label>/progress/", views.PeriodEvaluationProgressView.as_view(), name="period-progress"),
    path("periods/<str:label>/publish/", views.PeriodEvaluationPublishView.as_view(), name="period-publish"),
    path("periods/<str:label>/tiers/", views.PeriodApplyTierChangesView.as_view(), name="period-apply-tiers"),
    path("periods/<str:label>/reopen/", views.PeriodEvaluationReopenView.as_view(), name="period-reopen"),
    path("scorecards/<int:pk>/", views.ScorecardDetailView.as_view(), name="scorecard"),
    path("scorecards/<int:pk>/note/", views.ScorecardNoteView.as_view(), name="scorecard-note"),
    path("targets/", views.TargetGridView.as_view(), name="target-grid"),
    path("targets/import/", views.TargetImportView.as_view(), name="target-import"),
    path("targets/partner/<int:pk>/", views.PartnerTargetsView.as_view(), name="partner-targets"),
    path("templates/", views.TemplateListView.as_view(), name="template-list"),
    path("templates/new/", views.TemplateEditView.as_view(), name="template-create"),
    path("templates/<int:pk>/", views.TemplateEditView.as_view(), name="template-edit"),
]
