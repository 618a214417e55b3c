"""The dashboard's figures of recent weeks, kept under those weeks' versions.

Hot spots (eight weeks), the trend per category and the weekday table
(twelve weeks each) read only observations of reports in the last twelve
weeks, their places and their categories. Every write to a week's
observations bumps its report's version (versions.py), a new or deleted
report changes the set of reports, and renamed places and categories
replace their tokens (portal/pagecache.py): the figures are kept under
all of these, with the week and the language, so a kept copy is never
stale. One small query reads the reports' versions; a hit saves the four
aggregates over the municipality's ~6,000 recent observations.

A cache that is down or frozen costs a miss: the figures are read as usual.
"""

from __future__ import annotations

import hashlib

from django.utils.translation import get_language

from portal import pagecache
from portal.models import Municipality

from . import selectors
from .models import WeeklyReport
from .weeks import IsoWeek

WEEKS = max(selectors.TREND_WEEKS, 2 * selectors.HOT_SPOT_WINDOW, 12)
KEPT_SECONDS = 6 * 3600


def recent(*, municipality: Municipality, week: IsoWeek) -> dict:
    """{"hot_spots", "trend", "weekday_time"} of the WEEKS weeks up to `week`."""
    key = _key(municipality, week)
    figures = pagecache.kept_get(key)
    if figures is None:
        figures = {
            "hot_spots": selectors.hot_spots(municipalities=[municipality], week=week).get(municipality.pk, []),
            "trend": selectors.category_trend(municipalities=[municipality], week=week)[municipality.pk],
            "weekday_time": selectors.weekday_time_recent(municipality=municipality, week=week),
        }
        pagecache.kept_set(key, figures, timeout=KEPT_SECONDS)
    return figures


def _key(municipality: Municipality, week: IsoWeek) -> str | None:
    tokens = pagecache.versions(f"places:{municipality.pk}", "categories")
    if tokens is None:
        return None
    reports = list(
        WeeklyReport.objects.filter(
            municipality=municipality,
            week_start__gte=week.shifted(-(WEEKS - 1)).monday,
            week_start__lte=week.monday,
        )
        .order_by("pk")
        .values_list("pk", "version")
    )
    parts = (municipality.pk, week.year, week.week, get_language(), tokens, reports)
    return "figures:" + hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()
