from .sections import nav_links


def portal(request) -> dict:
    """The current municipality's navigation and the languages of the switch,
    for the base template."""
    from .languages import language_codes

    context = {"offered_languages": getattr(request, "switch_languages", None) or language_codes()}
    membership = getattr(request, "membership", None)
    if membership is not None:
        context["municipality_nav"] = nav_links(membership)
    return context
