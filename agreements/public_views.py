"""Residents' pages: signed agreements and published pledges, and following
a pledge by email. Nothing unpublished or internal is reachable here."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import ratelimit
from portal.languages import current_language
from portal.models import Municipality
from portal.shortcuts import or_404

from . import mail, selectors, services
from .forms import FollowForm
from .models import Agreement, CitizenPledge
from .views import _pdf_response

FOLLOW_WINDOW = 600  # seconds over which AGREEMENTS_FOLLOW_LIMIT counts


def _signed_agreement(municipality: Municipality, pk: int) -> Agreement:
    """Signed agreements are public documents; drafts are not."""
    agreement = get_object_or_404(Agreement.objects.for_municipality(municipality).signed(), pk=pk)
    return selectors.agreement_get(municipality=municipality, pk=agreement.pk)


def agreement_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    agreement = _signed_agreement(municipality, pk)
    pledges = [pledge for pledge in agreement.pledges.all() if pledge.is_published]
    context = {"municipality": municipality, "agreement": agreement, "pledges": pledges}
    return render(request, "agreements/public/agreement_detail.html", context)


def agreement_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    agreement = get_object_or_404(Agreement.objects.for_municipality(municipality).signed(), pk=pk)
    return _pdf_response(agreement)


def pledge_detail(request: HttpRequest, slug: str, pk: int, follow_form: FollowForm | None = None) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    pledge = or_404(selectors.pledge_get_public(municipality=municipality, pk=pk))
    areas = [selectors.focus_area_progress(focus_area=area) for area in pledge.focus_areas.all()]
    context = {
        "municipality": municipality,
        "pledge": pledge,
        "areas": areas,
        "follow_form": follow_form or FollowForm(),
        "today": timezone.localdate(),
    }
    return render(request, "agreements/public/pledge_detail.html", context, status=400 if follow_form else 200)


def _too_many(request: HttpRequest) -> bool:
    key = ratelimit.client_key(request, purpose="agreements.follow")
    return ratelimit.hit("agreements:follow", key, window=FOLLOW_WINDOW) > settings.AGREEMENTS_FOLLOW_LIMIT


@require_POST
def pledge_follow(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    pledge = get_object_or_404(CitizenPledge.objects.for_municipality(municipality).published(), pk=pk)
    if _too_many(request):
        return render(request, "agreements/public/follow_limited.html", {"municipality": municipality}, status=429)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return pledge_detail(request, slug, pk, follow_form=form)
    services.follower_subscribe(pledge=pledge, email=form.cleaned_data["email"], language=current_language())
    # The same answer whether or not the address already follows the pledge.
    messages.success(
        request,
        _("Check your inbox: we have sent a link to confirm that you want to follow this pledge."),
    )
    return redirect("agreements:public-pledge-detail", slug=slug, pk=pk)


def _follower_or_404(slug: str, token: str, salt: str):
    follower = mail.follower_from_token(token, salt)
    if follower is None or follower.pledge.municipality.slug != slug:
        return None
    return follower


def follow_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links must
    not confirm on the resident's behalf."""
    municipality = get_object_or_404(Municipality, slug=slug)
    follower = _follower_or_404(slug, token, mail.CONFIRM_SALT)
    context = {"municipality": municipality, "follower": follower, "done": False}
    if follower is not None and request.method == "POST":
        services.follower_confirm(follower=follower)
        context["done"] = True
    status = 200 if follower is not None else 404
    return render(request, "agreements/public/follow_confirm.html", context, status=status)


def unfollow(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    follower = _follower_or_404(slug, token, mail.UNSUBSCRIBE_SALT)
    context = {"municipality": municipality, "follower": follower, "done": False}
    if request.method == "POST":
        if follower is not None:
            context["pledge"] = follower.pledge
            services.follower_unsubscribe(follower=follower)
        # An already spent link still answers "you no longer follow it".
        context["done"] = True
        return render(request, "agreements/public/unfollow.html", context)
    status = 200 if follower is not None else 404
    return render(request, "agreements/public/unfollow.html", context, status=status)
