from django.urls import path

from . import public_views, views

app_name = "walks"

INTERNAL = "intern/<slug:municipality_slug>/vandringar"
PUBLIC = "kommun/<slug:slug>/vandringar"

urlpatterns = [
    path(f"{INTERNAL}/", views.walk_list, name="walk-list"),
    path(f"{INTERNAL}/ny/", views.walk_edit, name="walk-create"),
    path(f"{INTERNAL}/<int:pk>/", views.walk_detail, name="walk-detail"),
    path(f"{INTERNAL}/<int:pk>/andra/", views.walk_edit, name="walk-edit"),
    path(f"{INTERNAL}/<int:pk>/fynd/", views.finding_create, name="finding-create"),
    path(f"{INTERNAL}/<int:pk>/genomford/", views.walk_hold, name="walk-hold"),
    path(f"{INTERNAL}/<int:pk>/rapport/", views.walk_report, name="walk-report"),
    path(f"{INTERNAL}/fynd/<int:pk>/atgard/", views.finding_action, name="finding-action"),
    path(f"{INTERNAL}/foto/<int:pk>/", views.finding_photo, name="finding-photo"),
    path(f"{PUBLIC}/<int:pk>/", public_views.walk_detail, name="public-walk-detail"),
    path(f"{PUBLIC}/foto/<int:pk>/", public_views.walk_photo, name="public-walk-photo"),
    path(f"{PUBLIC}/delta/<str:token>/", public_views.resident_finding, name="public-resident-finding"),
    path(f"{PUBLIC}/<int:pk>/folj/", public_views.walk_follow, name="public-walk-follow"),
    path(f"{PUBLIC}/folj/bekrafta/<str:token>/", public_views.follow_confirm, name="public-follow-confirm"),
    path(f"{PUBLIC}/folj/avsluta/<str:token>/", public_views.unfollow, name="public-unfollow"),
]
