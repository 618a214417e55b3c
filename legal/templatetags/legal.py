from __future__ import annotations

from django import template

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
