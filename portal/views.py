from __future__ import annotations

import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from . import outage, pagecache, selectors, services, two_factor
from .csrf import csrf_protect_null_origin
from .forms import (
    AccountForm,
    InviteForm,
    MembershipForm,
    OneTimeCodeForm,
    PartnerOrganisationForm,
    PlaceForm,
    VerifyCodeForm,
)
from .health import health_report
from .models import Membership, Municipality, Place, Role, User
from .scoping import municipality_view
from .sections import internal_sections, public_sections


def home(request: HttpRequest) -> HttpResponse:
    """Rendered once per change for residents (portal/pagecache.py)."""

    def render_page() -> HttpResponse:
        return render(request, "portal/home.html", {"municipalities": selectors.municipality_list_public()})

    return pagecache.public_page(request, ("home", get_language()), render_page)


def municipality_public(request: HttpRequest, slug: str) -> HttpResponse:
    """Rendered once per change and day (an agreement comes into force on a
    date) for residents."""

    def render_page() -> HttpResponse:
        municipality = get_object_or_404(Municipality, slug=slug)
        context = {
            "municipality": municipality,
            "organisations": selectors.organisation_list_for_municipality(municipality=municipality),
            "sections": public_sections(request, municipality),
        }
        return render(request, "portal/municipality_public.html", context)

    key = ("municipality-public", slug, get_language(), timezone.localdate().isoformat())
    return pagecache.public_page(request, key, render_page)


@login_required
def my_municipalities(request: HttpRequest) -> HttpResponse:
    memberships = list(selectors.membership_list_for_user(user=request.user))
    if len(memberships) == 1 and request.GET.get("all") is None:
        return redirect("portal:municipality-home", municipality_slug=memberships[0].municipality.slug)
    return render(request, "portal/my_municipalities.html", {"memberships": memberships})


