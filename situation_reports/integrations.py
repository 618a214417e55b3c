"""Where the weekly report meets the tips app.

situation_reports may import tips; tips never imports situation_reports.
"""

from __future__ import annotations

from typing import Any

from portal.models import Municipality, Place


def dashboard_tip_counts(municipality: Municipality) -> dict[str, Any]:
    return {"tips_new": None, "tips_url": None}


def place_tips(place: Place) -> dict[str, Any]:
    return {"tips": None}
