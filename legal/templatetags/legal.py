from __future__ import annotations

from django import template
from django.db.models.functions import Length

register = template.Library()


@register.inclusion_tag("legal/footer_links.html", takes_context=True)
def legal_links(context) -> dict:
    """The footer's legal links: the page's municipality's own pages, or the
    overview of all municipalities on pages that belong to none."""
    request = context.get("request")
    municipality = context.get("municipality") or getattr(request, "municipality", None)
    if not getattr(municipality, "slug", None):
        municipality = None
    return {"municipality": municipality}


@register.simple_tag(takes_context=True)
def get_identity(context):
    """The own look of the municipality whose public page this is, or None.
    Officials' pages (which carry `request.municipality`) keep the portal's
    look and spend no query on it."""
    from legal.models import Identity

    request = context.get("request")
    municipality = context.get("municipality")
    if getattr(request, "municipality", None) is not None or not getattr(municipality, "pk", None):
        return None
    cache = context.render_context
    if "legal_identity" not in cache:
        cache["legal_identity"] = (
            Identity.objects.filter(municipality=municipality)
            .select_related("municipality")
            .defer("logo")
            .annotate(logo_bytes=Length("logo"))
            .first()
        )
    return cache["legal_identity"]
