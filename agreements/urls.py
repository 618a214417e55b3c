from django.urls import path

from . import public_views, views

app_name = "agreements"

INTERNAL = "intern/<slug:municipality_slug>"
PUBLIC = "kommun/<slug:slug>"

urlpatterns = [
    path(f"{INTERNAL}/overenskommelser/", views.agreement_list, name="agreement-list"),
    path(f"{INTERNAL}/overenskommelser/ny/", views.agreement_edit, name="agreement-create"),
    path(f"{INTERNAL}/overenskommelser/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path(f"{INTERNAL}/overenskommelser/<int:pk>/andra/", views.agreement_edit, name="agreement-edit"),
    path(f"{INTERNAL}/overenskommelser/<int:pk>/dokument/", views.agreement_pdf, name="agreement-pdf"),
    path(f"{INTERNAL}/medborgarloften/", views.pledge_list, name="pledge-list"),
    path(f"{INTERNAL}/medborgarloften/ny/", views.pledge_edit, name="pledge-create"),
    path(f"{INTERNAL}/medborgarloften/<int:pk>/", views.pledge_detail, name="pledge-detail"),
    path(f"{INTERNAL}/medborgarloften/<int:pk>/andra/", views.pledge_edit, name="pledge-edit"),
    path(
        f"{INTERNAL}/medborgarloften/<int:pk>/fokusomraden/<int:area_pk>/ataganden/",
        views.commitments_edit,
        name="commitments-edit",
    ),
    path(f"{INTERNAL}/medborgarloften/<int:pk>/publicera/", views.pledge_publish, name="pledge-publish"),
    path(f"{INTERNAL}/medborgarloften/<int:pk>/utvardering/", views.evaluation_edit, name="evaluation-edit"),
    path(f"{INTERNAL}/medborgarloften/<int:pk>/nasta-period/", views.pledge_next_period, name="pledge-next-period"),
    path(f"{INTERNAL}/ataganden/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path(f"{INTERNAL}/ataganden/forfallande/", views.commitment_due_list, name="commitment-due"),
    path(
        f"{INTERNAL}/lagesuppdateringar/<int:pk>/ratta/",
        views.progress_update_correct,
        name="progress-update-correct",
    ),
    path("intern/ataganden/forfallande/", views.commitment_due_list_all, name="commitment-due-all"),
    path(f"{PUBLIC}/overenskommelser/<int:pk>/", public_views.agreement_detail, name="public-agreement-detail"),
    path(f"{PUBLIC}/overenskommelser/<int:pk>/dokument/", public_views.agreement_pdf, name="public-agreement-pdf"),
    path(f"{PUBLIC}/medborgarloften/<int:pk>/", public_views.pledge_detail, name="public-pledge-detail"),
    path(f"{PUBLIC}/medborgarloften/<int:pk>/folj/", public_views.pledge_follow, name="public-pledge-follow"),
    path(f"{PUBLIC}/folj/bekrafta/<str:token>/", public_views.follow_confirm, name="public-follow-confirm"),
    path(f"{PUBLIC}/folj/avsluta/<str:token>/", public_views.unfollow, name="public-unfollow"),
]
