from django.urls import path

from . import public_views, views

app_name = "tips"

internal = "intern/<slug:municipality_slug>/tips"

urlpatterns = [
    path("kommun/<slug:slug>/tipsa/", public_views.tip_create, name="tip-create"),
    path("kommun/<slug:slug>/tipsa/kvitto/", public_views.tip_receipt, name="tip-receipt"),
    path("tips/uppfoljning/", public_views.follow_up, name="follow-up"),
    path("tips/uppfoljning/visa/", public_views.follow_up_recent, name="follow-up-recent"),
    path(f"{internal}/", views.tip_list, name="tip-list"),
    path(f"{internal}/export.csv", views.tip_export, name="tip-export"),
    path(f"{internal}/registrera/", views.tip_register, name="tip-register"),
    path(f"{internal}/<int:pk>/", views.tip_detail, name="tip-detail"),
    path(f"{internal}/<int:pk>/status/", views.tip_status, name="tip-status"),
    path(f"{internal}/<int:pk>/uppgifter/", views.tip_triage, name="tip-triage"),
    path(f"{internal}/<int:pk>/meddelande/", views.tip_message, name="tip-message"),
    path(f"{internal}/<int:pk>/sekretessprovning/", views.tip_review, name="tip-review"),
    path(f"{internal}/<int:pk>/dela/", views.tip_share, name="tip-share"),
    path(f"{internal}/<int:pk>/dela/<int:organisation_pk>/sluta/", views.tip_unshare, name="tip-unshare"),
    path(f"{internal}/<int:pk>/bilder/<int:photo_pk>/", views.tip_photo, name="tip-photo"),
    path(f"{internal}/installningar/", views.tip_settings, name="tip-settings"),
    path(f"{internal}/svarsmallar/", views.reply_template_list, name="reply-template-list"),
    path(f"{internal}/svarsmallar/ny/", views.reply_template_edit, name="reply-template-create"),
    path(f"{internal}/svarsmallar/<int:pk>/", views.reply_template_edit, name="reply-template-edit"),
    path(f"{internal}/svarsmallar/<int:pk>/ta-bort/", views.reply_template_delete, name="reply-template-delete"),
]
