"""The coordinators' page of e-mails that failed, of every kind
(portal/delivery.py finds the kinds): each can be sent again, or all at once
after a confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import selectors, services
from .delivery import DeliveryStatus
from .delivery import kinds as delivery_kinds
from .forms import DeliveryResendForm
from .models import Municipality, Role
from .scoping import municipality_view

PAGE_SIZE = 50


def _failed_count(municipality: Municipality) -> int:
    return sum(
        model.for_municipality(municipality).filter(status=DeliveryStatus.FAILED).count()
        for model in delivery_kinds().values()
    )


@municipality_view(Role.COORDINATOR)
def delivery_failed_list(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality
    entries = selectors.delivery_list_needing_attention(municipality=municipality)
    page_obj = Paginator(entries if entries is not None else [], PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.delivery_rows(entries=list(page_obj.object_list))
    context = {
        "page_obj": page_obj,
        "rows": [(row._meta.label_lower, row) for row in rows],
        "failed_count": _failed_count(municipality),
        "Status": DeliveryStatus,
    }
    return render(request, "portal/delivery_failed_list.html", context)


def _list_url(municipality: Municipality, page: str | None) -> str:
    url = reverse("portal:delivery-failed-list", args=[municipality.slug])
    return f"{url}?page={int(page)}" if page and page.isdigit() else url


@require_POST
@municipality_view(Role.COORDINATOR)
def delivery_resend(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality
    form = DeliveryResendForm(request.POST, municipality=municipality)
    if not form.is_valid():
        messages.error(request, _("Only an e-mail that failed can be sent again."))
    elif services.delivery_resend(delivery=form.cleaned_data["row"], municipality=municipality, actor=request.user):
        messages.success(request, _("The e-mail is being sent again."))
    else:  # sent again by someone else meanwhile
        messages.error(request, _("Only an e-mail that failed can be sent again."))
    return redirect(_list_url(municipality, request.POST.get("page")))


@municipality_view(Role.COORDINATOR)
def delivery_resend_all(request: HttpRequest) -> HttpResponse:
    """A confirmation (GET), then every failed e-mail sent again (POST)."""
    municipality = request.municipality
    if request.method == "POST":
        resent = services.deliveries_resend_failed(municipality=municipality, actor=request.user)
        messages.success(
            request,
            ngettext("%(count)d e-mail is being sent again.", "%(count)d e-mails are being sent again.", resent)
            % {"count": resent},
        )
        return redirect("portal:delivery-failed-list", municipality.slug)
    return render(request, "portal/delivery_resend_all.html", {"failed_count": _failed_count(municipality)})
