from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.models import Municipality, Role
from portal.scoping import municipality_view

from . import selectors, services, text
from .forms import LegalPageForm
from .models import Identity, Kind

FAVICON = settings.BASE_DIR / "static" / "favicon.ico"
URL_NAMES = {Kind.PRIVACY: "privacy", Kind.ACCESSIBILITY: "accessibility", Kind.CONTACT: "contact"}


def page(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    current = selectors.legal_page_current(municipality, kind)
    context = {"municipality": municipality, "legal": current, "body": text.render(current.body)}
    return render(request, "legal/page.html", context)


def overview(request: HttpRequest) -> HttpResponse:
    municipalities = Municipality.objects.only("name", "slug")
    return render(request, "legal/overview.html", {"municipalities": municipalities})


@municipality_view(Role.COORDINATOR)
def page_list(request: HttpRequest) -> HttpResponse:
    pages = [(selectors.legal_page_current(request.municipality, kind), URL_NAMES[kind]) for kind in Kind.values]
    return render(request, "legal/page_list.html", {"pages": pages})


@municipality_view(Role.COORDINATOR)
def page_edit(request: HttpRequest, kind: str) -> HttpResponse:
    current = selectors.legal_page_current(request.municipality, kind)
    data = request.POST if request.method == "POST" else None
    form = LegalPageForm(data, initial={"body": current.body, "language": current.language})
    if request.method == "POST" and form.is_valid():
        services.legal_page_publish(
            municipality=request.municipality, kind=kind, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("The new version is published."))
        return redirect(f"legal:{URL_NAMES[kind]}-edit", municipality_slug=request.municipality.slug)
    history = selectors.legal_page_history(request.municipality, kind)
    context = {"form": form, "legal": current, "history": history, "public_name": f"legal:{URL_NAMES[kind]}"}
    return render(request, "legal/page_edit.html", context)


ROBOTS = """\
User-agent: *
Disallow: /intern/
Disallow: /konto/
Disallow: /admin/
Disallow: /tips/uppfoljning/visa/
Disallow: /kommun/*/tipsa/kvitto/
"""


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Residents' receipts and follow-up threads are never indexed (their pages
    also say noindex). The empty follow-up form may be found by a search."""
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def logo(request: HttpRequest, slug: str) -> HttpResponse:
    identity = get_object_or_404(Identity.objects.select_related("municipality"), municipality__slug=slug)
    if not identity.logo:
        raise Http404
    response = HttpResponse(bytes(identity.logo), content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def identity_css(request: HttpRequest, slug: str) -> HttpResponse:
    """The municipality's accent colour as CSS (the policy allows no inline style)."""
    identity = get_object_or_404(Identity, municipality__slug=slug)
    css = f":root {{ --municipality-accent: {identity.accent}; --portal-accent: {identity.accent}; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=600"
    return response
