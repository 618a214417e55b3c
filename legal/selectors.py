from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from portal.models import Municipality

from .defaults import default_body
from .models import LegalPage


def legal_page_current(municipality: Municipality, kind: str) -> LegalPage:
    """The newest published version, or the unsaved default (version 0)."""
    page = LegalPage.objects.for_municipality(municipality).filter(kind=kind).first()
    if page is not None:
        return page
    contact_url = reverse("legal:contact", kwargs={"slug": municipality.slug})
    body = default_body(municipality, kind, contact_url=contact_url)
    return LegalPage(municipality=municipality, kind=kind, version=0, body=body, language="sv")


def legal_page_history(municipality: Municipality, kind: str) -> QuerySet[LegalPage]:
    return LegalPage.objects.for_municipality(municipality).filter(kind=kind).select_related("changed_by")
