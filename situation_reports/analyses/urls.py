"""Period analyses and the annual situation picture and action plan.
Included by `situation_reports.urls`, so the names stay in its namespace."""

from django.urls import path

from . import views

ANALYSES = "intern/<slug:municipality_slug>/analyser/"
PLANS = "intern/<slug:municipality_slug>/lagesbild-och-atgardsplan/"

urlpatterns = [
    path(ANALYSES, views.analysis_list, name="analysis-list"),
    path(f"{ANALYSES}ny/", views.analysis_create, name="analysis-create"),
    path(f"{ANALYSES}<int:pk>/", views.analysis_detail, name="analysis-detail"),
    path(f"{ANALYSES}<int:pk>/redigera/", views.analysis_edit, name="analysis-edit"),
    path(f"{ANALYSES}<int:pk>/godkann/", views.analysis_approve, name="analysis-approve"),
    path(f"{ANALYSES}<int:pk>/ta-bort/", views.analysis_delete, name="analysis-delete"),
    path(f"{ANALYSES}<int:pk>/kopplingar/ny/", views.link_edit, name="analysis-link-create"),
    path(f"{ANALYSES}<int:pk>/kopplingar/<int:link_pk>/", views.link_edit, name="analysis-link-edit"),
    path(f"{ANALYSES}<int:pk>/kopplingar/<int:link_pk>/ta-bort/", views.link_delete, name="analysis-link-delete"),
    path(f"{PLANS}ny/", views.plan_create, name="plan-create"),
    path(f"{PLANS}<int:pk>/", views.plan_detail, name="plan-detail"),
    path(f"{PLANS}<int:pk>/redigera/", views.plan_edit, name="plan-edit"),
    path(f"{PLANS}<int:pk>/godkann/", views.plan_approve, name="plan-approve"),
    path(f"{PLANS}<int:pk>/ta-bort/", views.plan_delete, name="plan-delete"),
    path(f"{PLANS}<int:pk>/utskrift/", views.plan_print, name="plan-print"),
    path(f"{PLANS}<int:pk>/pdf/", views.plan_pdf, name="plan-pdf"),
]
