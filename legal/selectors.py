from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from portal.models import Municipality

from .defaults import default_body
from .models import LegalPage


def legal_page_current(municipality: Municipality, kind: str, language: str | None = None) -> LegalPage:
    """The newest published version in `language` (Swedish, the default
    language, when None), else the newest Swedish one, else the unsaved
    default (version 0, Swedish). The caller compares `page.language` with
    the language it asked for to tell the reader the page is not in theirs."""
    pages = LegalPage.objects.for_municipality(municipality).filter(kind=kind)
    for code in dict.fromkeys([language or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE]):
        page = pages.filter(language=code).first()
        if page is not None:
            return page
    contact_url = reverse("legal:contact", kwargs={"slug": municipality.slug})
    body = default_body(municipality, kind, contact_url=contact_url)
    return LegalPage(municipality=municipality, kind=kind, version=0, body=body, language=settings.LANGUAGE_CODE)


def legal_page_history(municipality: Municipality, kind: str) -> QuerySet[LegalPage]:
    return LegalPage.objects.for_municipality(municipality).filter(kind=kind).select_related("changed_by")