@municipality_view()
def municipality_home(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality
    context = {
        "sections": internal_sections(request, municipality),
        "members": selectors.member_list_for_municipality(municipality=municipality),
    }
    return render(request, "portal/municipality_home.html", context)


@municipality_view()
def place_list(request: HttpRequest) -> HttpResponse:
    places = selectors.place_list_for_municipality(municipality=request.municipality)
    page = Paginator(places, 50).get_page(request.GET.get("page"))
    return render(request, "portal/place_list.html", {"page_obj": page})


@municipality_view(Role.COORDINATOR)
def place_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    place = None
    if pk is not None:
        place = get_object_or_404(Place.objects.for_municipality(request.municipality), pk=pk)
    form = PlaceForm(request.POST or None, instance=place, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        services.place_save(place=form.instance, actor=request.user)
        messages.success(request, _("The place “%(name)s” was saved.") % {"name": form.instance.name})
        return redirect("portal:place-list", municipality_slug=request.municipality.slug)
    return render(request, "portal/place_form.html", {"form": form, "place": place})


@municipality_view(Role.COORDINATOR)
def partner_organisation_add(request: HttpRequest) -> HttpResponse:
    form = PartnerOrganisationForm(request.POST or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        organisation = services.partner_organisation_add(
            municipality=request.municipality, actor=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            _("%(name)s now takes part in %(municipality)s and can be invited, be a party and own actions.")
            % {"name": organisation.name, "municipality": request.municipality.name},
        )
        return redirect("portal:member-list", municipality_slug=request.municipality.slug)
    return render(request, "portal/partner_organisation_form.html", {"form": form})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_update(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your account was saved."))
        response = redirect("portal:account")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            request.user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
    memberships = selectors.membership_list_for_user(user=request.user)
    context = {"form": form, "memberships": memberships, "two_factor_on": two_factor.has_device(request.user)}
    return render(request, "portal/account.html", context)


@require_POST
@csrf_protect_null_origin
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language, which also remembers the choice on the account.
    It is posted from every page, including the residents' tip pages that
    send no Referer (hence the null-origin CSRF check)."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(language):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return set_language(request)


def health(request: HttpRequest) -> HttpResponse:
    """The state of each part the portal needs, for a load balancer: 503
    when a required one (database, cache, broker) is down."""
    report = health_report()
    response = JsonResponse(report, status=200 if report["status"] == "ok" else 503)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # a probe every few seconds must not log an error each time
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage noticed anywhere is a calm 503 (see portal/outage.py)."""
    error = sys.exc_info()[1]
    if outage.is_database_error(error):
        return outage.response_for(request, error)
    return defaults.server_error(request)


@municipality_view()
def member_list(request: HttpRequest) -> HttpResponse:
    members = selectors.member_list_for_municipality(municipality=request.municipality)
    return render(request, "portal/member_list.html", {"members": members})


@municipality_view(Role.COORDINATOR)
def member_invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_invite(
                municipality=request.municipality, actor=request.user, **form.cleaned_data
            )
        except services.MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s was added.") % {"name": membership.user})
            return redirect("portal:member-list", municipality_slug=request.municipality.slug)
    return render(request, "portal/member_invite.html", {"form": form})


def _membership(request: HttpRequest, pk: int) -> Membership:
    memberships = Membership.objects.filter(municipality=request.municipality).select_related("user", "organisation")
    return get_object_or_404(memberships, pk=pk)


@municipality_view(Role.COORDINATOR)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=_membership(request, pk), actor=request.user, **form.cleaned_data)
        except services.MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The membership was saved."))
            return redirect("portal:member-list", municipality_slug=request.municipality.slug)
    return render(request, "portal/member_edit.html", {"form": form, "membership": membership})


@municipality_view(Role.COORDINATOR)
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, actor=request.user)
        except services.MembershipError as exc:
            error = str(exc)
        else:
            messages.success(request, _("%(name)s no longer takes part.") % {"name": membership.user})
            return redirect("portal:member-list", municipality_slug=request.municipality.slug)
    return render(request, "portal/member_remove.html", {"membership": membership, "error": error})


@require_POST
@municipality_view(Role.COORDINATOR)
def member_resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    try:
        services.membership_resend_invitation(membership=membership, actor=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The invitation to %(name)s was sent again.") % {"name": membership.user})
    return redirect("portal:member-list", municipality_slug=request.municipality.slug)


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """Choosing a password through an emailed link proves the address."""

    def form_valid(self, form):
        response = super().form_valid(form)
        User.objects.filter(pk=form.user.pk).update(email_verified=True)
        return response


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure())
    return candidate if allowed and candidate else reverse("portal:my-municipalities")


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Turn two-factor login on (scan, confirm a code) or off (a code again)."""
    form = OneTimeCodeForm(request.POST or None)
    if two_factor.has_device(request.user):
        if request.method == "POST" and form.is_valid():
            if two_factor.disable(user=request.user, token=form.cleaned_data["code"]):
                messages.success(request, _("Two-factor login is turned off."))
                return redirect("portal:account")
            form.add_error("code", _("The code is wrong or has expired. Try the next one."))
        context = {"form": form, "recovery_left": two_factor.recovery_codes_left(request.user)}
        return render(request, "portal/two_factor_enabled.html", context)
    device = two_factor.pending_device(request.user)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm(request=request, device=device, token=form.cleaned_data["code"]):
            messages.success(request, _("Two-factor login is turned on."))
            return _show_recovery_codes(request, two_factor.recovery_codes_generate(user=request.user))
        form.add_error("code", _("The code is wrong or has expired. Try the next one."))
    context = {
        "form": form,
        "qr": two_factor.qr_data_uri(device),
        "secret": two_factor.secret_of(device),
        "required": two_factor.required_for(request.user),
        "next": _next_url(request),
    }
    return render(request, "portal/two_factor_setup.html", context)


def _show_recovery_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """The only time the recovery codes are shown; never cached."""
    response = render(request, "portal/two_factor_recovery_codes.html", {"codes": codes, "next": _next_url(request)})
    response["Cache-Control"] = "no-store, private"
    return response


@require_POST
@login_required
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, replacing the old ones (a verified session only:
    the middleware guards this page)."""
    if not two_factor.has_device(request.user):
        return redirect("portal:two-factor-setup")
    return _show_recovery_codes(request, two_factor.recovery_codes_generate(user=request.user))


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    form = VerifyCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request=request, token=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", _("The code is wrong or has expired. Try the next one."))
    return render(request, "portal/two_factor_verify.html", {"form": form, "next": _next_url(request)})
