"""`{% pledge_walks pledge %}`: the reports of walks that fulfil a pledge's
commitments, for the pledge's public page (one include line there)."""

from __future__ import annotations

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("walks/public/pledge_walks.html")
def pledge_walks(pledge) -> dict:
    return {"walks": selectors.walk_list_for_pledge(pledge=pledge), "municipality": pledge.municipality}
