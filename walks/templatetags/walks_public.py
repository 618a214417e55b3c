"""`{% pledge_walks pledge %}`: the reports of walks that fulfil a pledge's
commitments, for the pledge's public page (one include line there)."""

from __future__ import annotations

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("walks/public/pledge_walks.html")
def pledge_walks(pledge) -> dict:
    return {"walks": selectors.walk_list_for_pledge(pledge=pledge), "municipality": pledge.municipality}


@register.inclusion_tag("walks/public/_route_map.html")
def walk_route(walk) -> dict:
    """`{% walk_route walk %}`: the route drawn on the map, with its list."""
    from ..route import route_context

    return route_context(walk)
