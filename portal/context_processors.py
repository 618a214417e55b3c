from .sections import nav_links


def portal(request) -> dict:
    """The current municipality's navigation, for the base template."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    return {"municipality_nav": nav_links(membership)}
