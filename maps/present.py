"""Words for the maps: the accessible names, the table's cells and the text
summary say the same thing, so a map is never the only way to read it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .svg import Spot

# The small-number rule for public pages: counts below this are shown as
# "fewer than 3", so a single event at a small place is not pointed out.
PUBLIC_MINIMUM = 3


def change_text(change: int | None) -> str:
    if change is None:
        return ""
    if change == 0:
        return "±0"
    return f"+{change}" if change > 0 else f"−{-change}"


def count_text(count: int, *, public: bool = False) -> str:
    if public and 0 < count < PUBLIC_MINIMUM:
        return _("fewer than %(minimum)s events") % {"minimum": PUBLIC_MINIMUM}
    return ngettext("%(count)s event", "%(count)s events", count) % {"count": count}


def labelled(spot: Spot, *, public: bool = False, counts: bool = True) -> Spot:
    """The spot with its label, e.g. "Alby centrum: 27 events, +3"."""
    if not counts:
        return _replace(spot, label=spot.name, count_text="")
    text = count_text(spot.count, public=public)
    change = "" if public else change_text(spot.change)
    label = f"{spot.name}: {text}" + (f", {change}" if change else "")
    return _replace(spot, label=label, count_text=text, change_text=change)


def summary(spots: list[Spot], *, top: int = 3) -> str:
    """A sentence naming the places with the most events."""
    counted = [s for s in spots if s.count]
    if not counted:
        return _("No events in the period.")
    names = "; ".join(s.label for s in counted[:top])
    return _("Most events: %(places)s.") % {"places": names}


def _replace(spot: Spot, **changes) -> Spot:
    from dataclasses import replace

    return replace(spot, **changes)
