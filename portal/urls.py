from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import delivery_views, views
from .forms import LoginForm

handler500 = "portal.views.server_error"

admin.site.site_header = _("Trygghetsportalen – administration")
admin.site.site_title = _("Trygghetsportalen")

portal_patterns = [
    path("", views.home, name="home"),
    path("kommun/<slug:slug>/", views.municipality_public, name="municipality-public"),
    path("intern/", views.my_municipalities, name="my-municipalities"),
    path("intern/<slug:municipality_slug>/", views.municipality_home, name="municipality-home"),
    path("intern/<slug:municipality_slug>/platser/", views.place_list, name="place-list"),
    path(
        "intern/<slug:municipality_slug>/organisationer/ny/",
        views.partner_organisation_add,
        name="partner-organisation-add",
    ),
    path("intern/<slug:municipality_slug>/platser/ny/", views.place_edit, name="place-create"),
    path("intern/<slug:municipality_slug>/platser/<int:pk>/", views.place_edit, name="place-edit"),
    path("intern/<slug:municipality_slug>/sprak/", views.resident_languages, name="resident-languages"),
    path("intern/<slug:municipality_slug>/deltagare/", views.member_list, name="member-list"),
    path("intern/<slug:municipality_slug>/deltagare/bjud-in/", views.member_invite, name="member-invite"),
    path("intern/<slug:municipality_slug>/deltagare/<int:pk>/", views.member_edit, name="member-edit"),
    path("intern/<slug:municipality_slug>/deltagare/<int:pk>/ta-bort/", views.member_remove, name="member-remove"),
    path(
        "intern/<slug:municipality_slug>/deltagare/<int:pk>/bjud-in-igen/",
        views.member_resend_invitation,
        name="member-resend-invitation",
    ),
    path("intern/<slug:municipality_slug>/utskick/", delivery_views.delivery_failed_list, name="delivery-failed-list"),
    path(
        "intern/<slug:municipality_slug>/utskick/skicka-igen/", delivery_views.delivery_resend, name="delivery-resend"
    ),
    path(
        "intern/<slug:municipality_slug>/utskick/skicka-igen-alla/",
        delivery_views.delivery_resend_all,
        name="delivery-resend-all",
    ),
    path("konto/", views.account, name="account"),
    path("konto/tvafaktor/", views.two_factor_setup, name="two-factor-setup"),
    path("konto/tvafaktor/verifiera/", views.two_factor_verify, name="two-factor-verify"),
    path("konto/tvafaktor/reservkoder/", views.two_factor_recovery_codes, name="two-factor-recovery-codes"),
    path("sprak/", views.language_switch, name="language-switch"),
    path("halsa/", views.health, name="health"),
]

account_patterns = [
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/losenord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/losenord/klart/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "konto/aterstall/",
        auth_views.PasswordResetView.as_view(email_template_name="registration/password_reset_email.txt"),
        name="password_reset",
    ),
    path("konto/aterstall/skickat/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "konto/aterstall/<uidb64>/<token>/",
        views.InvitationAcceptView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    *account_patterns,
    path("", include("agreements.urls")),
    path("", include("tips.urls")),
    path("", include("situation_reports.urls")),
    path("", include("legal.urls")),
    path("", include("walks.urls")),
    path("admin/", admin.site.urls),
]
